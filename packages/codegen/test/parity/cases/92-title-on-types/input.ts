/**
 * A point on the plane.
 * @title Point2D
 */
export interface Pt {
  x: number;
  y: number;
}

/** @title Size in pixels */
export type Size = { width: number; height: number };

/** Moves a point by a size. */
export function move(point: Pt, by: Size): string {
  return `${point.x + by.width},${point.y + by.height}`;
}
