/**
 * pydantic's generated property title: `name.title().replace("_", " ").strip()` (so `from_` is `From`;
 * Python's `str.title`
 * upper-cases a letter that follows a non-letter: `page2token` -> `Page2Token`, `maxResults` -> `Maxresults`).
 */
export function pydanticTitle(name: string): string {
  let out = "";
  let previousCased = false;
  for (const char of name) {
    const cased = char.toLowerCase() !== char.toUpperCase();
    out += cased ? (previousCased ? char.toLowerCase() : char.toUpperCase()) : char;
    previousCased = cased;
  }
  return out.replaceAll("_", " ").trim();
}
