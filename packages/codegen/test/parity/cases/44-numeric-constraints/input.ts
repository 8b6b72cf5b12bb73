import type { Int } from "@toolsmith/runtime";

/**
 * Lists results page by page.
 * @param ratio Share of results to sample.
 */
export function listResults(
  /**
   * @exclusiveMinimum 0
   * @exclusiveMaximum 1
   */
  ratio: number,
  /** @minimum 1 */
  page: Int = 1,
  /**
   * @minimum 1
   * @maximum 100
   */
  pageSize: Int = 20,
  /** @maximum 5 */
  retries?: Int,
): string {
  return `${ratio} ${page} ${pageSize} ${retries ?? 0}`;
}
