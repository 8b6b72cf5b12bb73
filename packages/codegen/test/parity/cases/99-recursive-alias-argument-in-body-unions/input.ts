// A recursive union alias given as a generic's argument is its `$ref` wherever the body writes the
// parameter inside a union (`T | null`, `T | number`, in a record's value or a tuple's element), as it is
// written at the top level: TypeScript flattens the alias into the larger union, and the argument as
// written names it (the members came inline).

export type Json = string | Json[];

export interface Box<T> {
  value: T;
  maybe: T | null;
  more: T | number;
  keyed: Record<string, T | null>;
  pair: [T | null, number];
}

/** Boxes a JSON-like value. */
export function box(boxed: Box<Json>): string {
  return JSON.stringify(boxed);
}
