import { TITLE_CASE } from "./title-case.generated.js";

/**
 * pydantic's generated property title: `name.title().replace("_", " ").strip()` (so `from_` is `From`;
 * Python's `str.title` upper-cases a letter that follows a non-letter: `page2token` -> `Page2Token`,
 * `maxResults` -> `Maxresults`). Python's own rules, not JavaScript's upper-casing: a character's title
 * case (`ǆx` -> `ǅx`, `ﬁle` -> `File`), "cased" as Unicode's Cased property says, and a capital sigma
 * lower-cased to `ς` at the end of a word.
 */
export function pydanticTitle(name: string): string {
  if (ASCII.test(name)) return asciiTitle(name);
  const chars = [...name];
  let out = "";
  let previousCased = false;
  chars.forEach((char, index) => {
    out += previousCased ? lowerInWord(char, chars, index) : (TITLE_CASE.get(char) ?? char.toUpperCase());
    previousCased = CASED.test(char);
  });
  return out.replaceAll("_", " ").trim();
}

const ASCII = /^[\x00-\x7F]*$/;

/** The same rules for the names nearly everyone writes, where a letter is all that is cased. */
function asciiTitle(name: string): string {
  let out = "";
  let previousCased = false;
  for (const char of name) {
    const cased = (char >= "a" && char <= "z") || (char >= "A" && char <= "Z");
    out += cased ? (previousCased ? char.toLowerCase() : char.toUpperCase()) : char;
    previousCased = cased;
  }
  return out.replaceAll("_", " ").trim();
}

const CASED = /\p{Cased}/u;
const CASE_IGNORABLE = /\p{Case_Ignorable}/u;

/** Lower case after a cased character: Σ is ς when no cased character follows (skipping case-ignorable ones). */
function lowerInWord(char: string, chars: readonly string[], index: number): string {
  if (char !== "\u03A3") return char.toLowerCase();
  const next = chars.slice(index + 1).find((following) => !CASE_IGNORABLE.test(following));
  return next !== undefined && CASED.test(next) ? "\u03C3" : "\u03C2";
}
