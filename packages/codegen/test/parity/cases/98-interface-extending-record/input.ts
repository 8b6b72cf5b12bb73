// An interface that declares nothing itself and extends `Record<K, V>` is `dict[str, V]`, with `V`'s
// union members in the order written there (they came in the checker's order: TypeScript 7 by value).

export interface Votes extends Record<string, "yes" | "no" | "abstain"> {}

/** Counts the votes. */
export function count(votes: Votes): string {
  return Object.keys(votes).join(",");
}
