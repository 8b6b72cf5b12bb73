import type { Int } from "@toolsmith/runtime";

export interface Member {
  name: string;
  score: Int;
}

/** Merges team scores. */
export function mergeScores(
  scores: Record<string, number>,
  members: Record<string, Member>,
  groups: Record<string, string[]>,
  limits: Record<string, Int> = {},
): string {
  return `${Object.keys(scores).length} ${Object.keys(members).length} ${Object.keys(groups).length} ${Object.keys(limits).length}`;
}
