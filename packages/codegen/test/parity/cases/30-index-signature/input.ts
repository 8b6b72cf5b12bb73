import type { Int } from "@toolsmith/runtime";

/** Counts words, given their frequencies and synonyms. */
export function countWords(frequencies: { [word: string]: Int }, synonyms: { readonly [word: string]: string[] }): number {
  return Object.keys(frequencies).length + Object.keys(synonyms).length;
}
