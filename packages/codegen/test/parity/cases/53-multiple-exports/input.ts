function twice(x: number): number {
  return x * 2;
}

/** Doubles a number. */
export function double(x: number): number {
  return twice(x);
}

/** Halves a number. */
export const half = (x: number): number => x / 2;

export const negate = function (x: number): number {
  return -x;
};

export function echo(value: string): string {
  return value;
}
