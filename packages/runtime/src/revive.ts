// Validated arguments are JSON; a function typed `start: Date` needs a Date. A tool's revive plan says
// where such values sit, and this turns it into one function per tool, once, that converts them in place.
import type { JsonSchema } from "./json-schema.js";
import type { RevivePlan } from "./registry.js";
import { compileValidator, type CompileOptions } from "./validation/index.js";
import { parseDateTime } from "./validation/formats.js";
import { resolveRef } from "./validation/describe.js";
import { getOwn, setOwn } from "./own-property.js";

/** Converts the values a plan marks, in place, in arguments that already passed validation. */
export type ReviveFn = (args: Record<string, unknown>) => void;

/** A value in, the value to store in its place out (the same object, changed inside, for containers). */
type Step = (value: unknown) => unknown;

/**
 * Compiles `plan` against the tool's `parameters` (the plan mirrors it). Returns undefined when there is
 * nothing to revive, so such tools pay nothing. Throws when the plan does not fit the schema: a bug in
 * whatever wrote the registry, reported when the toolbox is built.
 */
export function compileReviver(plan: RevivePlan | undefined, schema: JsonSchema, options: Pick<CompileOptions, "unknownProperties" | "backend"> = {}): ReviveFn | undefined {
  if (plan === undefined || isEmpty(plan)) return undefined;
  const defs = new Map<string, Step>();

  function step(node: RevivePlan, at: JsonSchema, where: string): Step | undefined {
    if (node.$ref !== undefined) return refStep(node.$ref, where);
    if (node.as === "date") return reviveDate;
    const parts: Step[] = [];
    if (node.properties !== undefined) parts.push(propertiesStep(node.properties, at, where));
    if (node.additionalProperties !== undefined) {
      const inner = step(node.additionalProperties, schemaAt(at.additionalProperties, where, "additionalProperties"), `${where}/additionalProperties`);
      const declared = new Set(Object.keys(at.properties ?? {}));
      if (inner) parts.push((value) => {
        if (isRecord(value)) for (const key of Object.keys(value)) if (!declared.has(key)) setOwn(value, key, inner(value[key]));
        return value;
      });
    }
    if (node.items !== undefined) {
      const inner = step(node.items, schemaAt(at.items, where, "items"), `${where}/items`);
      const from = at.prefixItems?.length ?? 0;
      if (inner) parts.push((value) => {
        if (Array.isArray(value)) for (let i = from; i < value.length; i++) value[i] = inner(value[i]);
        return value;
      });
    }
    if (node.prefixItems !== undefined) {
      const members = node.prefixItems.map((member, i) => step(member, schemaAt(at.prefixItems?.[i], where, `prefixItems/${i}`), `${where}/prefixItems/${i}`));
      parts.push((value) => {
        if (Array.isArray(value)) members.forEach((inner, i) => { if (inner && i < value.length) value[i] = inner(value[i]); });
        return value;
      });
    }
    if (node.anyOf !== undefined) parts.push(anyOfStep(node.anyOf, at, where));
    if (parts.length === 0) return undefined;
    return parts.length === 1 ? parts[0] : (value) => parts.reduce((v, part) => part(v), value);
  }

  function propertiesStep(properties: { readonly [name: string]: RevivePlan }, at: JsonSchema, where: string): Step {
    const entries = Object.entries(properties).flatMap(([name, sub]) => {
      const inner = step(sub, schemaAt(at.properties?.[name], where, `properties/${name}`), `${where}/properties/${name}`);
      return inner ? [[name, inner] as const] : [];
    });
    return (value) => {
      if (isRecord(value)) {
        for (const [name, inner] of entries) {
          const item = getOwn(value, name);
          if (item !== undefined) setOwn(value, name, inner(item));
        }
      }
      return value;
    };
  }

  /** The branch is the first whose schema the value matches, as validation chose it. */
  function anyOfStep(branches: readonly RevivePlan[], at: JsonSchema, where: string): Step {
    const schemas = at.anyOf;
    if (schemas === undefined || schemas.length !== branches.length) throw new Error(`revive plan has anyOf at ${where}, the schema ${schemas ? `has ${schemas.length} branches, the plan ${branches.length}` : "has none"}`);
    const steps = branches.map((branch, i) => step(branch, schemas[i]!, `${where}/anyOf/${i}`));
    const definitions = { ...(schema.$defs ? { $defs: schema.$defs } : {}), ...(schema.definitions ? { definitions: schema.definitions } : {}) };
    const tests = schemas.map((branch) => {
      const validate = compileValidator({ ...definitions, ...branch }, { ...options, applyDefaults: false });
      return (value: unknown) => validate(value).length === 0;
    });
    return (value) => {
      for (let i = 0; i < tests.length; i++) {
        if (tests[i]!(value)) return steps[i] ? steps[i]!(value) : value;
      }
      return value;
    };
  }

  function refStep(ref: string, where: string): Step | undefined {
    const existing = defs.get(ref);
    if (existing) return existing;
    const name = /^#\/\$defs\/(.+)$/.exec(ref)?.[1];
    const sub = name === undefined ? undefined : plan?.$defs?.[decodeURIComponent(name).replace(/~1/g, "/").replace(/~0/g, "~")];
    if (sub === undefined) throw new Error(`revive plan refers to ${ref} at ${where}, which its $defs do not hold`);
    let compiled: Step | undefined;
    // Registered before compiling, so a recursive definition closes the loop through this indirection.
    const indirect: Step = (value) => (compiled ? compiled(value) : value);
    defs.set(ref, indirect);
    compiled = step(sub, resolveRef(schema, ref), ref);
    return indirect;
  }

  const root = step(plan, schema, "#");
  return root ? (args) => void root(args) : undefined;
}

function reviveDate(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const time = parseDateTime(value);
  return Number.isNaN(time) ? value : new Date(time);
}

function schemaAt(node: JsonSchema | boolean | undefined, where: string, keyword: string): JsonSchema {
  if (node === undefined || typeof node === "boolean") throw new Error(`revive plan has ${keyword} at ${where}, the schema does not`);
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isEmpty(plan: RevivePlan): boolean {
  return Object.keys(plan).every((key) => key === "$defs");
}
