// A generic's body is read from the instantiation, where the checker has put the argument's type in for
// `T`: inside a union (`T | null`, `T | number`) or an optional property, the argument's members kept the
// checker's order (by value on TypeScript 7, by creation on 6), and `Box<T>` in another generic's body was
// keyed `Box_T_`. `first` makes `"a" | "b"` before the generics meet `"b" | "a"`.

export interface Box<T> {
  value: T;
  other: T | null;
  either: T | number;
  maybe?: T;
}

export interface Outer<T> {
  inner: Box<T>;
  many: Box<T>[];
  listed: Box<T[]>;
}

/** Makes the union in value order first. */
export function first(mode: "a" | "b", side: "x" | "y"): string {
  return `${mode}${side}`;
}

/** Boxes the union as written. */
export function boxed(box: Box<"b" | "a">): string {
  return box.value;
}

/** Boxes it inside another generic. */
export function nested(outer: Outer<"y" | "x">): string {
  return outer.inner.value;
}
