export enum Color {
  Red = "red",
  Green = "green",
  Blue = "blue",
}

/** Paints the fence. */
export function paint(coats: number, color: Color = Color.Green): string {
  return `${coats} x ${color}`;
}
