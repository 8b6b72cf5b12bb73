import type { Int } from "@toolsmith/runtime";

/** Searches the index. */
export function search(query: string, limit?: Int, tags?: string[], fuzzy?: boolean): string {
  return `${query} ${limit ?? 10} ${tags?.join() ?? ""} ${fuzzy ?? false}`;
}
