export enum Color {
  Red = "red",
  Green = "green",
  Blue = "blue",
}

export interface Box<T> {
  value: T;
}

/** Paints boxes. */
export function paint(
  any: Box<Color | null>,
  red: Box<Color.Red>,
  warm: Box<Color.Red | Color.Green>,
  maybeRed: Box<Color.Red | null>,
  scale: Box<1.5 | 2>,
  path: Box<"a.b" | "c">,
): string {
  return JSON.stringify([any, red, warm, maybeRed, scale, path]);
}
