import type { JsonSchema, ObjectSchema } from "../json-schema.js";
import { ChangeLog, type Draft, at, isObjectSchema, isSchema } from "./schema-tools.js";
import { describeTuple, lengthOf, tupleAsArray } from "./tuples.js";
import type { ProviderSchema } from "./types.js";

/**
 * OpenAI function calling WITHOUT strict mode takes ordinary JSON Schema; what it rejects (per the
 * function-calling guide and the API's own 400 messages, written down from memory, not re-checked online):
 * - `parameters` must be `type: "object"` (an object without `properties` is allowed but we add `{}`, the
 *   documented shape of a no-argument function);
 * - every array schema must have `items` ("array schema missing items"), so a fixed tuple (pydantic's
 *   `prefixItems` with no `items`) is rejected: we widen it to an array of any member type, fixed length.
 * Everything else passes through as it is.
 */
export function toOpenAI(schema: JsonSchema): ProviderSchema<ObjectSchema> {
  const log = new ChangeLog();
  if (!isObjectSchema(schema)) {
    log.problem("#", "function parameters must be an object schema");
    return { ok: false, problems: log.problems, changes: log.changes };
  }
  const out = visit(schema, "#", log) as Draft;
  if (out.type === undefined) {
    out.type = "object";
    log.change("#/type", 'added type "object" at the root');
  }
  if (out.properties === undefined) out.properties = {};
  return { ok: true, schema: out as unknown as ObjectSchema, changes: log.changes };
}

/** Copies a schema, giving every array an `items`. */
function visit(node: unknown, path: string, log: ChangeLog): unknown {
  if (Array.isArray(node)) return node.map((n, i) => visit(n, at(path, i), log));
  if (!isSchema(node)) return node;
  const out: Draft = {};
  for (const [key, value] of Object.entries(node)) {
    // Keys under these are names or values, not schemas to walk: copy them whole.
    out[key] = key === "enum" || key === "const" || key === "default" || key === "examples" || key === "required"
      ? value
      : key === "properties" || key === "$defs" || key === "definitions" || key === "patternProperties"
        ? Object.fromEntries(Object.entries(value as Draft).map(([k, v]) => [k, visit(v, at(path, key, k), log)]))
        : visit(value, at(path, key), log);
  }
  const isArray = node.type === "array" || (Array.isArray(node.type) && node.type.includes("array"));
  if (node.prefixItems !== undefined && (node.items === undefined || node.items === false)) {
    const members = node.prefixItems as readonly JsonSchema[];
    const array = tupleAsArray(members, node as JsonSchema);
    delete out.prefixItems;
    out.items = visit(array.items, at(path, "prefixItems"), log);
    if (array.minItems !== undefined) out.minItems = array.minItems;
    if (array.maxItems !== undefined) out.maxItems = array.maxItems;
    log.change(at(path, "prefixItems"), `${describeTuple(members, node as JsonSchema)} approximated as an array of any member type ${lengthOf(array)}: OpenAI requires "items"`);
  } else if (isArray && (node.items === undefined || node.items === false)) {
    out.items = {};
    log.change(at(path, "items"), 'array without "items" given "items": {}');
  }
  return out;
}
