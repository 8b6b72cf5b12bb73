import type { Int } from "@toolsmith/runtime";

/** Summarises some measurements. */
export function summarise(
  values: number[],
  counts: Array<Int>,
  names: readonly string[],
  labels: ReadonlyArray<string>,
  flags: boolean[] = [true, false],
): string {
  return `${values.length} ${counts.length} ${names.length} ${labels.length} ${flags.length}`;
}
