import type { JsonSchema, ObjectSchema } from "../json-schema.js";
import {
  ChangeLog, type Draft, acceptsAnything, acceptsNull, at, isObjectSchema, isSchema, resolveRef, show, withNote,
} from "./schema-tools.js";
import { describeTuple, lengthOf, tupleAsArray } from "./tuples.js";
import type { ProviderSchema } from "./types.js";

/**
 * OpenAI Structured Outputs (`strict: true`) rules, from the "Supported schemas" section of OpenAI's
 * Structured Outputs guide (https://platform.openai.com/docs/guides/structured-outputs#supported-schemas):
 * - root: an object, not `anyOf` ("Root objects must not be anyOf and must be an object"); every object has
 *   `additionalProperties: false` and lists EVERY property in `required` (optional fields are emulated with
 *   a union with `null`: "All fields must be required");
 * - types: string, number, integer, boolean, object, array, null, enum, const, anyOf, `$defs` + `$ref`
 *   (recursion allowed); `title` and `description` are fine;
 * - supported properties: string `pattern` and `format` (date-time, time, date, duration, email, hostname,
 *   ipv4, ipv6, uuid); number `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`;
 *   array `minItems`, `maxItems`;
 * - "Some type-specific keywords are not yet supported": allOf, not, if/then/else, dependentRequired,
 *   dependentSchemas; and "For fine-tuned models" also string minLength, maxLength, pattern, format, number
 *   minimum, maximum, multipleOf, object patternProperties, unevaluatedProperties, propertyNames,
 *   minProperties, maxProperties, array unevaluatedItems, contains, minContains, maxContains, minItems,
 *   maxItems, uniqueItems. We drop minLength, maxLength, minProperties, maxProperties, uniqueItems and
 *   contains for every model (the guide lists no string or object length keyword as supported, so this is
 *   the safe reading); `fineTuned: true` also drops the rest of the fine-tuned list;
 * - `default`: OpenAI's API accepts it; Azure OpenAI rejects it in strict schemas (users' 400 reports, e.g.
 *   portkey.ai's error library, "default field properties ... not supported"; Azure's own page,
 *   https://learn.microsoft.com/azure/foundry/openai/how-to/structured-outputs, documents an older, narrower
 *   subset and does not list it). Dropped, so one strict schema works on both, and kept as a sentence;
 * - `$ref` takes no sibling keywords;
 * - limits ("Objects have limitations on nesting depth and size", "Limitations on total string size",
 *   "Limitations on enum size"): 5000 object properties in total, 10 levels of nesting, 1000 enum values in
 *   total, 120,000 characters of property names + definition names + enum and const values; an enum of more
 *   than 250 strings may total at most 15,000 characters.
 */
export interface OpenAIStrictOptions {
  /**
   * The schema is for a fine-tuned model: also drop what the guide lists as "not yet supported for
   * fine-tuned models" (pattern, format, minimum, maximum, multipleOf, minItems, maxItems...), each
   * reported and kept as a description sentence.
   */
  readonly fineTuned?: boolean;
}

export const OPENAI_STRICT_RULES = {
  formats: ["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"],
  maxDepth: 10,
  maxProperties: 5000,
  maxEnumValues: 1000,
  maxStringChars: 120_000,
  largeEnumSize: 250,
  largeEnumChars: 15_000,
} as const;

/** Keywords copied as they are. */
const KEPT = new Set([
  "type", "title", "description", "enum", "const", "pattern", "minimum", "maximum", "exclusiveMinimum",
  "exclusiveMaximum", "multipleOf", "minItems", "maxItems",
]);
/**
 * Keywords strict mode rejects (or, for minLength/maxLength, the guide only calls unsupported "for fine-tuned
 * models": dropped for all, which is safe) that only narrow what the runtime validator still checks:
 * dropped and reported.
 */
const DROPPED_NARROWING: Record<string, (value: unknown) => string | undefined> = {
  minLength: (v) => `At least ${show(v)} characters.`,
  maxLength: (v) => `At most ${show(v)} characters.`,
  uniqueItems: (v) => (v === true ? "Items must be unique." : undefined),
  minProperties: () => undefined, maxProperties: () => undefined, contains: () => undefined,
  minContains: () => undefined, maxContains: () => undefined, unevaluatedItems: () => undefined,
  not: () => undefined, if: () => undefined, then: () => undefined, else: () => undefined,
  dependentRequired: () => undefined, dependentSchemas: () => undefined, propertyNames: () => undefined,
  examples: () => undefined, deprecated: () => undefined, readOnly: () => undefined, writeOnly: () => undefined,
  $schema: () => undefined, $id: () => undefined, $comment: () => undefined, contentEncoding: () => undefined,
  contentMediaType: () => undefined, discriminator: () => undefined,
};

/** The guide's "For fine-tuned models" keywords that non-fine-tuned strict mode supports (so KEPT has them). */
const FINE_TUNED_DROPS: Record<string, (value: unknown) => string | undefined> = {
  pattern: (v) => `Must match the regular expression ${String(v)}.`,
  format: (v) => `Format: ${String(v)}.`,
  minimum: (v) => `At least ${show(v)}.`,
  maximum: (v) => `At most ${show(v)}.`,
  exclusiveMinimum: (v) => `Greater than ${show(v)}.`,
  exclusiveMaximum: (v) => `Less than ${show(v)}.`,
  multipleOf: (v) => `A multiple of ${show(v)}.`,
  minItems: (v) => `At least ${show(v)} items.`,
  maxItems: (v) => `At most ${show(v)} items.`,
};

/**
 * Rewrites a tool's parameter schema into OpenAI's strict form. Optional properties become required and
 * nullable (`anyOf [T, {"type":"null"}]`; `$ref`s stay `$ref`s), so a strict model sends `null` for an
 * omitted argument: pass its arguments through {@link fromStrictArguments} before validating them.
 */
export function toOpenAIStrict(schema: JsonSchema, options: OpenAIStrictOptions = {}): ProviderSchema<ObjectSchema> {
  const log = new ChangeLog();
  if (!isObjectSchema(schema) || schema.anyOf !== undefined || schema.oneOf !== undefined) {
    log.problem("#", "strict mode needs an object schema at the root (not anyOf/oneOf)");
    return { ok: false, problems: log.problems, changes: log.changes };
  }
  const out = new StrictTransform(schema, log, options.fineTuned === true).node(schema, "#");
  checkLimits(out, log);
  if (log.problems.length > 0) return { ok: false, problems: log.problems, changes: log.changes };
  return { ok: true, schema: out as unknown as ObjectSchema, changes: log.changes };
}

class StrictTransform {
  constructor(private readonly root: JsonSchema, private readonly log: ChangeLog, private readonly fineTuned: boolean) {}

  node(input: JsonSchema | boolean, path: string): Draft {
    if (typeof input === "boolean" || acceptsAnything(input)) {
      this.log.problem(path, input === false ? "a schema that accepts nothing" : "accepts any value; strict mode needs a declared type");
      return {};
    }
    let node = input;
    if (node.$ref !== undefined) return this.refWithAnnotations(node, path);
    if (node.allOf !== undefined) {
      node = this.flattenAllOf(node, path);
    }

    const out: Draft = {};
    const notes: string[] = [];
    for (const [keyword, value] of Object.entries(node)) {
      const here = at(path, keyword);
      if (this.fineTuned && keyword in FINE_TUNED_DROPS) {
        this.log.change(here, `dropped ${keyword} ${show(value)}: not yet supported for fine-tuned models`);
        const note = FINE_TUNED_DROPS[keyword]?.(value);
        if (note !== undefined) notes.push(note);
      } else if (KEPT.has(keyword)) out[keyword] = value;
      else if (keyword === "format") {
        if ((OPENAI_STRICT_RULES.formats as readonly string[]).includes(String(value))) out.format = value;
        else {
          this.log.change(here, `dropped format ${show(value)}: not one of strict mode's formats`);
          notes.push(`Format: ${String(value)}.`);
        }
      } else if (keyword === "default") {
        this.log.change(here, `dropped default ${show(value)}: OpenAI accepts "default" but Azure OpenAI's strict mode rejects it`);
        if (value !== null) notes.push(`Default: ${show(value)}.`);
      } else if (keyword === "$ref") out.$ref = value;
      else if (keyword === "anyOf" || keyword === "oneOf") {
        if (keyword === "oneOf") this.log.change(here, "oneOf rewritten as anyOf (strict mode has no oneOf)");
        const branches = (value as readonly JsonSchema[]).map((b, i) => this.placed(b, at(here, i)));
        out.anyOf = [...((out.anyOf as Draft[] | undefined) ?? []), ...branches];
      } else if (keyword === "items") {
        if (isSchema(value) && node.prefixItems === undefined) out.items = this.placed(value, here);
      } else if (keyword === "prefixItems") {
        const members = value as readonly JsonSchema[];
        const array = tupleAsArray(members, node);
        this.log.change(here, `${describeTuple(members, node)} approximated as an array of any member type ${lengthOf(array)}: strict mode has no prefixItems`);
        out.items = this.placed(array.items, here);
        if (array.minItems !== undefined) out.minItems = array.minItems;
        if (array.maxItems !== undefined) out.maxItems = array.maxItems;
      } else if (keyword === "$defs" || keyword === "definitions") {
        const defs: Draft = {};
        for (const [name, def] of Object.entries(value as Record<string, JsonSchema>)) defs[name] = this.placed(def, at(here, name));
        out[keyword] = defs;
      } else if (keyword === "properties" || keyword === "required" || keyword === "additionalProperties") {
        // handled with the object as a whole below
      } else if (keyword === "patternProperties" || keyword === "unevaluatedProperties") {
        if (value !== false) this.log.problem(here, `${keyword} makes an open object, which strict mode cannot express`);
      } else if (keyword in DROPPED_NARROWING) {
        this.log.change(here, `dropped ${keyword}${keyword.startsWith("$") ? "" : ` ${show(value)}`}: ${keyword === "minLength" || keyword === "maxLength" ? "OpenAI lists it as unsupported for fine-tuned models only; dropped for every model, which is safe" : "not supported in strict mode"}`);
        const note = DROPPED_NARROWING[keyword]?.(value);
        if (note !== undefined) notes.push(note);
      } else {
        this.log.change(here, `dropped unknown keyword ${keyword}`);
      }
    }
    if (notes.length > 0) out.description = withNote(node.description, notes.join(" "));
    if (isObjectSchema(node)) Object.assign(out, this.object(node, path));
    return out;
  }

  /** A schema converted for a position where annotations beside a `$ref` cannot stay. */
  private placed(input: JsonSchema | boolean, path: string): Draft {
    return this.settle(this.node(input, path), path);
  }

  /**
   * Strict mode refuses keywords beside `$ref`. An optional property's nullable wrapper can carry them
   * (`{description, anyOf: [{$ref}, {type: null}]}`); anywhere else the target is inlined one level, as
   * openai-python's `to_strict_json_schema` does.
   */
  private settle(draft: Draft, path: string): Draft {
    if (typeof draft.$ref !== "string" || Object.keys(draft).length === 1) return draft;
    const { $ref, ...annotations } = draft;
    const target = resolveRef(this.root, $ref);
    if (target === undefined) return { $ref };
    this.log.change(path, `inlined ${$ref}: strict mode allows no keywords (${Object.keys(annotations).join(", ")}) beside $ref`);
    return { ...this.node(target, path), ...annotations };
  }

  /** `{$ref, ...}`: annotations kept for now (see settle), everything else dropped and reported. */
  private refWithAnnotations(node: JsonSchema, path: string): Draft {
    const ref = node.$ref ?? "#";
    if (resolveRef(this.root, ref) === undefined) {
      this.log.problem(path, `unresolvable $ref ${ref}`);
      return {};
    }
    const out: Draft = { $ref: ref };
    const notes: string[] = [];
    for (const [keyword, value] of Object.entries(node)) {
      if (keyword === "$ref") continue;
      if (keyword === "title" || keyword === "description") out[keyword] = value;
      else if (keyword === "default") {
        this.log.change(at(path, keyword), `dropped default ${show(value)}: OpenAI accepts "default" but Azure OpenAI's strict mode rejects it`);
        if (value !== null) notes.push(`Default: ${show(value)}.`);
      } else this.log.change(at(path, keyword), `dropped ${keyword} beside $ref: strict mode allows no keywords beside $ref`);
    }
    if (notes.length > 0) out.description = withNote(node.description, notes.join(" "));
    return out;
  }

  private object(node: JsonSchema, path: string): Draft {
    const extra = node.additionalProperties;
    if (extra !== undefined && extra !== false) {
      this.log.problem(at(path, "additionalProperties"), "an open object (Record / index signature) cannot be strict: every key must be declared");
    } else if (node.properties === undefined) {
      this.log.problem(path, "an object without declared properties cannot be strict");
    }
    const properties: Draft = {};
    const required = new Set(node.required ?? []);
    for (const [name, prop] of Object.entries(node.properties ?? {})) {
      const here = at(path, "properties", name);
      const converted = this.node(prop, here);
      if (required.has(name) || acceptsNull(converted as JsonSchema, this.root)) {
        properties[name] = this.settle(converted, here);
        if (!required.has(name)) {
          const lostDefault = prop.default !== undefined && prop.default !== null;
          this.log.change(here, lostDefault
            ? `optional "${name}" made required; it accepts null, so a strict model sends null, not the default ${show(prop.default)}`
            : `optional "${name}" made required (it already accepts null)`);
        }
      } else {
        properties[name] = nullable(converted);
        this.log.change(here, `optional "${name}" made required and nullable: null stands for "omitted"`);
      }
    }
    return { type: node.type ?? "object", properties, required: Object.keys(properties), additionalProperties: false };
  }

  private flattenAllOf(node: JsonSchema, path: string): JsonSchema {
    const { allOf, ...rest } = node;
    const parts = allOf ?? [];
    if (parts.length === 1 && parts[0] !== undefined) {
      const only = parts[0];
      this.log.change(at(path, "allOf"), "single-member allOf unwrapped");
      return only.$ref !== undefined && Object.keys(rest).length > 0
        ? { ...(resolveRef(this.root, only.$ref) ?? {}), ...rest }
        : { ...only, ...rest };
    }
    // Merge object members (pydantic never emits this; hand-written schemas sometimes do).
    const resolved = parts.map((p) => (p.$ref !== undefined ? resolveRef(this.root, p.$ref) ?? p : p));
    if (!resolved.every((p) => isObjectSchema(p) && p.additionalProperties === undefined)) {
      this.log.problem(at(path, "allOf"), "allOf of non-object schemas has no strict-mode equivalent");
      return rest;
    }
    this.log.change(at(path, "allOf"), "allOf of objects merged into one object");
    return {
      ...rest,
      type: "object",
      properties: Object.assign({}, ...resolved.map((p) => p.properties ?? {}), rest.properties ?? {}),
      required: [...new Set([...resolved.flatMap((p) => p.required ?? []), ...(rest.required ?? [])])],
    };
  }
}

/** `T` -> `anyOf [T, {"type":"null"}]`, annotations kept on the outside. */
function nullable(schema: Draft): Draft {
  const { title, description, ...inner } = schema;
  const outer: Draft = {};
  if (title !== undefined) outer.title = title;
  if (description !== undefined) outer.description = description;
  if (Array.isArray(inner.anyOf) && Object.keys(inner).length === 1) {
    return { ...outer, anyOf: [...(inner.anyOf as unknown[]), { type: "null" }] };
  }
  return { ...outer, anyOf: [inner, { type: "null" }] };
}

/** Size limits are measured on the transformed schema, the one OpenAI sees. */
function checkLimits(schema: Draft, log: ChangeLog): void {
  const rules = OPENAI_STRICT_RULES;
  let properties = 0;
  let enumValues = 0;
  let chars = 0;
  const visit = (node: unknown, path: string): void => {
    if (!isSchema(node)) return;
    const n = node as Draft;
    if (isSchema(n.properties)) {
      for (const [name, prop] of Object.entries(n.properties)) {
        properties += 1;
        chars += name.length;
        visit(prop, at(path, "properties", name));
      }
    }
    if (Array.isArray(n.enum)) {
      enumValues += n.enum.length;
      const enumChars = n.enum.reduce<number>((sum, v) => sum + String(v).length, 0);
      chars += enumChars;
      if (n.enum.length > rules.largeEnumSize && enumChars > rules.largeEnumChars) {
        log.problem(at(path, "enum"), `an enum of ${n.enum.length} values totalling ${enumChars} characters exceeds strict mode's ${rules.largeEnumChars}`);
      }
    }
    if (n.const !== undefined) chars += String(n.const).length;
    if (isSchema(n.items)) visit(n.items, at(path, "items"));
    if (Array.isArray(n.anyOf)) n.anyOf.forEach((b, i) => visit(b, at(path, "anyOf", i)));
    for (const defsKey of ["$defs", "definitions"]) {
      const defs = n[defsKey];
      if (isSchema(defs)) {
        for (const [name, def] of Object.entries(defs)) {
          chars += name.length;
          visit(def, at(path, defsKey, name));
        }
      }
    }
  };
  visit(schema, "#");
  if (properties > rules.maxProperties) log.problem("#", `${properties} object properties exceed strict mode's ${rules.maxProperties}`);
  if (enumValues > rules.maxEnumValues) log.problem("#", `${enumValues} enum values exceed strict mode's ${rules.maxEnumValues}`);
  if (chars > rules.maxStringChars) log.problem("#", `${chars} characters of names and values exceed strict mode's ${rules.maxStringChars}`);
  const depth = nestingDepth(schema, schema, new Set());
  if (depth > rules.maxDepth) log.problem("#", `objects nest ${depth} levels deep; strict mode allows ${rules.maxDepth}`);
}

/** Object nesting levels, following $refs except back into a definition already on the path. */
export function nestingDepth(node: unknown, root: Draft, onPath: ReadonlySet<string>): number {
  if (!isSchema(node)) return 0;
  const n = node as Draft;
  if (typeof n.$ref === "string") {
    if (onPath.has(n.$ref)) return 0;
    const target = resolveRef(root as JsonSchema, n.$ref);
    return target === undefined ? 0 : nestingDepth(target, root, new Set([...onPath, n.$ref]));
  }
  const children: unknown[] = [
    ...(isSchema(n.properties) ? Object.values(n.properties) : []),
    ...(Array.isArray(n.anyOf) ? n.anyOf : []),
    ...(isSchema(n.items) ? [n.items] : []),
  ];
  const own = isSchema(n.properties) ? 1 : 0;
  return own + Math.max(0, ...children.map((c) => nestingDepth(c, root, onPath)));
}
