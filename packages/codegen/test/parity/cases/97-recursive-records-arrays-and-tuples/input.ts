// Records, arrays and tuples that reach themselves through the alias or interface that names them:
// written inline, they never ended (a stack overflow); in Python only a `TypeAliasType` writes one, and
// pydantic makes a `$defs` entry of it, referred to wherever it is met, as for a recursive union (D14).

export type Json = { [key: string]: Json | number };

export interface Tree {
  [key: string]: Tree;
}

export type Nested = Nested[];

export type Chain = [Chain | null, number];

export interface Flags extends Record<string, Flags | boolean> {}

/** An index signature that holds itself. */
export function record(data: Json): string {
  return JSON.stringify(data);
}

/** An interface of only an index signature, holding itself, also behind `| null`. */
export function tree(tree: Tree, again: Tree | null): string {
  return JSON.stringify([tree, again]);
}

/** An array and a tuple that hold themselves. */
export function lists(nested: Nested, chain: Chain): string {
  return JSON.stringify([nested, chain]);
}

/** An interface that extends a record holding itself, also in an array. */
export function flags(flags: Flags, many: Flags[]): string {
  return JSON.stringify([flags, many]);
}
