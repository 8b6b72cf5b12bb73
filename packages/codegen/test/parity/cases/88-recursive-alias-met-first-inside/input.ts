export interface Branch {
  label: string;
  children: Tree[];
  graftedOnto?: Tree;
  parent: Tree | null;
}

export type Tree = string | Branch;

export interface Forest {
  root: Branch;
  spare?: Tree;
}

/** Grafts a branch onto a tree. */
export function graft(branch: Branch, onto: Tree): string {
  return `${branch.label}:${typeof onto}`;
}

/** Plants a forest. */
export function plant(forest: Forest): string {
  return forest.root.label;
}

export type Chain = number | Link;

export interface Link {
  weight: number;
  next?: Chain;
}

export type Nest = boolean | Shell;

export interface Shell {
  inner: Nest | null;
}

/** Links a chain to a shell, reading the interfaces before their aliases. */
export function link(first: Link, shell: Shell, chain: Chain, nest: Nest): string {
  return `${first.weight}:${typeof shell.inner}:${typeof chain}:${typeof nest}`;
}
