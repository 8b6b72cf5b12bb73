export interface Branch {
  label: string;
  children: Tree[];
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
