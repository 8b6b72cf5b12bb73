import type { Int } from "@toolsmith/runtime";

/** Finds records. */
export function find(query: string | null = null, limit: Int | null = null, exact: boolean | null = null): string {
  return `${query} ${limit} ${exact}`;
}
