import type { JsonSchema } from "../json-schema.js";
import { resolveRef, type ValidationIssue } from "./describe.js";

export type SchemaNode = JsonSchema | boolean;

export interface CompileOptions {
  /**
   * What to do with keys a schema with `properties` does not declare, when it says nothing through
   * `additionalProperties`. "reject" (default): an `unexpected argument` issue the model can act on -
   * a misspelt argument is a bug, not something to drop silently. "allow": JSON Schema's own default.
   * An explicit `additionalProperties` (true, false or a schema) always wins.
   */
  readonly unknownProperties?: "reject" | "allow";
  /** false: only check, never fill in defaults (e.g. to test which branch of a union a value is). Default true. */
  readonly applyDefaults?: boolean;
  /** "code" (default when the platform allows `new Function`) or "closures". */
  readonly backend?: "code" | "closures";
}

/**
 * Validates `value` in place: returns the issues (empty when valid) and fills in missing properties that
 * have a `default` (a fresh copy each time). Never coerces: "6" stays a string and fails an integer.
 */
export type ValidateFn = (value: unknown) => ValidationIssue[];

export function rejectsUnknown(schema: JsonSchema, options: CompileOptions): boolean {
  if (schema.additionalProperties === false) return true;
  if (schema.additionalProperties !== undefined) return false;
  if (schema["patternProperties"] !== undefined) return false;
  return options.unknownProperties !== "allow" && schema.properties !== undefined;
}

export function isMultipleOf(value: number, divisor: number): boolean {
  const quotient = value / divisor;
  return Math.abs(quotient - Math.round(quotient)) <= 1e-9 * Math.max(1, Math.abs(quotient));
}

/** Whether validating against `schema` can fill in a default anywhere (decides if a union re-runs its match to apply them). */
export function hasDefaults(schema: SchemaNode, root: JsonSchema, seen: Set<JsonSchema> = new Set()): boolean {
  if (typeof schema === "boolean" || seen.has(schema)) return false;
  seen.add(schema);
  if (schema.properties && Object.values(schema.properties).some((p) => p.default !== undefined)) return true;
  const children: SchemaNode[] = [
    ...Object.values(schema.properties ?? {}),
    ...(schema.prefixItems ?? []),
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.allOf ?? []),
  ];
  if (schema.items !== undefined) children.push(schema.items);
  if (typeof schema.additionalProperties === "object") children.push(schema.additionalProperties);
  if (schema.$ref !== undefined) children.push(resolveRef(root, schema.$ref));
  return children.some((child) => hasDefaults(child, root, seen));
}

/** Draft 4 spelled exclusive bounds as booleans next to minimum/maximum; later drafts as numbers. */
export function exclusiveFlag(schema: JsonSchema, keyword: "exclusiveMinimum" | "exclusiveMaximum"): boolean {
  return (schema as { readonly [key: string]: unknown })[keyword] === true;
}

/** Whether a plain object inherits a property of this name (valueOf, constructor, __proto__...): read those as own only. */
export function inheritsName(name: string): boolean {
  return name in Object.prototype;
}
