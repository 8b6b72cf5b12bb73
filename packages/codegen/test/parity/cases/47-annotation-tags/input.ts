import type { Int } from "@toolsmith/runtime";

export interface Query {
  /** @default 10 */
  limit?: Int;
  /** @deprecated Use `terms` instead. */
  text?: string;
  /**
   * @example ["cat", "dog"]
   * @example ["fish"]
   */
  terms: string[];
  /** @title Sort Order */
  sort: "asc" | "desc";
}

/** Runs a query against a region. */
export function runQuery(
  query: Query,
  /** @example "eu-west" */
  region: string,
  /** @deprecated */
  legacy?: boolean,
  /** @default 3 */
  retries?: Int,
  /** @title Dry Run? */
  dryRun: boolean = false,
): string {
  return `${query.sort} ${region} ${legacy ?? false} ${retries ?? 3} ${dryRun}`;
}
