import type { Int } from "@toolsmith/runtime";

export interface User {
  id: Int;
  name: string;
}

export interface Page<T> {
  items: T[];
  total: Int;
  next: string | null;
}

export type UserPage = Page<User>;

/** Imports one page of users. */
export function importUsers(page: UserPage): number {
  return page.items.length;
}
