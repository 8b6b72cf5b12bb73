import type { JsonSchema } from "../json-schema.js";

const DEF_PREFIX = "#/$defs/";
/** Keywords whose values are data, not schemas: a `$ref`-looking object there is left alone. */
const DATA_KEYWORDS = new Set(["default", "const", "enum", "examples"]);
/** Keywords whose values map names (which may be `default`, `enum`...) to schemas. */
const NAME_MAPS = new Set(["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"]);

/**
 * The schema with every non-recursive `$defs` entry written in place of its `$ref` (sibling keywords of the
 * `$ref`, such as a `description` or `default`, win over the definition's own). Definitions that reach
 * themselves stay in `$defs` and are still referenced: recursion has no finite inline form.
 *
 * For MCP clients that do not resolve `$ref` (the MCP Inspector renders a parameter that is only a `$ref`
 * as a text box and sends the object as a JSON string).
 */
export function inlineDefs(schema: JsonSchema): JsonSchema {
  const defs = schema.$defs;
  if (defs === undefined) return schema;
  const recursive = recursiveDefs(defs);
  const expand = (node: unknown, inside: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((item) => expand(item, inside));
    if (typeof node !== "object" || node === null) return node;
    const record = node as Record<string, unknown>;
    const name = defName(record.$ref);
    if (name !== undefined && !recursive.has(name) && defs[name] !== undefined && !inside.includes(name)) {
      const { $ref: _ref, ...siblings } = record;
      const target = expand(defs[name], [...inside, name]) as Record<string, unknown>;
      return { ...target, ...expandEntries(siblings, inside) };
    }
    return expandEntries(record, inside);
  };
  const expandEntries = (record: Record<string, unknown>, inside: readonly string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) {
      if (DATA_KEYWORDS.has(key)) out[key] = value;
      else if (NAME_MAPS.has(key) && isRecord(value)) out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, expand(sub, inside)]));
      else out[key] = expand(value, inside);
    }
    return out;
  };

  const { $defs: _defs, ...rest } = schema;
  const result = expandEntries(rest as Record<string, unknown>, []);
  if (recursive.size > 0) {
    const kept: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(defs)) if (recursive.has(name)) kept[name] = expandEntries(def as Record<string, unknown>, []);
    result.$defs = kept;
  }
  return result as JsonSchema;
}

/** The names of the definitions that can reach themselves through `$ref`s. */
function recursiveDefs(defs: { readonly [name: string]: JsonSchema }): Set<string> {
  const edges = new Map<string, Set<string>>();
  for (const [name, def] of Object.entries(defs)) edges.set(name, refsIn(def));
  const recursive = new Set<string>();
  for (const start of edges.keys()) {
    const seen = new Set<string>();
    const stack = [...(edges.get(start) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (next === start) {
        recursive.add(start);
        break;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(edges.get(next) ?? []));
    }
  }
  return recursive;
}

function refsIn(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) refsIn(item, found);
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref") {
        const name = defName(value);
        if (name !== undefined) found.add(name);
      } else if (NAME_MAPS.has(key) && isRecord(value)) {
        for (const sub of Object.values(value)) refsIn(sub, found);
      } else if (!DATA_KEYWORDS.has(key)) refsIn(value, found);
    }
  }
  return found;
}

function defName(ref: unknown): string | undefined {
  if (typeof ref !== "string" || !ref.startsWith(DEF_PREFIX)) return undefined;
  const name = ref.slice(DEF_PREFIX.length);
  return name.includes("/") ? undefined : decodeURIComponent(name).replaceAll("~1", "/").replaceAll("~0", "~");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
