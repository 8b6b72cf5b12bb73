import type { JsonSchema } from "../json-schema.js";
import { setOwn } from "../own-property.js";
import { acceptsNull, isSchema, resolveRef } from "./schema-tools.js";

/**
 * Undoes the one semantic change {@link toOpenAIStrict} makes: a strict model must send every property,
 * so it sends `null` for an optional argument it means to omit. Given the ORIGINAL schema, this removes
 * each `null` whose property is optional and does not itself accept `null`, at any depth, so validation
 * against the original schema then applies defaults as usual. Everything else is returned unchanged
 * (a new object where something was removed; the input is never mutated).
 */
export function fromStrictArguments(schema: JsonSchema, args: unknown, root: JsonSchema = schema): unknown {
  return strip(schema, args, root, 0);
}

const MAX_DEPTH = 64;

function strip(schema: JsonSchema, value: unknown, root: JsonSchema, depth: number): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== "object") return value;
  const target = schema.$ref !== undefined ? resolveRef(root, schema.$ref) ?? schema : schema;
  if (Array.isArray(value)) {
    if (target.prefixItems !== undefined) {
      return value.map((item, i) => {
        const member = target.prefixItems?.[i] ?? (isSchema(target.items) ? target.items : undefined);
        return member === undefined ? item : strip(member, item, root, depth + 1);
      });
    }
    const items = target.items;
    return isSchema(items) ? value.map((item) => strip(items, item, root, depth + 1)) : value;
  }
  const branches = [...(target.anyOf ?? []), ...(target.oneOf ?? [])];
  if (target.properties === undefined && branches.length > 0) {
    // The branch whose declared properties cover the value's keys is the one the model meant.
    const keys = Object.keys(value);
    for (const branch of branches) {
      const resolved = branch.$ref !== undefined ? resolveRef(root, branch.$ref) ?? branch : branch;
      const props = resolved.properties;
      if (props !== undefined && keys.every((k) => Object.hasOwn(props, k))) return strip(resolved, value, root, depth + 1);
    }
    return value;
  }
  const properties = target.properties;
  if (properties === undefined) return value;
  const required = new Set(target.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const prop = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (prop === undefined) {
      setOwn(out, key, item);
    } else if (item === null && !required.has(key) && !acceptsNull(prop, root)) {
      continue;
    } else {
      setOwn(out, key, strip(prop, item, root, depth + 1));
    }
  }
  return out;
}
