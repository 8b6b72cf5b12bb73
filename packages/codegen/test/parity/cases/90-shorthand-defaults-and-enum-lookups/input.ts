export enum Color {
  Red = "red",
  Green = "green",
}

export interface Pen {
  width: number;
  name?: string;
}

const name = "fine";
const width = 2;

/** Draws with a pen. */
export function draw(color: (typeof Color)[keyof typeof Color], pen: Pen = { width, name }, spare: Pen = { width: 1, name: name }): string {
  return `${color}:${pen.width}:${spare.width}`;
}
