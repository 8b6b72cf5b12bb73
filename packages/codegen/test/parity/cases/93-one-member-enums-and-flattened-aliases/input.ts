export enum Region {
  EuropeWest = "europe-west",
}

export enum Color {
  Red = "red",
  Green = "green",
}

export interface Box<T> {
  value: T;
}

export interface Label {
  text: string;
}

export type Mark = "red" | Label;

export type Tree = string | Branch;

export interface Branch {
  children: Tree[];
}

export type Note = string | Draft;

export interface Draft {
  title: string;
  /** @internal */
  replies?: Note[];
}

export type AB = Record<"y" | "x", number> & { z: boolean };
export type Both = AB & { w: string };

/** Places a box. */
export function place(
  trees: Box<Tree>,
  mark: Color | Mark,
  note: Note,
  both: Both,
  region: Region | undefined,
): string {
  return JSON.stringify([region, trees, mark, note, both]);
}
