// A subset of an enum's members keeps each member's own type, as Python's `Literal[Scale.Half, Scale.Two]`
// does (1.5 a float, 2 an int: no `type`); it was typed `number` like a written `0.5 | 2`, whose faithful
// Python is `Literal[0.5, 2.0]` (a TypeScript number is a float).

export enum Scale {
  Half = 1.5,
  Two = 2,
  Three = 3,
}

/** Picks a scale. */
export function pick(mixed: Scale.Half | Scale.Two, whole: Scale.Two | Scale.Three, written: 0.5 | 2, maybe: Scale.Three | Scale.Half | null = null): string {
  return `${mixed}${whole}${written}${maybe}`;
}
