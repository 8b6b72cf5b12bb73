import type { Int } from "@toolsmith/runtime";

/** Shifts a position. */
export function shift(position: number, delta: number = -2.5, floor: Int = -10, origin: number = 0, limit: number = 1000000): number {
  return Math.min(limit, Math.max(floor, position + delta - origin));
}
