import type { Int } from "@toolsmith/runtime";

export interface Base {
  id: Int;
}

export interface User extends Base {
  name: string;
  roles: Array<"guest" | "admin">;
  beta: boolean;
}

export type Status = "open" | "done" | "blocked";
export type Sizes = 30 | 1 | 2;
type BA = "b" | "a";
const SIZES = ["s", "xl", "m"] as const;
const COLORS = { Red: "red", Blue: "blue", Green: "green" } as const;
const CODES = [3, -1, 2] as const;

/** Names User's fields and Status's values in other orders first (TypeScript 6 would keep those). */
export function touch(
  states: "blocked" | "done" | "open",
  fields: "roles" | "name" | "beta" | "id",
  size: 2 | 1 | 30,
  values: "xl" | "m" | "s" | "green" | "blue" | "red" | -1 | 2 | 3,
): string {
  return `${states} ${fields} ${size} ${values}`;
}

/** Picks a field. */
export function pickField(key: keyof User, role: User["roles"][number]): string {
  return `${key} ${role}`;
}

/** Filters by status. */
export function filterStatus(active: Exclude<Status, "done">, present: NonNullable<Status | null>, letter: BA | "c", size: Sizes): string {
  return `${active} ${present} ${letter} ${size}`;
}

/** Paints with values from `as const` declarations. */
export function paint(size: (typeof SIZES)[number], color: (typeof COLORS)[keyof typeof COLORS], colorName: keyof typeof COLORS, code: (typeof CODES)[number]): string {
  return `${size} ${color} ${colorName} ${code}`;
}

export interface Tree<T> {
  value: T;
  children: Tree<T>[];
}

/** Trees of literal values: the argument's order names the definition and orders its members. */
export function trees(tree: Tree<"b" | "a">, sized: Tree<(typeof SIZES)[number]>): string {
  return `${tree.value} ${sized.value}`;
}
