/**
 * Whether a default fits the schema it is the default of. TypeScript checks an initializer against the
 * parameter's type, but not what only the schema says: the `Int` brand (`a: Int = 1.5` type-checks,
 * as `Int` is a `number`), `@integer`, and the JSDoc constraints (`@minimum`, `@maxLength`, `@pattern`,
 * ...). A default that breaks them would be offered to the model as a valid value, and the function
 * called with it whenever the model leaves the parameter out. The checks are the runtime validator's
 * (its format checkers, its multipleOf, unknown keys refused where an object lists its properties), so
 * a default passes here exactly when it would pass as an argument; read off the IR rather than by
 * compiling a validator per default, which costs more than the rest of a parameter's reading.
 */
import { codePointLength, formatCheckers, isMultipleOf } from "@toolsmith/runtime/validation";
import type { IrAnnotations, IrDefinition, IrType, JsonValue } from "./types.js";

/** Why the default of `name` does not fit (`2.5 at steps[1] is not an integer`), or undefined when it does. */
export function defaultMisfit(
  type: IrType,
  annotations: IrAnnotations,
  value: JsonValue,
  definitions: DefinitionLookup,
  name: string,
): Misfit | undefined {
  const constraint = constraintMisfit(annotations, value);
  return constraint ? { reason: constraint, otherKind: false } : misfit(type, value, definitions, name, 0, name);
}

/**
 * The words for a default that does not fit the schema of a `parameter` or `property`: an initializer's is
 * an error (the function is called with it), a `@default` tag's a warning, left out of the schema (a tag
 * documents; libraries write `@default '!urlSafe'`).
 */
export function misfitProblem(misfit: Misfit, fromTag: boolean, of: "parameter" | "property"): { severity: "error" | "warning"; message: string; hint: string } {
  return {
    severity: fromTag ? "warning" : "error",
    message: `the ${fromTag ? "@default" : "default"} does not fit the ${of}'s schema: ${misfit.reason}${fromTag ? "; it is left out of the schema" : ""}`,
    hint: misfit.notInteger
      ? "change the default, or take any number (`number`, not `Int` or `@integer`)"
      : `change the ${fromTag ? "@default (JSON: `@default \"text\"`)" : "default"}, or the type or JSDoc tag it breaks`,
  };
}

/** The `$defs` entry a `ref` names (undefined while it is still being read: then it is not judged). */
export type DefinitionLookup = (name: string) => IrDefinition | undefined;

export interface Misfit {
  readonly reason: string;
  /** The value is not even of the type's JSON kind: in a union, another member's reason says more. */
  readonly otherKind: boolean;
  /** A number where only integers are taken. */
  readonly notInteger?: boolean;
}

/** Unions and `$ref`s count as levels too. */
const MAX_DEPTH = 64;

/** `root`: the parameter's name, where `path` starts (not repeated for the whole value). */
function misfit(type: IrType, value: JsonValue, definitions: DefinitionLookup, path: string, depth: number, root: string): Misfit | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const subject = (): string => shownAt(value, path, root);
  const notA = (what: string): Misfit => ({ reason: `${subject()} is not ${what}`, otherKind: true });
  if (typeof value === "number" && !Number.isFinite(value)) return { reason: `${subject()} is not a finite number: JSON has no Infinity or NaN`, otherKind: false };
  switch (type.kind) {
    case "any":
      return undefined;
    case "string":
      return typeof value === "string" ? undefined : notA("a string");
    case "date":
      if (typeof value !== "string") return notA("a string");
      return formatCheckers["date-time"]?.(value) ? undefined : { reason: `${subject()} is not a date-time (RFC 3339, e.g. "2024-05-01T10:00:00Z")`, otherKind: false };
    case "number":
      return typeof value === "number" ? undefined : notA("a number");
    case "integer":
      if (typeof value !== "number") return notA("a number");
      return Number.isInteger(value) ? undefined : { reason: `${subject()} is not an integer`, otherKind: false, notInteger: true };
    case "boolean":
      return typeof value === "boolean" ? undefined : notA("a boolean");
    case "null":
      return value === null ? undefined : notA("null");
    case "literal":
      return type.values.includes(value as never) ? undefined : notA(`one of ${type.values.map(shown).join(", ")}`);
    case "array":
      if (!Array.isArray(value)) return notA("an array");
      return firstMisfit(value.map((item, index) => () => misfit(type.items, item, definitions, `${path}[${index}]`, depth + 1, root)));
    case "tuple": {
      if (!Array.isArray(value)) return notA("an array");
      const { elements, minItems, rest } = type;
      if (value.length < minItems || (!rest && value.length > elements.length)) {
        return { reason: `${subject()} has ${value.length} items where the tuple takes ${rest ? `at least ${minItems}` : minItems === elements.length ? minItems : `${minItems} to ${elements.length}`}`, otherKind: false };
      }
      return firstMisfit(value.map((item, index) => () => {
        const element = elements[index] ?? rest;
        return element && misfit(element, item, definitions, `${path}[${index}]`, depth + 1, root);
      }));
    }
    case "object":
      return objectMisfit(type.object, value, definitions, path, depth, root);
    case "union": {
      const misfits: Misfit[] = [];
      for (const member of type.members) {
        const found = misfit(member, value, definitions, path, depth + 1, root);
        if (!found) return undefined;
        misfits.push(found);
      }
      return misfits.find((found) => !found.otherKind) ?? misfits[0];
    }
    case "ref": {
      const body = definitions(type.name)?.body;
      if (!body) return undefined;
      if (body.kind === "object") return objectMisfit(body.object, value, definitions, path, depth, root);
      if (body.kind === "enum") return misfit({ kind: "literal", values: body.values }, value, definitions, path, depth + 1, root);
      return misfit(body.type, value, definitions, path, depth + 1, root);
    }
  }
}

function objectMisfit(
  object: Extract<IrType, { kind: "object" }>["object"],
  value: JsonValue,
  definitions: DefinitionLookup,
  path: string,
  depth: number,
  root: string,
): Misfit | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { reason: `${shownAt(value, path, root)} is not an object`, otherKind: true };
  }
  // Array.isArray does not narrow a readonly array away.
  const record = value as { readonly [key: string]: JsonValue };
  const checks: (() => Misfit | undefined)[] = [];
  for (const property of object.properties) {
    const at = `${path}.${property.name}`;
    checks.push(() => {
      if (!Object.hasOwn(record, property.name)) return property.required ? { reason: `${at} is missing from ${shown(value)}`, otherKind: false } : undefined;
      const item = record[property.name] as JsonValue;
      const constraint = constraintMisfit(property.annotations, item);
      return constraint ? { reason: `${constraint} (at ${at})`, otherKind: false } : misfit(property.type, item, definitions, at, depth + 1, root);
    });
  }
  const additional = object.additional;
  const known = new Set(object.properties.map((property) => property.name));
  for (const [key, item] of Object.entries(record)) {
    if (known.has(key)) continue;
    // As the runtime: an object listing its properties, with no index signature, refuses other keys.
    checks.push(() => (additional ? misfit(additional, item, definitions, `${path}.${key}`, depth + 1, root) : { reason: `${path}.${key} is not a property of the type`, otherKind: false }));
  }
  return firstMisfit(checks);
}

function firstMisfit(checks: readonly (() => Misfit | undefined)[]): Misfit | undefined {
  for (const check of checks) {
    const found = check();
    if (found) return { ...found, otherKind: false };
  }
  return undefined;
}

/** The JSDoc constraints, as JSON Schema applies them: each only to values of its own kind. */
function constraintMisfit(annotations: IrAnnotations, value: JsonValue): string | undefined {
  const format = annotations.format;
  const checkFormat = format === undefined ? undefined : formatCheckers[format];
  if (typeof value === "string" && checkFormat && !checkFormat(value)) return `${shown(value)} is not a valid @format ${format}`;
  const c = annotations.constraints;
  if (!c) return undefined;
  const limit = (key: keyof typeof c): number | undefined => (typeof c[key] === "number" ? (c[key] as number) : undefined);
  if (typeof value === "number") {
    const [minimum, maximum, below, above, multiple] = [limit("minimum"), limit("maximum"), limit("exclusiveMaximum"), limit("exclusiveMinimum"), limit("multipleOf")];
    if (minimum !== undefined && value < minimum) return `${shown(value)} is below @minimum ${minimum}`;
    if (maximum !== undefined && value > maximum) return `${shown(value)} is above @maximum ${maximum}`;
    if (above !== undefined && value <= above) return `${shown(value)} is not above @exclusiveMinimum ${above}`;
    if (below !== undefined && value >= below) return `${shown(value)} is not below @exclusiveMaximum ${below}`;
    if (multiple !== undefined && multiple > 0 && !isMultipleOf(value, multiple)) return `${shown(value)} is not a multiple of @multipleOf ${multiple}`;
  }
  if (typeof value === "string") {
    const length = codePointLength(value);
    const [min, max] = [limit("minLength"), limit("maxLength")];
    if (min !== undefined && length < min) return `${shown(value)} is shorter than @minLength ${min}`;
    if (max !== undefined && length > max) return `${shown(value)} is longer than @maxLength ${max}`;
    if (typeof c.pattern === "string" && !matches(c.pattern, value)) return `${shown(value)} does not match @pattern ${c.pattern}`;
  }

  if (Array.isArray(value)) {
    // `@minLength` on an array counts its items (the emitter writes it as `minItems`).
    const [min, max] = [limit("minItems") ?? limit("minLength"), limit("maxItems") ?? limit("maxLength")];
    if (min !== undefined && value.length < min) return `${shown(value)} has fewer items than @minItems ${min}`;
    if (max !== undefined && value.length > max) return `${shown(value)} has more items than @maxItems ${max}`;
  }
  return undefined;
}

/** A pattern JavaScript cannot compile is no reason to reject a default (the tag's reader reports it). */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, "u").test(value);
  } catch {
    return true;
  }
}

/** The value, and where in the default it sits unless it is the whole of it. */
function shownAt(value: JsonValue, path: string, root: string): string {
  return path === root ? shown(value) : `${shown(value)} at ${path}`;
}

function shown(value: JsonValue | undefined): string {
  const text = typeof value === "number" && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
