import type { Int } from "@toolsmith/runtime";

export interface SearchOptions {
  query: string;
  limit?: Int;
  exact?: boolean;
  fields?: string[];
}

/** Searches the documents. */
export function searchDocs({ query, limit = 10, exact, fields = ["title", "body"] }: SearchOptions): string {
  return `${query} ${limit} ${exact ?? false} ${fields.join()}`;
}
