import type { Int } from "@toolsmith/runtime";

// Unrelated code that makes the checker meet these key names in another order first.
export type SortKey = "zip" | "email" | "name" | "age" | "id";
const order: SortKey[] = ["zip", "email", "name", "age", "id"];
export const firstKey = order[0];

export interface Base {
  id: Int;
  zip?: string;
}

export interface User extends Base {
  name: string;
  email: string;
  age?: Int;
}

export type Summary = Omit<User, "email">;
export type Brief = Pick<User, "name" | "id" | "zip">;
export type Editable = Partial<Omit<User, "id">>;
export type Complete = Required<Omit<User, "age">> & { note: string };

/** Saves user views. */
export function save(summary: Summary, brief: Brief, edit: Editable, complete: Complete): string {
  return `${summary.name} ${brief.id} ${edit.name} ${complete.note}`;
}
