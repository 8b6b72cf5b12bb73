import type { Int } from "@toolsmith/runtime";

export interface Label {
  /** @maxLength 12 */
  text: string | Int | null;
}

/** Tags an item with a code, or several. */
export function tagItem(
  /** @maxLength 3 */ code: string | Int | null,
  label: Label,
  /** @maxLength 2 */ codes: string[] | string | null = null,
): string {
  return `${code}:${label.text}:${JSON.stringify(codes)}`;
}
