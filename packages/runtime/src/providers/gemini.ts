import type { JsonSchema } from "../json-schema.js";
import {
  ChangeLog, type Draft, acceptsAnything, at, isSchema, refName, resolveRef, show, typeNames, withNote,
} from "./schema-tools.js";
import { describeTuple, lengthOf, tupleAsArray } from "./tuples.js";
import type { GeminiObjectSchema, ProviderSchema } from "./types.js";

/**
 * Google Gemini `functionDeclarations[].parameters`: a `Schema`, "a select subset of an OpenAPI 3.0 schema
 * object". Its fields, per the Gemini API reference (https://ai.google.dev/api/caching#Schema) and the
 * Vertex AI REST reference (https://cloud.google.com/vertex-ai/docs/reference/rest/v1/Schema): type,
 * format, title, description, nullable, enum, maxItems, minItems, properties, required, minProperties,
 * maxProperties, minLength, maxLength, pattern, example, anyOf, propertyOrdering, default, items, minimum,
 * maximum. So: no `$ref`/`$defs` (inlined; recursion cut at `maxRecursion` expansions of one definition
 * along a path), no `null` type or type arrays (`nullable: true`), `enum` only for strings (`const` becomes
 * a one-value enum), `examples` becomes the single `example`, formats filtered (see GEMINI_FORMATS); no
 * `additionalProperties`, `multipleOf`, `uniqueItems`, `prefixItems`, exclusive bounds: each is dropped or
 * approximated, reported, and where it helps the model, kept as a sentence in the description. An object
 * needs at least one property (400 "parameters.properties: should be non-empty for OBJECT type", reported
 * by several agent frameworks' users, e.g. agno-agi/agno#2112), so an open `Record` or an `any` value has no
 * form here: optional ones are dropped (reported), required ones make the result `ok: false`. A tool without
 * arguments leaves `parameters` out ("For function with no parameters, this can be left unset": the
 * `FunctionDeclaration.parameters` field in both references); see `toGeminiDeclaration`. Tools this subset
 * cannot express are what `parametersJsonSchema` (gemini-declaration.ts) is for.
 */
export interface GeminiOptions {
  /** How many times one `$defs` entry may be expanded along a single path before recursion is cut. Default 3. */
  readonly maxRecursion?: number;
}

/**
 * The formats kept, per type. Why a filter at all: the Gemini API reference says of `Schema.format` "Any
 * value is allowed, but most do not trigger any special functionality", yet Firebase AI Logic's `Schema`
 * docs (https://firebase.google.com/docs/reference/js/ai.schemashared, `format`) say that with the Gemini
 * Developer API a string format "must be either 'enum' or 'date-time', otherwise requests will fail". We
 * keep what both accept (the number and integer formats are the ones the references list) and move any
 * other format into the description, where it still reaches the model.
 */
export const GEMINI_FORMATS: Readonly<Record<string, readonly string[]>> = {
  string: ["enum", "date-time"],
  number: ["float", "double"],
  integer: ["int32", "int64"],
};

/** Why a format was not kept, for the change message (see GEMINI_FORMATS). */
function formatWhy(type: string | undefined): string {
  const kept = (GEMINI_FORMATS[type ?? ""] ?? []).map((f) => JSON.stringify(f)).join(" or ");
  if (type === "string") return `the API reference allows any format, but the Gemini Developer API fails requests with a string format other than ${kept} (Firebase AI Logic's Schema docs)`;
  return kept === "" ? `Gemini's Schema lists no format for ${type ?? "this type"}` : `the API references list only ${kept} for ${type}`;
}

type Converted =
  | { readonly kind: "schema"; readonly schema: Draft }
  | { readonly kind: "lost"; readonly why: string; readonly recursion: boolean };

const lost = (why: string, recursion = false): Converted => ({ kind: "lost", why, recursion });

export function toGemini(schema: JsonSchema, options: GeminiOptions = {}): ProviderSchema<GeminiObjectSchema> {
  const log = new ChangeLog();
  const transform = new GeminiTransform(schema, log, options.maxRecursion ?? 3);
  const result = transform.convert(schema, "#", []);
  if (result.kind === "lost" || result.schema.type !== "object") {
    log.problem("#", result.kind === "lost" ? result.why : "function parameters must be an object schema");
    return { ok: false, problems: log.problems, changes: log.changes };
  }
  if (schema.$defs !== undefined || schema.definitions !== undefined) {
    log.change("#/$defs", "definitions inlined: Gemini takes no $ref/$defs");
  }
  if (log.problems.length > 0) return { ok: false, problems: log.problems, changes: log.changes };
  return { ok: true, schema: result.schema as unknown as GeminiObjectSchema, changes: log.changes };
}

class GeminiTransform {
  constructor(
    private readonly root: JsonSchema,
    private readonly log: ChangeLog,
    private readonly maxRecursion: number,
  ) {}

  convert(input: JsonSchema | boolean, path: string, stack: readonly string[]): Converted {
    if (typeof input === "boolean" || acceptsAnything(input)) {
      return lost("accepts any value, and Gemini's Schema has no 'any' type");
    }
    let node = input;
    let refs = stack;
    // Follow refs (a chain of them, with annotations beside each kept) until a real schema.
    while (node.$ref !== undefined) {
      const ref = node.$ref;
      if (refs.filter((r) => r === ref).length >= this.maxRecursion) {
        return lost(`recursion through ${refName(ref)} cut after ${this.maxRecursion} levels`, true);
      }
      const target = resolveRef(this.root, ref);
      if (target === undefined) return lost(`unresolvable $ref ${ref}`);
      const { $ref: _ref, ...annotations } = node;
      node = { ...target, ...annotations };
      refs = [...refs, ref];
    }
    if (node.allOf !== undefined) {
      const merged = this.mergeAllOf(node, path);
      if (merged === undefined) return lost("allOf of non-object schemas has no Gemini form");
      node = merged;
    }
    const branchKey = node.anyOf !== undefined ? "anyOf" : node.oneOf !== undefined ? "oneOf" : undefined;
    if (branchKey !== undefined) return this.union(node, branchKey, path, refs);
    const types = typeNames(node).filter((t) => t !== "null");
    if (types.length > 1) {
      // `type: ["string", "number"]` -> anyOf of single types.
      const { type: _type, ...rest } = node;
      return this.union({ ...rest, anyOf: types.map((t) => ({ ...rest, type: t })) }, "anyOf", path, refs, typeNames(node).includes("null"));
    }
    return this.single(node, path, refs);
  }

  private union(node: JsonSchema, key: "anyOf" | "oneOf", path: string, stack: readonly string[], alsoNull = false): Converted {
    const all = node[key] ?? [];
    const isNull = (b: JsonSchema): boolean => b.type === "null" || b.const === null;
    const nullable = alsoNull || all.some(isNull);
    if (key === "oneOf") this.log.change(at(path, key), "oneOf rewritten as anyOf (Gemini has no oneOf)");
    const { anyOf: _a, oneOf: _o, discriminator, ...annotations } = node;
    if (discriminator !== undefined) this.log.change(at(path, "discriminator"), "dropped discriminator: not part of Gemini's Schema");
    const kept: Draft[] = [];
    let recursion = false;
    let firstWhy: string | undefined;
    all.forEach((branch, i) => {
      if (isNull(branch)) return;
      const here = at(path, key, i);
      const result = this.convert(branch, here, stack);
      if (result.kind === "schema") kept.push(result.schema);
      else {
        recursion ||= result.recursion;
        firstWhy ??= result.why;
        this.log.change(here, `dropped union member: ${result.why}`);
      }
    });
    if (kept.length === 0) return lost(firstWhy ?? "no member has a Gemini form", recursion);
    // Annotations beside the union (description, default, title...) go through the single-schema path.
    const outer = this.single({ ...annotations, type: undefined } as JsonSchema, path, stack, true);
    const wrapper: Draft = outer.kind === "schema" ? outer.schema : {};
    const members: Draft[] = nullable ? kept.map((k) => ({ ...k, nullable: true })) : kept;
    if (members.length === 1 && members[0] !== undefined) {
      // The annotations beside the union (description, title, default) stay on the one member left.
      return { kind: "schema", schema: { ...members[0], ...wrapper } };
    }
    return { kind: "schema", schema: { ...wrapper, anyOf: members } };
  }

  /**
   * One non-union schema. `annotationsOnly`: the leftovers beside an anyOf (only descriptive keywords
   * are expected there; no type is emitted).
   */
  private single(node: JsonSchema, path: string, stack: readonly string[], annotationsOnly = false): Converted {
    const out: Draft = {};
    const notes: string[] = [];
    const drop = (keyword: string, why: string, note?: string): void => {
      this.log.change(at(path, keyword), `dropped ${keyword}${why}`);
      if (note !== undefined) notes.push(note);
    };
    let nullable = typeNames(node).includes("null") || node.const === null;
    const type = annotationsOnly ? undefined : inferType(node);
    if (!annotationsOnly && type === undefined) return nullable ? lost("only null, which Gemini cannot express alone") : lost("no type Gemini can express");
    if (type !== undefined) out.type = type;

    for (const [keyword, value] of Object.entries(node)) {
      switch (keyword) {
        case "type": case "properties": case "required": case "items": case "prefixItems": case "additionalProperties":
        case "$defs": case "definitions":
          break; // handled below, or at the root
        case "description": case "title":
          out[keyword] = value;
          break;
        // Fields of Gemini's Schema (both API references above), kept as they are.
        case "minimum": case "maximum": case "minItems": case "maxItems": case "minLength": case "maxLength":
        case "minProperties": case "maxProperties": case "pattern": case "default":
          out[keyword] = value;
          break;
        case "exclusiveMinimum": case "exclusiveMaximum": {
          const bound = keyword === "exclusiveMinimum" ? "minimum" : "maximum";
          const n = Number(value);
          const inclusive = type === "integer" ? (bound === "minimum" ? Math.floor(n) + 1 : Math.ceil(n) - 1) : n;
          out[bound] = inclusive;
          this.log.change(at(path, keyword), `${keyword} ${show(value)} rewritten as ${bound} ${inclusive}${type === "integer" ? "" : " (now inclusive)"}`);
          if (type !== "integer") notes.push(`${bound === "minimum" ? "Greater" : "Less"} than ${show(value)}.`);
          break;
        }
        case "enum": {
          const values = value as readonly unknown[];
          if (values.includes(null)) nullable = true;
          const rest = values.filter((v) => v !== null);
          if (type === "string" && rest.every((v) => typeof v === "string")) out.enum = rest;
          else drop(keyword, `: Gemini enums hold strings only`, `One of: ${rest.map((v) => show(v)).join(", ")}.`);
          break;
        }
        case "const":
          if (typeof value === "string") out.enum = [value];
          else if (value !== null) drop(keyword, `: Gemini has no const for ${type ?? "this type"}`, `Always ${show(value)}.`);
          break;
        case "format":
          if ((GEMINI_FORMATS[type ?? ""] ?? []).includes(String(value))) out.format = value;
          else drop(keyword, ` ${show(value)}: ${formatWhy(type)}`, `Format: ${String(value)}.`);
          break;
        case "multipleOf":
          drop(keyword, `: not part of Gemini's Schema`, `A multiple of ${show(value)}.`);
          break;
        case "uniqueItems":
          drop(keyword, `: not part of Gemini's Schema`, value === true ? "Items must be unique." : undefined);
          break;
        case "examples": {
          // Gemini's Schema has one `example`, not JSON Schema's list.
          const list = value as readonly unknown[];
          if (list.length > 0) out.example = list[0];
          if (list.length > 1) {
            this.log.change(at(path, keyword), `kept the first of ${list.length} examples as example: Gemini's Schema has one`);
            notes.push(`Examples: ${list.map((v) => show(v)).join(", ")}.`);
          }
          break;
        }
        default:
          drop(keyword, `: not part of Gemini's Schema`);
      }
    }

    if (type === "array") {
      const items = this.arrayItems(node, path, stack, out);
      if (items.kind === "lost") return items;
      out.items = items.schema;
    }
    if (type === "object") {
      const object = this.object(node, path, stack, out);
      if (object !== undefined) return object;
    }
    if (notes.length > 0) out.description = withNote(out.description, notes.join(" "));
    if (nullable) out.nullable = true;
    return { kind: "schema", schema: out };
  }

  private arrayItems(node: JsonSchema, path: string, stack: readonly string[], out: Draft): Converted {
    if (node.prefixItems !== undefined) {
      const array = tupleAsArray(node.prefixItems, node);
      this.log.change(at(path, "prefixItems"), `${describeTuple(node.prefixItems, node)} approximated as an array of any member type ${lengthOf(array)}: Gemini has no tuples`);
      if (array.minItems !== undefined) out.minItems = array.minItems;
      if (array.maxItems !== undefined) out.maxItems = array.maxItems;
      return this.lostItems(this.convert(array.items, at(path, "prefixItems"), stack));
    }
    if (!isSchema(node.items)) return lost("an array without an items schema");
    return this.lostItems(this.convert(node.items, at(path, "items"), stack));
  }

  private lostItems(items: Converted): Converted {
    return items.kind === "lost" ? lost(`its items: ${items.why}`, items.recursion) : items;
  }

  /** Fills `out` with the object's properties; returns a `lost` result when nothing representable remains. */
  private object(node: JsonSchema, path: string, stack: readonly string[], out: Draft): Converted | undefined {
    const extra = node.additionalProperties;
    const declared = Object.entries(node.properties ?? {});
    if (extra !== undefined) {
      if (extra !== false && declared.length === 0) return lost("an open object (Record / index signature): Gemini objects need declared properties");
      this.log.change(at(path, "additionalProperties"), extra === false
        ? "dropped additionalProperties: false (Gemini cannot close an object; the runtime still rejects unknown keys)"
        : "dropped additionalProperties: extra keys cannot be described to Gemini");
    }
    const required = new Set(node.required ?? []);
    const properties: Draft = {};
    let onlyRecursionLost = true;
    for (const [name, prop] of declared) {
      const here = at(path, "properties", name);
      const result = this.convert(prop, here, stack);
      if (result.kind === "schema") {
        properties[name] = result.schema;
        continue;
      }
      onlyRecursionLost &&= result.recursion;
      if (required.has(name) && !result.recursion) {
        this.log.problem(here, `required "${name}" has no Gemini form: ${result.why}`);
      } else {
        this.log.change(here, `dropped ${required.has(name) ? "required" : "optional"} "${name}": ${result.why}`);
      }
    }
    if (declared.length > 0 && Object.keys(properties).length === 0 && path !== "#") {
      return lost("none of its properties has a Gemini form", onlyRecursionLost);
    }
    if (declared.length === 0 && path !== "#") return lost("an object without declared properties");
    out.properties = properties;
    const kept = [...required].filter((name) => name in properties);
    if (kept.length > 0) out.required = kept;
    return undefined;
  }

  private mergeAllOf(node: JsonSchema, path: string): JsonSchema | undefined {
    const { allOf, ...rest } = node;
    const parts = (allOf ?? []).map((p) => (p.$ref !== undefined ? { ...resolveRef(this.root, p.$ref), ...p, $ref: undefined } : p));
    if (parts.length === 1 && parts[0] !== undefined) {
      this.log.change(at(path, "allOf"), "single-member allOf unwrapped");
      return { ...stripUndefined(parts[0]), ...rest };
    }
    if (!parts.every((p) => p.properties !== undefined)) return undefined;
    this.log.change(at(path, "allOf"), "allOf of objects merged into one object");
    return {
      ...rest,
      type: "object",
      properties: Object.assign({}, ...parts.map((p) => p.properties), rest.properties ?? {}),
      required: [...new Set([...parts.flatMap((p) => p.required ?? []), ...(rest.required ?? [])])],
    };
  }
}

function stripUndefined(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([, v]) => v !== undefined)) as JsonSchema;
}

/** The one Gemini type a (non-union) schema has, declared or implied by its keywords. */
function inferType(node: JsonSchema): string | undefined {
  const declared = typeNames(node).filter((t) => t !== "null");
  if (declared[0] !== undefined) return declared[0];
  const values = [...(node.enum ?? []), ...(node.const !== undefined ? [node.const] : [])].filter((v) => v !== null);
  if (values.length > 0) {
    if (values.every((v) => typeof v === "string")) return "string";
    if (values.every((v) => typeof v === "boolean")) return "boolean";
    if (values.every((v) => Number.isInteger(v))) return "integer";
    if (values.every((v) => typeof v === "number")) return "number";
    return undefined;
  }
  if (node.properties !== undefined || node.additionalProperties !== undefined) return "object";
  if (node.items !== undefined || node.prefixItems !== undefined) return "array";
  return undefined;
}
