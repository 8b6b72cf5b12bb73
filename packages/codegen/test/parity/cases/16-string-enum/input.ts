/** A colour from the house palette. */
export enum Color {
  Red = "red",
  Green = "green",
  Blue = "blue",
}

/** Paints a wall, with an optional accent colour. */
export function paintWall(wall: string, color: Color, accent: Color | null): string {
  return `${wall}: ${color} / ${accent ?? "none"}`;
}
