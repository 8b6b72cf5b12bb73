import type { Int } from "@toolsmith/runtime";

/** Draws winners among the entrants. */
export function drawWinners(
  /**
   * @minItems 2
   * @maxItems 10
   */
  entrants: string[],
  /** @maxItems 3 */
  prizes: Array<string> = ["gold"],
  /** @minItems 1 */
  seeds?: Int[],
): string[] {
  return entrants.slice(0, prizes.length + (seeds?.length ?? 0));
}
