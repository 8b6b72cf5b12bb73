import type { JsonSchema, JsonValue } from "../json-schema.js";
import type { SchemaChange } from "./types.js";

/** A schema being built: the public type is read-only, transforms assemble plain records. */
export type Draft = Record<string, unknown>;

/** Collects what a transform changed (reported, schema still usable) and problems (schema unusable). */
export class ChangeLog {
  readonly changes: SchemaChange[] = [];
  readonly problems: SchemaChange[] = [];
  change(path: string, message: string): void {
    this.changes.push({ path, message });
  }
  problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }
}

/** Appends one JSON Pointer segment (RFC 6901 escaping). */
export function at(path: string, ...segments: readonly (string | number)[]): string {
  return segments.reduce<string>(
    (acc, segment) => `${acc}/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`,
    path,
  );
}

export function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Resolves a local `$ref` (`#`, `#/$defs/X`, `#/definitions/X`) against the root schema. */
export function resolveRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const segment = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isSchema(node)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return isSchema(node) ? node : undefined;
}

/** Whether `null` is a valid instance of the schema (following local refs once). */
export function acceptsNull(schema: JsonSchema, root?: JsonSchema, seen: ReadonlySet<string> = new Set()): boolean {
  const type = schema.type;
  if (type === "null" || (Array.isArray(type) && type.includes("null"))) return true;
  if (schema.const === null) return true;
  if (schema.enum?.includes(null)) return true;
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  if (branches.some((branch) => acceptsNull(branch, root, seen))) return true;
  if (schema.$ref !== undefined && root !== undefined && !seen.has(schema.$ref)) {
    const target = resolveRef(root, schema.$ref);
    if (target !== undefined) return acceptsNull(target, root, new Set([...seen, schema.$ref]));
  }
  return false;
}

/** A schema that constrains nothing: `{}`, `true`, or only annotations. */
export function acceptsAnything(schema: JsonSchema | boolean): boolean {
  if (typeof schema === "boolean") return schema;
  const constraining = [
    "type", "enum", "const", "anyOf", "oneOf", "allOf", "$ref", "properties", "items", "prefixItems",
    "additionalProperties", "not", "if",
  ];
  return !constraining.some((keyword) => keyword in schema);
}

/** Adds a sentence to a description, so a dropped constraint still reaches the model as text. */
export function withNote(description: unknown, note: string): string {
  const base = typeof description === "string" ? description.trim() : "";
  if (base === "") return note;
  return `${base}${/[.!?]$/.test(base) ? "" : "."} ${note}`;
}

export function show(value: JsonValue | unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** The type names a schema declares (`type: "x"` or `type: [...]`). */
export function typeNames(schema: JsonSchema): readonly string[] {
  const type = schema.type;
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === "string");
  return [];
}

export function isObjectSchema(schema: JsonSchema): boolean {
  return typeNames(schema).includes("object") || schema.properties !== undefined;
}

/** The def name of a local `#/$defs/Name` reference, for messages and recursion tracking. */
export function refName(ref: string): string {
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  return match?.[1] ?? ref;
}
