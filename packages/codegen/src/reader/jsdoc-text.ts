/**
 * A JSDoc comment read from its text, for the two cases where the compilers' own JSDoc does not serve:
 *
 * - A comment holding a fenced code block (```` ``` ````). TypeScript 6 starts a tag at an `@` inside the
 *   block (`@param x` in an example), TypeScript 7 counts backticks across lines (so an odd number of
 *   them in a line of prose hides the tags after it): the engines disagree, and both can lose the text.
 *   Here a line starting a fence opens or closes a code block, and nothing inside one is a tag.
 * - A comment on the same line as the member after it (`{ /** The size. *\/ size: number }`), which the
 *   compilers take as a trailing comment of the token before it and attach to nothing.
 *
 * Otherwise as the compilers read a comment: the text before the first tag is the summary; a tag starts
 * at an `@name` that begins a line or follows whitespace; `@param [{type}] name [- ]text` names its
 * parameter (`[name=default]` and `a.b` too); each line loses its ` * ` margin and trailing whitespace.
 */
import type { ts } from "ts-morph";
import type { Doc, DocTag } from "./jsdoc.js";

const FENCE = /^\s*(?:```|~~~)/;
const TAG_START = /(^|\s)@([A-Za-z][\w-]*)/g;

/** The comment text `raw` (`/** ... *\/`, starting at `start` in `file`) read as a Doc. */
export function docFromText(raw: string, start: number, file: ts.SourceFile): Doc {
  const lines = contentLines(raw, start);
  const parts: Part[] = [{ text: "" }];
  const last = (): Part => parts[parts.length - 1] as Part;
  let fenced = false;
  for (const line of lines) {
    const fence = FENCE.test(line.text);
    if (fence) fenced = !fenced;
    if (fence || fenced) {
      appendLine(last(), line.text, true);
      continue;
    }
    let from = 0;
    let newLine = true;
    for (const match of line.text.matchAll(TAG_START)) {
      const [, space = "", name = ""] = match;
      const at = (match.index ?? 0) + space.length;
      appendLine(last(), line.text.slice(from, at), newLine);
      newLine = false;
      parts.push({ text: "", tag: { name, offset: line.offset + at } });
      from = at + 1 + name.length;
    }
    // A tag's text goes on without the indentation of its next lines (the summary keeps its own).
    const rest = line.text.slice(from);
    appendLine(last(), from === 0 && last().tag ? rest.trimStart() : rest, newLine);
  }
  const [lead, ...tagged] = parts;
  const summary = clean(lead?.text ?? "");
  const tags = tagged.map(({ text, tag }): DocTag => {
    const { line, character } = file.getLineAndCharacterOfPosition(tag?.offset ?? start);
    const location = { file: file.fileName, line: line + 1, column: character + 1 };
    const name = tag?.name ?? "";
    const body = clean(text);
    if (name === "returns" || name === "return") return { name, text: withoutType(body), location };
    if (name !== "param") return { name, text: body, location };
    const parsed = /^(\[[^\]]*\]|[^\s]+)\s*([\s\S]*)$/.exec(withoutType(body));
    const written = parsed?.[1] ?? "";
    const paramName = (written.startsWith("[") ? written.slice(1, -1).split("=")[0] ?? "" : written).trim();
    return { name, text: stripTsdocSeparator((parsed?.[2] ?? "").trim()), paramName, location };
  });
  return { ...(summary ? { summary } : {}), tags };
}

/**
 * A `/** ... *\/` comment written on the same line as `node`, right before it, that the compiler did not
 * attach (it takes it for a trailing comment of the token before): its text and where it starts.
 */
export function sameLineComment(node: ts.Node, file: ts.SourceFile): { raw: string; start: number } | undefined {
  const text = file.text;
  const begin = node.getStart(file);
  const close = text.lastIndexOf("*/", begin);
  if (close < node.pos || /[^\t ]/.test(text.slice(close + 2, begin))) return undefined;
  const open = text.lastIndexOf("/**", close);
  if (open < node.pos || text.slice(open, close).includes("\n")) return undefined;
  // The comment must not sit inside a line comment (`// see /** x *\/`) or end another comment.
  const lineStart = text.lastIndexOf("\n", open) + 1;
  if (text.slice(lineStart, open).includes("//") || text.slice(open + 3, close).includes("*/")) return undefined;
  return { raw: text.slice(open, close + 2), start: open };
}

interface Part {
  text: string;
  /** The tag this part is the text of (none: the summary), and where its `@` is. */
  readonly tag?: { readonly name: string; readonly offset: number };
}

interface ContentLine {
  readonly text: string;
  /** Where `text` starts in the file. */
  readonly offset: number;
}

/** The comment's lines without `/**`, `*\/`, the leading ` * ` margin (up to the first line's indent) and trailing whitespace. */
function contentLines(raw: string, start: number): ContentLine[] {
  const body = raw.slice(3, raw.endsWith("*/") ? -2 : undefined);
  const out: ContentLine[] = [];
  let offset = start + 3;
  let margin: number | undefined;
  for (const line of body.split("\n")) {
    const star = /^\s*\*?/.exec(line)?.[0] ?? "";
    let content = line.slice(star.length).replace(/\s+$/, "");
    const indent = /^[\t ]*/.exec(content)?.[0].length ?? 0;
    if (margin === undefined && content.trim()) margin = indent;
    const removed = Math.min(indent, margin ?? indent);
    content = content.slice(removed);
    out.push({ text: content, offset: offset + star.length + removed });
    offset += line.length + 1;
  }
  return out;
}

/** A `@param`'s (or `@returns`') text after its JSDoc type (`{Array<{ a: string }>}`: braces nest), if it has one. */
function withoutType(body: string): string {
  if (!body.startsWith("{")) return body;
  let depth = 0;
  for (let index = 0; index < body.length; index++) {
    if (body[index] === "{") depth++;
    else if (body[index] === "}" && --depth === 0) return body.slice(index + 1).trimStart();
  }
  return body;
}

function appendLine(part: { text: string }, text: string, newLine: boolean): void {
  if (!newLine) {
    part.text += text;
    return;
  }
  part.text += part.text ? `\n${text}` : text;
}

/** As the compilers give a comment: blank lines at either end dropped, a `{@link ...}` on one line (see `unescapeDoc`). */
function clean(text: string): string {
  return unescapeDoc(text)
    .replace(/\{@link(?:code|plain)?\b[^}]*\}/g, (link) => link.replace(/\s*\n\s*/g, " "))
    .trim();
}

/**
 * `*\/` is how a comment writes `*` `/` without ending itself: the description means `*` `/`. A file
 * saved with Windows line ends keeps `\r` in the compilers' comment text: lines end in `\n`, as Python
 * reads a docstring whatever the file's line ends.
 */
export function unescapeDoc(text: string): string {
  return text.replaceAll("*\\/", "*/").replace(/\r\n?/g, "\n");
}

/** `@param x - text` (TSDoc) and `@param x text` (JSDoc) both give "text". */
export function stripTsdocSeparator(text: string): string {
  return text.startsWith("- ") ? text.slice(2).trimStart() : text === "-" ? "" : text;
}

/**
 * A docstring as Python's `inspect.cleandoc` leaves it, which is how pydantic (and the seed's `schema(f)`)
 * read a function's or class's docstring: tabs expanded to columns of 8, the first line's leading
 * whitespace and the indentation the later lines share removed, blank lines at either end dropped. For the
 * summaries that stand for docstrings (a function's, a type's): a JSDoc line indented past the ` * ` kept
 * its indentation (`"Does it.\n  more"`, pydantic `"Does it.\nmore"`). Property and parameter texts are
 * pydantic's `Field(description=...)`, taken as written.
 */
export function cleandoc(text: string): string {
  const lines = text.split("\n").map(expandTabs);
  let margin = Number.POSITIVE_INFINITY;
  for (const line of lines.slice(1)) {
    const content = line.trimStart().length;
    if (content > 0) margin = Math.min(margin, line.length - content);
  }
  lines[0] = (lines[0] ?? "").trimStart();
  if (margin !== Number.POSITIVE_INFINITY) for (let i = 1; i < lines.length; i++) lines[i] = (lines[i] as string).slice(margin);
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  while (lines.length > 0 && lines[0] === "") lines.shift();
  return lines.join("\n");
}

/** Python's `str.expandtabs()`: each tab to the next column that is a multiple of 8. */
function expandTabs(line: string): string {
  if (!line.includes("\t")) return line;
  let out = "";
  for (const char of line) {
    if (char === "\t") out += " ".repeat(8 - (out.length % 8));
    else out += char;
  }
  return out;
}
