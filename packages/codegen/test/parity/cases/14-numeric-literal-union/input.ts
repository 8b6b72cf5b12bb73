/** Rolls a die. */
export function roll(weight: 0.25 | 0.5 | 0.75, sides: 4 | 6 | 8 | 20 = 6, bonus: -1 | 0 | 1 = 0): number {
  return Math.ceil(Math.random() * sides * weight) + bonus;
}
