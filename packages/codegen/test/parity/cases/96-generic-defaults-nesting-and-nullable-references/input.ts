// Generics written without arguments, as other generics' arguments, and behind `| null` in a body:
// - `a: Box` for `Box<T = string>` is Python's bare `Box`, which pydantic names `Box` (apart from `Box[str]`);
//   a default fills what a reference leaves out (`Labeled<"q" | "p">` spells `U` as its default `"n" | "m"`);
// - `Box<Pair<string, number>>` spells its argument as typing prints it, `Pair[str, float]`: `Box_Pair_str__float__`;
// - `deep: Holder<T> | null` in `Outer<"y" | "x">`'s body is `Holder<"y" | "x">`, its members as written.

export interface Box<T = string> {
  value: T;
}

export interface Pair<T, U> {
  a: T;
  b: U;
}

export interface Labeled<T, U = "n" | "m"> {
  item: T;
  label: U | null;
}

export interface Holder<T> {
  next: T | number;
}

export interface Outer<T> {
  deep: Holder<T> | null;
}

/** Makes the unions in value order first. */
export function first(a: "x" | "y", b: "m" | "n"): string {
  return a + b;
}

/** Boxes in every way. */
export function boxes(bare: Box, given: Box<string>, nested: Box<Pair<string, number>>, labeled: Labeled<"q" | "p">, outer: Outer<"y" | "x">): string {
  return `${bare.value}${given.value}${nested.value.a}${labeled.item}${outer.deep?.next}`;
}
