import type { Int } from "@toolsmith/runtime";

export interface Margins {
  top: Int;
  left: Int;
}

export interface Layout {
  width: Int;
  margins: Margins;
}

/** Prints a document with a page layout (pydantic sorts the keys of objects nested inside a default). */
export function printDocument(
  text: string,
  layout: Layout = { width: 80, margins: { top: 2, left: 4 } },
  stops: Margins[] = [{ top: 1, left: 0 }],
): string {
  return `${text.length} ${layout.width} ${layout.margins.top} ${stops.length}`;
}
