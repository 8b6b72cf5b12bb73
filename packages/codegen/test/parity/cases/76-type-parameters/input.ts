import type { Int } from "@toolsmith/runtime";

/** Formats a date. */
export function formatDate<D extends Date = Date>(date: D, pattern: string = "yyyy-MM-dd"): string {
  return `${date.toISOString()} ${pattern}`;
}

/** Picks keys. */
export function pickKeys<K extends string, N = Int>(keys: K[], first: K, count?: N): string {
  return `${keys.join()} ${first} ${String(count)}`;
}

/** Wraps anything. */
export function wrap<T>(value: T, fallback?: T): string {
  return JSON.stringify(value ?? fallback);
}

/** Sorts by a field. */
export function sortBy<F extends "name" | "age" = "name">(field: F, descending: boolean = false): string {
  return `${field} ${descending}`;
}
