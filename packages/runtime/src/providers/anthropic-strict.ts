import type { JsonSchema, ObjectSchema } from "../json-schema.js";
import {
  ChangeLog, type Draft, acceptsAnything, at, isObjectSchema, isSchema, refName, resolveRef, show, withNote,
} from "./schema-tools.js";
import { parameterNameProblems } from "./names.js";
import { describeTuple, tupleAsArray, tupleNote } from "./tuples.js";
import type { ProviderSchema } from "./types.js";

/**
 * Anthropic strict tool use (`strict: true` on a tool: grammar-constrained sampling of its input). Its
 * rules are NOT OpenAI's; from Claude's docs, "Structured outputs" -> "JSON Schema limitations"
 * (https://platform.claude.com/docs/en/build-with-claude/structured-outputs#json-schema-limitations, shared
 * by JSON outputs and strict tool use; https://platform.claude.com/docs/en/agents-and-tools/tool-use/strict-tool-use):
 * - supported: the basic types; `enum` of strings, numbers, booleans or nulls ("no complex types");
 *   `const`; `anyOf` and `allOf` ("allOf with $ref not supported"); local `$ref`/`$defs`/`definitions`;
 *   `default`; `required` and `additionalProperties` ("must be set to false for objects"); string formats
 *   date-time, time, date, duration, email, hostname, uri, ipv4, ipv6, uuid; "Array minItems (only values 0
 *   and 1 supported)"; `pattern` with simple regexes (no backreferences, lookaround or word boundaries);
 * - not supported (400): recursive schemas; numerical constraints (minimum, maximum, multipleOf...); string
 *   constraints (minLength, maxLength); array constraints beyond minItems 0 or 1 (so maxItems);
 *   additionalProperties other than false;
 * - optional properties are allowed (unlike OpenAI strict, nothing has to become required);
 * - "Schema complexity limits", per request across all strict schemas: 20 strict tools, 24 optional
 *   parameters ("Each parameter not listed in required counts"), 16 parameters with union types ("anyOf or
 *   type arrays"). See ANTHROPIC_STRICT_RULES and anthropicStrictCost.
 * Dropped constraints are reported and kept as description text (as Anthropic's own SDKs do: "Update
 * descriptions with constraint info"); the runtime still validates the original schema.
 */
export const ANTHROPIC_STRICT_RULES = {
  formats: ["date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid"],
  maxStrictTools: 20,
  maxOptionalParameters: 24,
  maxUnionParameters: 16,
} as const;

/** Regex features the docs list as unsupported in `pattern`: backreferences, lookahead/lookbehind, \b \B. */
const UNSUPPORTED_REGEX = /\\[1-9]|\\k<|\(\?<?[=!]|\\[bB]/;

/** Keywords kept as they are (the supported list above). */
const KEPT = new Set(["type", "title", "description", "const", "default"]);

/** Dropped keywords and the sentence each leaves in the description. */
const DROPPED: Record<string, (value: unknown) => string | undefined> = {
  minimum: (v) => `At least ${show(v)}.`,
  maximum: (v) => `At most ${show(v)}.`,
  exclusiveMinimum: (v) => `Greater than ${show(v)}.`,
  exclusiveMaximum: (v) => `Less than ${show(v)}.`,
  multipleOf: (v) => `A multiple of ${show(v)}.`,
  minLength: (v) => `At least ${show(v)} characters.`,
  maxLength: (v) => `At most ${show(v)} characters.`,
  maxItems: (v) => `At most ${show(v)} items.`,
  uniqueItems: (v) => (v === true ? "Items must be unique." : undefined),
  minProperties: (v) => `At least ${show(v)} keys.`,
  maxProperties: (v) => `At most ${show(v)} keys.`,
  examples: (v) => (Array.isArray(v) && v.length > 0 ? `Example: ${v.map((x) => show(x)).join(", ")}.` : undefined),
  contains: () => undefined, minContains: () => undefined, maxContains: () => undefined, unevaluatedItems: () => undefined,
  not: () => undefined, if: () => undefined, then: () => undefined, else: () => undefined,
  dependentRequired: () => undefined, dependentSchemas: () => undefined, propertyNames: () => undefined,
  deprecated: () => undefined, readOnly: () => undefined, writeOnly: () => undefined, discriminator: () => undefined,
  $schema: () => undefined, $id: () => undefined, $comment: () => undefined, contentEncoding: () => undefined,
  contentMediaType: () => undefined,
};

const WHY: Record<string, string> = {
  minimum: "numerical constraints are not supported", maximum: "numerical constraints are not supported",
  exclusiveMinimum: "numerical constraints are not supported", exclusiveMaximum: "numerical constraints are not supported",
  multipleOf: "numerical constraints are not supported", minLength: "string constraints are not supported",
  maxLength: "string constraints are not supported", maxItems: "array constraints beyond minItems 0 or 1 are not supported",
  uniqueItems: "array constraints beyond minItems 0 or 1 are not supported",
};

export function toAnthropicStrict(schema: JsonSchema): ProviderSchema<ObjectSchema> {
  const log = new ChangeLog();
  if (!isObjectSchema(schema) || schema.anyOf !== undefined || schema.oneOf !== undefined || schema.allOf !== undefined) {
    log.problem("#", "input_schema must be an object schema (no anyOf/oneOf/allOf at the top level)");
    return { ok: false, problems: log.problems, changes: log.changes };
  }
  // Strict or not, the input_schema's property names follow the same rule (anthropic.ts).
  for (const problem of parameterNameProblems(schema, "anthropic")) log.problem(problem.path, problem.message);
  const out = new StrictTransform(schema, log).node(schema, "#");
  const cost = anthropicStrictCost(out as unknown as ObjectSchema);
  const rules = ANTHROPIC_STRICT_RULES;
  if (cost.optional > rules.maxOptionalParameters) {
    log.problem("#", `${cost.optional} optional parameters exceed strict tool use's ${rules.maxOptionalParameters} per request`);
  }
  if (cost.unions > rules.maxUnionParameters) {
    log.problem("#", `${cost.unions} parameters with union types exceed strict tool use's ${rules.maxUnionParameters} per request`);
  }
  if (log.problems.length > 0) return { ok: false, problems: log.problems, changes: log.changes };
  return { ok: true, schema: out as unknown as ObjectSchema, changes: log.changes };
}

/**
 * What one strict schema spends of a request's limits: properties not listed in `required` (at any depth,
 * each definition counted once) and subschemas using `anyOf` or a type array.
 */
export function anthropicStrictCost(schema: ObjectSchema): { readonly optional: number; readonly unions: number } {
  let optional = 0;
  let unions = 0;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isSchema(node)) return;
    if (Array.isArray(node.anyOf) || (Array.isArray(node.type) && node.type.length > 1)) unions += 1;
    if (isSchema(node.properties)) {
      const required = new Set(node.required ?? []);
      optional += Object.keys(node.properties).filter((name) => !required.has(name)).length;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "properties" || key === "$defs" || key === "definitions") Object.values(value as Draft).forEach(walk);
      else if (key === "items" || key === "anyOf" || key === "allOf") walk(value);
    }
  };
  walk(schema);
  return { optional, unions };
}

class StrictTransform {
  private readonly recursive: ReadonlySet<string>;
  private readonly reported = new Set<string>();

  constructor(private readonly root: JsonSchema, private readonly log: ChangeLog) {
    this.recursive = recursiveRefs(root);
  }

  node(input: JsonSchema | boolean, path: string): Draft {
    if (typeof input === "boolean" || acceptsAnything(input)) {
      // `{}` (any value) is valid JSON Schema, but a grammar needs a type: not strict-able.
      this.log.problem(path, input === false ? "a schema that accepts nothing" : "accepts any value; strict tool use needs a declared type");
      return {};
    }
    let node = input;
    if (node.$ref !== undefined) return this.ref(node, path);
    if (node.allOf !== undefined) node = this.flattenAllOf(node, path);

    const out: Draft = {};
    const notes: string[] = [];
    const drop = (keyword: string, value: unknown, why: string): void => {
      this.log.change(at(path, keyword), `dropped ${keyword}${keyword.startsWith("$") ? "" : ` ${show(value)}`}: ${why}`);
      const note = DROPPED[keyword]?.(value);
      if (note !== undefined) notes.push(note);
    };
    for (const [keyword, value] of Object.entries(node)) {
      const here = at(path, keyword);
      // A tuple's length keywords are part of the tuple, reported with it below.
      if (node.prefixItems !== undefined && (keyword === "minItems" || keyword === "maxItems")) continue;
      if (KEPT.has(keyword)) out[keyword] = value;
      else if (keyword === "enum") {
        const values = value as readonly unknown[];
        if (values.every((v) => v === null || typeof v !== "object")) out.enum = values;
        else {
          this.log.change(here, "dropped enum: complex types within enums are not supported");
          notes.push(`One of: ${values.map((v) => show(v)).join(", ")}.`);
        }
      } else if (keyword === "format") {
        if ((ANTHROPIC_STRICT_RULES.formats as readonly string[]).includes(String(value))) out.format = value;
        else {
          this.log.change(here, `dropped format ${show(value)}: not one of strict tool use's string formats`);
          notes.push(`Format: ${String(value)}.`);
        }
      } else if (keyword === "pattern") {
        if (!UNSUPPORTED_REGEX.test(String(value))) out.pattern = value;
        else {
          this.log.change(here, `dropped pattern ${show(value)}: backreferences, lookaround and word boundaries are not supported`);
          notes.push(`Must match the regular expression ${String(value)}.`);
        }
      } else if (keyword === "minItems") {
        const n = Number(value);
        out.minItems = n > 1 ? 1 : n;
        if (n > 1) {
          this.log.change(here, `minItems ${n} lowered to 1: only minItems 0 and 1 are supported`);
          notes.push(`At least ${n} items.`);
        }
      } else if (keyword === "anyOf" || keyword === "oneOf") {
        if (keyword === "oneOf") this.log.change(here, "oneOf rewritten as anyOf (strict tool use supports anyOf)");
        const branches = (value as readonly JsonSchema[]).map((b, i) => this.placed(b, at(here, i)));
        out.anyOf = [...((out.anyOf as Draft[] | undefined) ?? []), ...branches];
      } else if (keyword === "items") {
        if (isSchema(value) && node.prefixItems === undefined) out.items = this.placed(value, here);
      } else if (keyword === "prefixItems") {
        const members = value as readonly JsonSchema[];
        const array = tupleAsArray(members, node);
        // Reported at the array itself: its prefixItems, minItems and maxItems all go.
        this.log.change(path, `${describeTuple(members, node)} approximated as an array of any member type: strict tool use has no prefixItems, no maxItems and minItems only up to 1`);
        out.items = this.placed(array.items, here);
        if (array.minItems !== undefined) out.minItems = Math.min(array.minItems, 1);
        notes.push(tupleNote(members, node));
      } else if (keyword === "$defs" || keyword === "definitions") {
        const defs: Draft = {};
        for (const [name, def] of Object.entries(value as Record<string, JsonSchema>)) defs[name] = this.placed(def, at(here, name));
        out[keyword] = defs;
      } else if (keyword === "properties" || keyword === "required" || keyword === "additionalProperties") {
        // the object as a whole, below
      } else if (keyword === "patternProperties" || keyword === "unevaluatedProperties") {
        if (value !== false) this.log.problem(here, `${keyword} makes an open object; strict tool use needs additionalProperties: false`);
      } else if (keyword in DROPPED) {
        drop(keyword, value, WHY[keyword] ?? "not supported by strict tool use");
      } else {
        this.log.change(here, `dropped unknown keyword ${keyword}`);
      }
    }
    if (notes.length > 0) out.description = withNote(node.description, notes.join(" "));
    if (isObjectSchema(node)) Object.assign(out, this.object(node, path));
    return out;
  }

  /** A schema where annotations beside a `$ref` are not expected: a described `$ref` is inlined one level. */
  private placed(input: JsonSchema | boolean, path: string): Draft {
    const draft = this.node(input, path);
    if (typeof draft.$ref !== "string" || Object.keys(draft).length === 1) return draft;
    // Anthropic's SDK sends a bare `{ $ref }` (transform-json-schema.ts drops its siblings); the docs do not
    // say siblings are accepted, so keep the annotations by inlining the (non-recursive) target instead.
    const { $ref, ...annotations } = draft;
    const target = resolveRef(this.root, $ref);
    if (target === undefined || this.recursive.has($ref)) return { $ref };
    this.log.change(path, `inlined ${$ref} to keep ${Object.keys(annotations).join(", ")} beside it`);
    return { ...this.node(target, path), ...annotations };
  }

  private ref(node: JsonSchema, path: string): Draft {
    const ref = node.$ref ?? "#";
    if (resolveRef(this.root, ref) === undefined) {
      this.log.problem(path, `unresolvable $ref ${ref} (only local references are supported)`);
      return {};
    }
    if (this.recursive.has(ref) && !this.reported.has(ref)) {
      this.reported.add(ref);
      this.log.problem(path, `recursion through ${refName(ref)}: recursive schemas are not supported by strict tool use`);
    }
    const out: Draft = { $ref: ref };
    for (const [keyword, value] of Object.entries(node)) {
      if (keyword === "$ref") continue;
      if (keyword === "title" || keyword === "description" || keyword === "default") out[keyword] = value;
      else this.log.change(at(path, keyword), `dropped ${keyword} beside $ref`);
    }
    return out;
  }

  private object(node: JsonSchema, path: string): Draft {
    const extra = node.additionalProperties;
    if (extra !== undefined && extra !== false) {
      this.log.problem(at(path, "additionalProperties"), "an open object (Record / index signature) cannot be strict: additionalProperties must be false");
    }
    const properties: Draft = {};
    for (const [name, prop] of Object.entries(node.properties ?? {})) properties[name] = this.placed(prop, at(path, "properties", name));
    const required = (node.required ?? []).filter((name) => name in properties);
    return { type: node.type ?? "object", properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
  }

  private flattenAllOf(node: JsonSchema, path: string): JsonSchema {
    const { allOf, ...rest } = node;
    const parts = (allOf ?? []).map((p) => (p.$ref !== undefined ? resolveRef(this.root, p.$ref) ?? p : p));
    if (parts.length === 1 && parts[0] !== undefined) {
      this.log.change(at(path, "allOf"), "single-member allOf unwrapped (allOf with $ref is not supported)");
      return { ...parts[0], ...rest };
    }
    if (!parts.every((p) => isObjectSchema(p) && (p.additionalProperties === undefined || p.additionalProperties === false))) {
      this.log.problem(at(path, "allOf"), "allOf of non-object schemas has no strict form here");
      return rest;
    }
    this.log.change(at(path, "allOf"), "allOf of objects merged into one object");
    return {
      ...rest,
      type: "object",
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), rest.properties ?? {}),
      required: [...new Set([...parts.flatMap((p) => p.required ?? []), ...(rest.required ?? [])])],
    };
  }
}

/** The local refs that can reach themselves (through properties, items, unions, definitions). */
function recursiveRefs(root: JsonSchema): ReadonlySet<string> {
  const refsIn = (node: unknown, found: Set<string>): Set<string> => {
    if (Array.isArray(node)) node.forEach((n) => refsIn(n, found));
    else if (isSchema(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string") found.add(value);
        else if (key !== "$defs" && key !== "definitions" && key !== "enum" && key !== "const" && key !== "default" && key !== "examples") refsIn(value, found);
      }
    }
    return found;
  };
  const recursive = new Set<string>();
  const reaches = (from: string, target: string, seen: Set<string>): boolean => {
    const node = resolveRef(root, from);
    if (node === undefined) return false;
    for (const next of refsIn(from === "#" ? { ...node, $defs: undefined, definitions: undefined } : node, new Set())) {
      if (next === target) return true;
      if (!seen.has(next)) {
        seen.add(next);
        if (reaches(next, target, seen)) return true;
      }
    }
    return false;
  };
  for (const ref of refsIn(root, new Set())) if (reaches(ref, ref, new Set([ref]))) recursive.add(ref);
  for (const key of ["$defs", "definitions"] as const) {
    for (const name of Object.keys((root[key] as Record<string, unknown> | undefined) ?? {})) {
      const ref = `#/${key}/${name}`;
      if (reaches(ref, ref, new Set([ref]))) recursive.add(ref);
    }
  }
  return recursive;
}
