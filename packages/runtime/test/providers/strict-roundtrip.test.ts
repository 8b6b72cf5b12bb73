import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../../src/json-schema.js";
import { fromStrictArguments, toOpenAIStrict } from "../../src/providers/index.js";
import { compileValidator } from "../../src/validation/index.js";
import { loadFixtures } from "./fixtures.js";

// The seam between the strict transform and the runtime: a strict model must send every property, so it
// sends `null` for each optional argument it omits. Build such a call from the STRICT schema (null wherever
// null is allowed, the smallest valid value elsewhere), map it back with fromStrictArguments, and the
// runtime's validator compiled from the ORIGINAL schema must accept it.

const SAMPLES: Record<string, string> = {
  "date-time": "2026-01-02T03:04:05Z",
  date: "2026-01-02",
  time: "03:04:05Z",
  email: "a@example.com",
  uuid: "123e4567-e89b-12d3-a456-426614174000",
  hostname: "example.com",
  ipv4: "127.0.0.1",
  ipv6: "::1",
  duration: "P1D",
};
const PATTERNS: Record<string, string> = { "^[A-Z]{3}$": "ABC" };

/** The smallest instance of a strict schema that prefers null: what a model omitting everything sends. */
function minimal(schema: JsonSchema, root: JsonSchema, depth = 0): unknown {
  if (depth > 20) throw new Error("instance too deep: the strict schema forces unbounded recursion");
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace("#/$defs/", "");
    const target = root.$defs?.[name];
    if (target === undefined) throw new Error(`no def ${name}`);
    return minimal(target, root, depth + 1);
  }
  if (schema.anyOf !== undefined) {
    const nullBranch = schema.anyOf.find((b) => b.type === "null");
    return nullBranch !== undefined ? null : minimal(schema.anyOf[0] ?? {}, root, depth + 1);
  }
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  const type = Array.isArray(schema.type) ? (schema.type.includes("null") ? "null" : schema.type[0]) : schema.type;
  switch (type) {
    case "null": return null;
    case "boolean": return false;
    case "integer": case "number": {
      let value = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
      if (schema.maximum !== undefined) value = Math.min(value, schema.maximum);
      if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) value = schema.exclusiveMaximum - 1;
      return type === "integer" ? Math.ceil(value) : value;
    }
    case "string":
      if (schema.pattern !== undefined) return PATTERNS[schema.pattern] ?? "";
      return schema.format !== undefined ? SAMPLES[schema.format] ?? "x" : "x";
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => minimal(schema.items === false || schema.items === undefined ? {} : schema.items, root, depth + 1));
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, minimal(v, root, depth + 1)]));
    default:
      throw new Error(`no minimal instance for ${JSON.stringify(schema)}`);
  }
}

const strictFixtures = loadFixtures()
  .map((fixture) => ({ fixture, strict: toOpenAIStrict(fixture.schema) }))
  .filter((entry) => entry.strict.ok);

describe.each(strictFixtures)("strict call for $fixture.name", ({ fixture, strict }) => {
  it("validates against the original schema once its nulls are mapped back", () => {
    if (!strict.ok) throw new Error("filtered above");
    const call = minimal(strict.schema, strict.schema);
    const validate = compileValidator(fixture.schema);
    const args = fromStrictArguments(fixture.schema, call);
    expect(validate(args)).toEqual([]);
  });

  it("maps back exactly the top-level nulls the original schema would reject", () => {
    if (!strict.ok) throw new Error("filtered above");
    const call = minimal(strict.schema, strict.schema) as Record<string, unknown>;
    const mapped = fromStrictArguments(fixture.schema, call) as Record<string, unknown>;
    const removed = Object.keys(call).filter((k) => !(k in mapped));
    const rejected = Object.keys(call).filter((k) =>
      call[k] === null && compileValidator(fixture.schema)(call).some((issue) => issue.path.split(/[.[]/)[0] === k));
    expect(removed.sort()).toEqual(rejected.sort());
  });
});
