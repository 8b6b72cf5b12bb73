import type { Int } from "@toolsmith/runtime";

/** Adds a + b */
export function sums(a: Int, b: Int = 1): Int {
  return a + b;
}
