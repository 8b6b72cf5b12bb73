/** Sorts the list. */
export function sortList(order: "asc" | "desc" | null, level: 1 | 2 | 3 | null = null): string {
  return `${order} ${level}`;
}
