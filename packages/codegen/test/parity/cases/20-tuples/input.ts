import type { Int } from "@toolsmith/runtime";

/** Moves a piece on the board. */
export function move(start: [number, number], end: readonly [number, number], tag: [Int, string, boolean]): string {
  return `${start.join()} -> ${end.join()} ${tag.join()}`;
}
