import type { Int } from "@toolsmith/runtime";

export interface Book {
  title: string;
  pages: Int;
}

/** Shelves a book; the openai style keeps the data key called title. */
export function shelveBook(
  book: Book = { title: "Dune", pages: 412 },
  /** @example {"title": "Emma", "pages": 474} */
  sample: Book | null = null,
  titles: string[] = ["title"],
): string {
  return `${book.title} ${sample?.title} ${titles.join()}`;
}
