import type { Int } from "@toolsmith/runtime";

export interface RenderOptions {
  verbose: boolean;
  depth: Int;
}

/** Renders a report. */
export function render(
  tags: string[] = ["daily", "ops"],
  weights: number[] = [],
  options: RenderOptions = { verbose: true, depth: 2 },
): string {
  return `${tags.join()} ${weights.length} ${options.depth}`;
}
