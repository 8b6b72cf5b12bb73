export interface Owner {
  name: string;
  nickname?: string | null;
}

/** Edits a ticket; each field may be left out or set to null. */
export function editTicket(id: string, note?: string | null, level?: "low" | "high" | null, owner?: Owner | null): string {
  return `${id} ${note} ${level} ${owner?.nickname}`;
}
