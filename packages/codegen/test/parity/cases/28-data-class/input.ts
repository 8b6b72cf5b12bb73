/** A point on the canvas. */
export class Point {
  /** Horizontal position, in pixels. */
  x!: number;
  y!: number;
  label?: string;
}

export class Segment {
  start!: Point;
  end!: Point;
  readonly dashed!: boolean;
}

/** Draws a segment. */
export function drawSegment(segment: Segment, origin: Point): string {
  return `${segment.start.x},${segment.end.y} from ${origin.label ?? "origin"}`;
}
