// Wording shared by both validator backends, so a model reads the same message whichever one ran.
import type { JsonSchema } from "../json-schema.js";

/** One thing wrong with the arguments: where (`b`, `items[2].name`; "" for the whole object) and what. */
export interface ValidationIssue {
  readonly path: string;
  /** type: the value has the wrong type or shape; constraint: right type, a bound/enum/format broken. */
  readonly kind: "type" | "constraint" | "missing" | "unexpected";
  /** e.g. `expected integer, got string "six"` */
  readonly message: string;
}

/** `expected integer, got string "six"`: what the value is, the way the model would recognise it. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (typeof value === "string") return `string ${quote(value)}`;
  if (typeof value === "number") return `number ${String(value)}`;
  if (typeof value === "boolean") return `boolean ${String(value)}`;
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object") return "an object";
  return typeof value;
}

/** JSON-quotes a string, shortened to what fits in a message. */
export function quote(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

export function childPath(parent: string, key: string): string {
  return joinSegment(parent, pathSegment(key));
}

/** `name` for identifier-like keys, `["two words"]` otherwise. */
export function pathSegment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
}

export function joinSegment(parent: string, segment: string): string {
  if (parent === "") return segment;
  return segment.charCodeAt(0) === 91 /* [ */ ? parent + segment : `${parent}.${segment}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

export function typeIssue(path: string, expected: string, value: unknown): ValidationIssue {
  return { path, kind: "type", message: `expected ${expected}, got ${describeValue(value)}` };
}

/** A broken constraint on a value of the right type: `expected at most 5 characters, got 7`. */
export function constraintIssue(path: string, expected: string, value: unknown, got: string = describeValue(value)): ValidationIssue {
  return { path, kind: "constraint", message: `expected ${expected}, got ${got}` };
}

export function missingIssue(path: string, what: "argument" | "property", expected: string): ValidationIssue {
  return { path, kind: "missing", message: `missing required ${what} (expected ${expected})` };
}

export function unexpectedIssue(path: string, what: "argument" | "property", known: readonly string[]): ValidationIssue {
  const list = known.length === 0 ? (what === "argument" ? "this tool takes no arguments" : "no properties are allowed here") : `known ${what === "argument" ? "arguments" : "properties"}: ${known.join(", ")}`;
  return { path, kind: "unexpected", message: `unexpected ${what} (${list})` };
}

/**
 * The issues to report when no branch of a union matched: those of the branch the model evidently meant,
 * else one issue naming every alternative (`expected integer or null, got string "six"`). The meant branch
 * is the only one that fits the value's type; or, with a tag property (`discriminator`, or a `const` every
 * object branch declares), the one whose tag matched; or the one that declares every key the value has
 * and has the fewest issues (`parts[0].width: expected an integer >= 1, got number 0`).
 */
export function unionIssues(path: string, expected: string, value: unknown, branches: readonly (readonly ValidationIssue[])[], discriminator?: string): ValidationIssue[] {
  const tagPath = discriminator === undefined ? undefined : childPath(path, discriminator);
  const fitting = branches.filter((issues) => !issues.some((issue) => issue.kind === "type" && issue.path === path));
  if (fitting.length === 1) return [...fitting[0]!];
  if (fitting.length === 0) return [typeIssue(path, expected, value)];
  if (tagPath !== undefined) {
    const tagged = fitting.filter((issues) => !issues.some((issue) => issue.path === tagPath));
    if (tagged.length === 1) return [...tagged[0]!];
    if (tagged.length === 0) return [tagIssue(tagPath, fitting, value, discriminator!)];
  }
  // No tag decides: prefer branches declaring every key the value has, then the fewest issues, if unique.
  const score = (issues: readonly ValidationIssue[]) => issues.filter((i) => i.kind === "unexpected" && isChildOf(i.path, path)).length * 1000 + issues.length;
  const scores = fitting.map(score);
  const best = Math.min(...scores);
  const bestIndex = scores.indexOf(best);
  if (scores.lastIndexOf(best) === bestIndex) return [...fitting[bestIndex]!];
  return [typeIssue(path, expected, value)];
}

/** No branch's tag matched: one issue on the tag listing every tag value the branches expect. */
function tagIssue(tagPath: string, branches: readonly (readonly ValidationIssue[])[], value: unknown, tag: string): ValidationIssue {
  const expected = branches.flatMap((issues) =>
    issues.filter((i) => i.path === tagPath).map((i) => (/^expected (.*), got /.exec(i.message) ?? /^missing required \w+ \(expected (.*)\)$/.exec(i.message))?.[1] ?? ""),
  );
  const wanted = [...new Set(expected.filter((e) => e !== ""))];
  const got = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[tag] : undefined;
  if (got === undefined) return { path: tagPath, kind: "missing", message: `missing required property (expected ${wanted.join(" or ") || "a value"})` };
  return { path: tagPath, kind: "constraint", message: `expected ${wanted.join(" or ")}, got ${describeValue(got)}` };
}

/** Whether `child` is one segment below `parent` (`a.b` or `a["b c"]` under `a`). */
function isChildOf(child: string, parent: string): boolean {
  if (!child.startsWith(parent) || child === parent) return false;
  let rest = child.slice(parent.length);
  if (parent !== "") {
    if (rest.startsWith(".")) rest = rest.slice(1);
    else if (!rest.startsWith("[")) return false;
  }
  return /^[A-Za-z_$][\w$]*$/.test(rest) || /^\[(?:\d+|"(?:[^"\\]|\\.)*")\]$/.test(rest);
}

/**
 * The property every object branch pins to a distinct `const` (or one-value `enum`): the tag that tells
 * a model's intended branch apart, e.g. `type` in `TextPart | ImagePart`. Undefined when there is none.
 */
export function impliedDiscriminator(branches: readonly (JsonSchema | boolean)[], root: JsonSchema): string | undefined {
  const resolved = branches.map((b) => (typeof b === "object" && b.$ref !== undefined ? safeResolve(root, b.$ref) : b));
  // Branches that cannot be objects (`null` of an optional union) are told apart by type already.
  const notObject = (b: JsonSchema | boolean | undefined) => typeof b === "object" && b.properties === undefined && (schemaTypes(b)?.every((t) => t !== "object") ?? false);
  const objects = resolved.filter((b) => !notObject(b));
  if (objects.length < 2 || !objects.every((b): b is JsonSchema => typeof b === "object" && b.properties !== undefined)) return undefined;
  const first = objects[0]!;
  for (const name of Object.keys(first.properties ?? {})) {
    const values = objects.map((b) => pinned(b.properties?.[name]));
    if (values.every((v) => v !== undefined) && new Set(values.map((v) => JSON.stringify(v))).size === values.length) return name;
  }
  return undefined;
}

function pinned(schema: JsonSchema | undefined): unknown {
  if (schema === undefined) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length === 1) return schema.enum[0];
  return undefined;
}

function safeResolve(root: JsonSchema, ref: string): JsonSchema | undefined {
  try {
    return resolveRef(root, ref);
  } catch {
    return undefined;
  }
}

/** `a date-time string`, `an email string`: the indefinite article a word takes (by its first letter; `u` as in "uri"). */
export function withArticle(phrase: string): string {
  return `${/^[aeio]/i.test(phrase) ? "an" : "a"} ${phrase}`;
}

/** What a `format` asks for, in words the model can act on. */
export function formatExpected(format: string): string {
  if (format === "date-time") return 'a date-time string (RFC 3339 with a time zone offset, e.g. "2024-05-01T10:00:00Z")';
  return `${withArticle(format)} string`;
}

/** Renders issues as one message, one line per issue: `b: expected integer, got string "six"`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `${issue.path === "" ? "arguments" : issue.path}: ${issue.message}`).join("\n");
}

/** Resolves a local `$ref` (`#`, `#/$defs/Name`, `#/definitions/Name`, JSON-pointer escapes) against the root. */
export function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith("#")) throw new Error(`unsupported $ref ${JSON.stringify(ref)}: only local references (#/$defs/...) are resolved`);
  const pointer = ref.slice(1);
  let node: unknown = root;
  if (pointer !== "") {
    for (const raw of pointer.split("/").slice(1)) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
      if (node === undefined) throw new Error(`$ref ${JSON.stringify(ref)} does not resolve in the schema`);
    }
  }
  if (typeof node === "boolean") return node ? {} : { not: {} };
  if (node === null || typeof node !== "object") throw new Error(`$ref ${JSON.stringify(ref)} does not point at a schema`);
  return node as JsonSchema;
}

/** The JSON types a schema's `type` (plus OpenAPI's `nullable`) admits, or undefined when unconstrained. */
export function schemaTypes(schema: JsonSchema): string[] | undefined {
  const declared = schema.type;
  if (declared === undefined) return undefined;
  const types = typeof declared === "string" ? [declared] : [...declared];
  if (schema["nullable"] === true && !types.includes("null")) types.push("null");
  return types;
}

/** What a schema expects, in words: `integer`, `"a" or "b"`, `integer or null`, `string (date-time)`. */
export function expectedText(schema: JsonSchema | boolean, root: JsonSchema, seen: Set<JsonSchema> = new Set()): string {
  if (schema === true) return "anything";
  if (schema === false) return "nothing (not allowed)";
  if (seen.has(schema)) return typeof schema.title === "string" ? schema.title : "a value";
  seen.add(schema);
  try {
    if (schema.const !== undefined) return JSON.stringify(schema.const);
    if (schema.enum) {
      const values = schema.enum.map((v) => JSON.stringify(v));
      return values.length === 1 ? values[0]! : `one of ${values.join(", ")}`;
    }
    if (schema.$ref) {
      const target = resolveRef(root, schema.$ref);
      const name = schema.$ref.split("/").pop();
      const inner = expectedText(target, root, seen);
      return inner === "object" && name ? `object (${name})` : inner;
    }
    const union = schema.anyOf ?? schema.oneOf;
    if (union) return [...new Set(union.map((branch) => expectedText(branch, root, seen)))].join(" or ");
    const types = schemaTypes(schema);
    if (types) {
      return types
        .map((t) => (t === "string" && schema.format ? `string (${schema.format})` : t === "array" && schema.items && typeof schema.items === "object" && schema.items.type ? `array of ${expectedText(schema.items, root, seen)}` : t))
        .join(" or ");
    }
    if (schema.allOf && schema.allOf.length === 1) return expectedText(schema.allOf[0]!, root, seen);
    if (schema.properties) return "object";
    return "anything";
  } finally {
    seen.delete(schema);
  }
}

/** Length in code points, as JSON Schema (and pydantic) count string length. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Structural equality of JSON values (enum/const/uniqueItems). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export function hasDuplicates(items: readonly unknown[]): boolean {
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) if (jsonEqual(items[i], items[j])) return true;
  return false;
}
