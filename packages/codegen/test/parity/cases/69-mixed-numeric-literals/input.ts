/** Scales an image. */
export function scale(factor: 0.5 | 1 | 2, step?: 0.25 | 1, mix: 1 | 2.5 | "auto" = "auto", whole: 1 | 2 = 1): string {
  return `${factor} ${step} ${mix} ${whole}`;
}

export interface Zoom {
  /** The zoom level. */
  level: 1 | 1.5 | 3;
  steps?: (0.5 | 2)[];
}

/** Zooms. */
export function zoom(z: Zoom, levels: (1 | 1.25)[] | null = null): string {
  return `${z.level} ${levels}`;
}
