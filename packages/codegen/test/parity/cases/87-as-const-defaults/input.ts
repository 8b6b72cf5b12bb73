export const SIDES = { Left: "left", Right: "right" } as const;
export type Side = (typeof SIDES)[keyof typeof SIDES];

export const LIMITS = {
  page: { size: 20, max: 100 },
  retries: 3,
} as const;

/** Lays out a page. */
export function layout(
  side: Side | null = SIDES.Left,
  pageSize: number = LIMITS.page.size,
  retries: number = LIMITS.retries,
  offset: number = -LIMITS.retries,
): string {
  return `${side}:${pageSize}:${retries}:${offset}`;
}
