import type { Int } from "@toolsmith/runtime";

/** Scales a value by a factor, then rounds it to a number of digits. */
export function scale(value: number, factor: number, digits: Int): number {
  return Number((value * factor).toFixed(digits));
}
