export interface Player {
  name: string;
}

/** Records the matches of a round. */
export function recordRound(
  matches: [Player, Player][],
  scores: Record<string, number | null>,
  table: Record<string, Record<string, number>>,
  groups: Player[][] = [],
): string {
  return `${matches.length} ${Object.keys(scores).length} ${Object.keys(table).length} ${groups.length}`;
}
