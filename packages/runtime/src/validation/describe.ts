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
 * The issues to report when no branch of a union matched. If the value's type fits exactly one branch,
 * that branch's own issues are the precise ones (`user.age: expected integer...`); otherwise one issue
 * naming every alternative (`expected integer or null, got string "six"`).
 */
export function unionIssues(path: string, expected: string, value: unknown, branches: readonly (readonly ValidationIssue[])[], discriminator?: string): ValidationIssue[] {
  // With a discriminator, a branch whose tag does not match is not the one the model meant.
  const tagPath = discriminator === undefined ? undefined : childPath(path, discriminator);
  const applicable = branches.filter((issues) => !issues.some((issue) => (issue.kind === "type" && issue.path === path) || issue.path === tagPath));
  if (applicable.length === 1) return [...applicable[0]!];
  return [typeIssue(path, expected, value)];
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
