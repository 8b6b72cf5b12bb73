export type Direction = "up" | "down";
export type Level = 3 | 1 | 2;

/** Moves a cursor. */
export function move(
  first: "down" | Direction,
  then: "down" | "left" | Direction,
  back: Direction | "down",
  level: 2 | 1 | Level,
  plain: Level,
): string {
  return `${first}${then}${back}${level}${plain}`;
}
