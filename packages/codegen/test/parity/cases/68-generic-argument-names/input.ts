import type { Int } from "@toolsmith/runtime";

export interface User {
  id: Int;
}

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export interface Pair<A, B> {
  first: A;
  second: B;
}

/** Pages of several kinds. */
export function pages(
  a: Page<User>,
  b: Page<Int>,
  c: Page<string>,
  d: Page<number>,
  e: Page<User | null>,
  f: Page<string[]>,
  g: Page<boolean>,
  h: Page<Record<string, Int>>,
  i: Page<"asc" | "desc">,
  j: Page<Page<Int>>,
): string {
  return "";
}

/** Pairs. */
export function pairs(p: Pair<string | number, Int[] | null>, q: Pair<Date, [Int, string]>, r: Pair<object, object | null>): string {
  return "";
}
