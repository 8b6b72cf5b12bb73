/** Joins words. */
export function join(words: string[], separator: string = ", ", upper: boolean = false, trim: boolean = true, suffix: string = ""): string {
  const text = words.map((w) => (trim ? w.trim() : w)).join(separator) + suffix;
  return upper ? text.toUpperCase() : text;
}
