/**
 * Prints JSON values as TypeScript expressions the way prettier would (printWidth 80, 2-space indent,
 * double quotes unless single quotes need fewer escapes, trailing commas), so generated modules survive a
 * prettier run unchanged and diff cleanly.
 */
export const PRINT_WIDTH = 80;

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal, in the quotes prettier picks (double, unless the text has more `"` than `'`). */
export function stringLiteral(text: string): string {
  const doubled = JSON.stringify(text);
  if (!text.includes('"')) return doubled;
  const doubles = text.split('"').length - 1;
  const singles = text.split("'").length - 1;
  if (doubles <= singles) return doubled;
  const body = doubled.slice(1, -1).replace(/\\(.)|'/g, (match, escaped: string | undefined) => {
    if (escaped === '"') return '"';
    return match === "'" ? "\\'" : match;
  });
  return `'${body}'`;
}

/** An object key: bare when it is an identifier, quoted otherwise; `__proto__` computed so it stays data. */
export function propertyKey(name: string): string {
  if (name === "__proto__") return '["__proto__"]';
  return IDENTIFIER.test(name) ? name : stringLiteral(name);
}

/** `args.name`, or `args["na-me"]` when the name is not an identifier. */
export function propertyAccess(object: string, name: string): string {
  return IDENTIFIER.test(name) ? `${object}.${name}` : `${object}[${stringLiteral(name)}]`;
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot print ${value} as JSON`);
  return JSON.stringify(value).replace("e+", "e");
}

function inline(value: Json): string {
  if (value === null) return "null";
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") return numberLiteral(value);
  if (typeof value === "boolean") return String(value);
  if (isArray(value)) return `[${value.map(inline).join(", ")}]`;
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([key, member]) => `${propertyKey(key)}: ${inline(member)}`).join(", ")} }`;
}

function isArray(value: Json): value is readonly Json[] {
  return Array.isArray(value);
}

export interface LiteralLayout {
  /** Indentation level (2 spaces each) of the line the value starts on. */
  indent: number;
  /** Columns already used on that line before the value. */
  column: number;
  /** Characters that follow the value on its last line (a comma, `} satisfies ...`). */
  trailing: number;
  /** Break this object even if it fits (used for top-level schemas, for readability). */
  forceBreak?: boolean;
}

/**
 * `inline(value)` when it is at most `budget` characters long; undefined as soon as it cannot be. Printing
 * asks this at every level of a value: building each level's whole one-line form (`inline`) only to see it
 * does not fit made printing quadratic in a schema's depth (~300 ms for 1,000 tools' registry module).
 */
function inlineWithin(value: Json, budget: number): string | undefined {
  if (value === null || typeof value !== "object") {
    const text = inline(value);
    return text.length <= budget ? text : undefined;
  }
  const array = isArray(value);
  const entries: (readonly [string | undefined, Json])[] = array ? value.map((item) => [undefined, item] as const) : Object.entries(value);
  if (entries.length === 0) return budget >= 2 ? (array ? "[]" : "{}") : undefined;
  const [open, close] = array ? ["[", "]"] : ["{ ", " }"];
  let length = open.length + close.length + 2 * (entries.length - 1);
  const parts: string[] = [];
  for (const [key, member] of entries) {
    const prefix = key === undefined ? "" : `${propertyKey(key)}: `;
    if (length + prefix.length > budget) return undefined;
    const text = inlineWithin(member, budget - length - prefix.length);
    if (text === undefined) return undefined;
    length += prefix.length + text.length;
    parts.push(prefix + text);
  }
  return `${open}${parts.join(", ")}${close}`;
}

/** The value as a TypeScript literal: on one line when it fits, else one member per line. */
function print(value: Json, layout: LiteralLayout): string {
  if (value === null || typeof value !== "object") return inline(value);
  if (!layout.forceBreak && !isArrayOfRichObjects(value)) {
    const flat = inlineWithin(value, PRINT_WIDTH - layout.column - layout.trailing);
    if (flat !== undefined) return flat;
  }
  const pad = "  ".repeat(layout.indent + 1);
  const close = "  ".repeat(layout.indent);
  if (isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((item) => typeof item === "number")) return fill(value.map(numberLiteral), layout);
    const items = value.map((item) => pad + print(item, { indent: layout.indent + 1, column: pad.length, trailing: 1 }));
    return `[\n${items.join(",\n")},\n${close}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return "{}";
  const members = entries.map(([key, member]) => printProperty(key, member, layout.indent + 1));
  return `{\n${members.join(",\n")},\n${close}}`;
}

/**
 * `key: value` on its own line(s) at `indent`, without the trailing comma (counted as taking one column).
 * Like prettier, a string that does not fit moves to the next line - unless the key is shorter than 5
 * columns, where that would gain too little.
 */
export function printProperty(key: string, value: unknown, indent: number, layout: { forceBreak?: boolean } = {}): string {
  const pad = "  ".repeat(indent);
  const head = `${pad}${propertyKey(key)}: `;
  if (typeof value === "string") {
    const literal = stringLiteral(value);
    const breakable = propertyKey(key).length >= 5;
    if (breakable && head.length + literal.length + 1 > PRINT_WIDTH) return `${head.trimEnd()}\n${pad}  ${literal}`;
    return head + literal;
  }
  return head + print(value as Json, { indent, column: head.length, trailing: 1, ...layout });
}

/** Prettier always breaks an array of two or more objects (or arrays) that each have more than one member. */
function isArrayOfRichObjects(value: Json): boolean {
  if (!isArray(value) || value.length < 2) return false;
  const first = value[0];
  const kind = (item: Json | undefined) => (item === null || typeof item !== "object" ? "scalar" : isArray(item) ? "array" : "object");
  const size = (item: Json) => (isArray(item) ? item.length : Object.keys(item as object).length);
  return kind(first) !== "scalar" && value.every((item) => kind(item) === kind(first) && size(item) > 1);
}

/** Numbers are packed as many per line as fit, like prettier's fill layout for numeric arrays. */
function fill(items: readonly string[], layout: LiteralLayout): string {
  const pad = "  ".repeat(layout.indent + 1);
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    const candidate = line === "" ? item : `${line}, ${item}`;
    if (line !== "" && pad.length + candidate.length + 1 > PRINT_WIDTH) {
      lines.push(`${line},`);
      line = item;
    } else {
      line = candidate;
    }
  }
  lines.push(`${line},`);
  return `[\n${lines.map((l) => pad + l).join("\n")}\n${"  ".repeat(layout.indent)}]`;
}
