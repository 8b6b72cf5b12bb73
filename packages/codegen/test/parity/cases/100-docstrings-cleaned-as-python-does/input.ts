// A function's and a type's description stand for docstrings, which pydantic reads through
// `inspect.cleandoc`: the indentation the later lines share goes (a JSDoc line indented past its ` * `
// kept it), tabs are columns of eight. A property's description is `Field(description=...)`, as written.

/**
 * A point on a map.
 *   Given as latitude and longitude.
 */
export interface Point {
  /**
   * Degrees north.
   *   Negative in the south.
   */
  lat: number;
  lng: number;
}

/**
 * Finds places near a point.
 *   The radius is in kilometres.
 *     Results come nearest first.
 */
export function near(point: Point, radius: number): string {
  return `${point.lat},${point.lng} ${radius}`;
}

/** Tabs	are columns of eight. */
export function tabs(text: string): string {
  return text;
}
