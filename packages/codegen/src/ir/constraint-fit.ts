/**
 * Whether a JSDoc constraint can apply to the schema it is written on. JSON Schema applies each keyword
 * to values of one kind and ignores it on every other (`minimum` on a string validates nothing), and
 * pydantic refuses such a `Field` when it validates; so `@minimum 1` on a string, which most likely
 * meant `@minLength 1`, is reported at its tag and left out of the schema rather than offered to the
 * model as a rule nothing enforces. Read off the IR, through unions, `null` and `$ref`s: a constraint
 * that fits one member of a union (`minimum` on `string | number`) applies to that member, and stays.
 */
import type { DefinitionLookup } from "./default-fit.js";
import type { ConstraintKeyword, IrAnnotations, IrType, LiteralValue } from "./types.js";

type JsonKind = "string" | "number" | "boolean" | "null" | "array" | "object";

/** The kinds of value each keyword constrains (the emitter writes `minLength` on an array as `minItems`). */
const APPLIES_TO: { readonly [K in ConstraintKeyword]: readonly JsonKind[] } = {
  multipleOf: ["number"],
  minimum: ["number"],
  maximum: ["number"],
  exclusiveMinimum: ["number"],
  exclusiveMaximum: ["number"],
  minLength: ["string", "array"],
  maxLength: ["string", "array"],
  pattern: ["string"],
  minItems: ["array"],
  maxItems: ["array"],
};

const KIND_NAMES: { readonly [K in JsonKind]: string } = {
  string: "a string",
  number: "a number",
  boolean: "true or false",
  null: "null",
  array: "an array",
  object: "an object",
};

const PLURALS: { readonly [K in JsonKind]: string } = {
  string: "strings",
  number: "numbers",
  boolean: "booleans",
  null: "null",
  array: "arrays",
  object: "objects",
};

/** Unions and `$ref`s count as levels: deeper than this, a type is not judged. */
const MAX_DEPTH = 32;

export interface InertConstraint {
  readonly keyword: ConstraintKeyword;
  readonly message: string;
  readonly hint: string;
}

/** The constraints in `annotations` that no value of `type` is subject to, with what to say about each. */
export function inertConstraints(annotations: IrAnnotations, type: IrType, definitions: DefinitionLookup): InertConstraint[] {
  const keywords = Object.keys(annotations.constraints ?? {}) as ConstraintKeyword[];
  if (keywords.length === 0) return [];
  const kinds = kindsOf(type, definitions, 0);
  if (kinds === undefined) return [];
  const takes = [...kinds].filter((kind) => kind !== "null");
  if (takes.length === 0) return [];
  return keywords
    .filter((keyword) => !APPLIES_TO[keyword].some((kind) => kinds.has(kind)))
    .map((keyword) => ({
      keyword,
      message: `@${keyword} applies to ${APPLIES_TO[keyword].map((kind) => PLURALS[kind]).join(" and ")} only, and the value here is ${takes.map((kind) => KIND_NAMES[kind]).join(" or ")}: it would check nothing, so it is left out of the schema`,
      hint: hintFor(keyword, takes),
    }));
}

/** The annotations without the constraints `inert` names. */
export function withoutConstraints(annotations: IrAnnotations, inert: readonly InertConstraint[]): IrAnnotations {
  if (inert.length === 0 || !annotations.constraints) return annotations;
  const constraints = { ...annotations.constraints };
  for (const { keyword } of inert) delete constraints[keyword];
  const { constraints: _dropped, ...rest } = annotations;
  return Object.keys(constraints).length ? { ...rest, constraints } : rest;
}

function hintFor(keyword: ConstraintKeyword, takes: readonly JsonKind[]): string {
  const numeric = APPLIES_TO[keyword].includes("number");
  if (numeric && takes.includes("string")) return "for a string's length, write @minLength / @maxLength";
  if (numeric && takes.includes("array")) return "for an array's number of items, write @minItems / @maxItems";
  if (!numeric && takes.includes("number")) return "for a number's range, write @minimum / @maximum";
  return `remove the tag, or change the type it is written on`;
}

/** The JSON kinds a value of `type` can be; undefined when that cannot be told (`any`, a definition being read). */
function kindsOf(type: IrType, definitions: DefinitionLookup, depth: number): Set<JsonKind> | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (type.kind) {
    case "any":
      return undefined;
    case "string":
    case "date":
      return new Set(["string"]);
    case "number":
    case "integer":
      return new Set(["number"]);
    case "boolean":
      return new Set(["boolean"]);
    case "null":
      return new Set(["null"]);
    case "literal":
      return new Set(type.values.map(literalKind));
    case "array":
    case "tuple":
      return new Set(["array"]);
    case "object":
      return new Set(["object"]);
    case "union": {
      const kinds = new Set<JsonKind>();
      for (const member of type.members) {
        const found = kindsOf(member, definitions, depth + 1);
        if (found === undefined) return undefined;
        for (const kind of found) kinds.add(kind);
      }
      return kinds;
    }
    case "ref": {
      const body = definitions(type.name)?.body;
      if (!body) return undefined;
      if (body.kind === "object") return new Set(["object"]);
      if (body.kind === "enum") return new Set(body.values.map(literalKind));
      return kindsOf(body.type, definitions, depth + 1);
    }
  }
}

function literalKind(value: LiteralValue): JsonKind {
  return typeof value === "string" ? "string" : typeof value === "number" ? "number" : "boolean";
}
