import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../../src/json-schema.js";
import { fromStrictArguments, toAnthropic, toOpenAI, toOpenAIStrict } from "../../src/providers/index.js";
import { checkAnthropic, checkOpenAI, checkOpenAIStrict } from "./checkers.js";
import { loadFixtures } from "./fixtures.js";

const fixtures = loadFixtures();

describe.each(fixtures)("fixture $name", (fixture) => {
  it("OpenAI strict: conforms, or says why it cannot", () => {
    const result = toOpenAIStrict(fixture.schema);
    expect(result.ok).toBe(fixture.expect["openai-strict"]);
    if (result.ok) expect(checkOpenAIStrict(result.schema)).toEqual([]);
    else expect(result.problems.length).toBeGreaterThan(0);
  });

  it("OpenAI non-strict conforms", () => {
    const result = toOpenAI(fixture.schema);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(checkOpenAI(result.schema)).toEqual([]);
  });

  it("Anthropic conforms", () => {
    const result = toAnthropic(fixture.schema);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(checkAnthropic(result.schema)).toEqual([]);
  });

  it("never mutates its input", () => {
    const before = JSON.stringify(fixture.schema);
    toOpenAIStrict(fixture.schema);
    toOpenAI(fixture.schema);
    toAnthropic(fixture.schema);
    expect(JSON.stringify(fixture.schema)).toBe(before);
  });
});

const byName = (name: string): JsonSchema => {
  const found = fixtures.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no fixture ${name}`);
  return found.schema;
};
const paths = (changes: readonly { path: string }[]): string[] => changes.map((c) => c.path);

describe("OpenAI strict: what changed is reported", () => {
  it("makes an optional parameter required and nullable, keeping $ref", () => {
    const result = toOpenAIStrict(byName("pydantic-models"));
    if (!result.ok) throw new Error("expected ok");
    const billing = result.schema.properties.billing;
    // a described $ref cannot keep its sibling keywords: inlined, and reported
    expect(billing?.$ref).toBeUndefined();
    expect(paths(result.changes)).toContain("#/properties/billing");
    // priority (an enum $ref with a default) stays a $ref, made nullable; the default survives as text
    expect(result.schema.properties.priority).toEqual({ description: "Default: 1.", anyOf: [{ $ref: "#/$defs/Priority" }, { type: "null" }] });
    expect(result.changes).toContainEqual({ path: "#/properties/priority/default", message: "dropped default 1: strict mode rejects \"default\"" });
    expect(result.schema.required).toEqual(Object.keys(result.schema.properties));
  });

  it("reports dropped constraints with their paths and keeps them as description text", () => {
    const result = toOpenAIStrict(byName("constraints-dates"));
    if (!result.ok) throw new Error("expected ok");
    expect(paths(result.changes)).toEqual(expect.arrayContaining([
      "#/properties/site/format", "#/properties/uniq/uniqueItems",
    ]));
    expect(result.schema.properties.site?.description).toContain("Format: uri.");
    expect(result.schema.properties.when).toMatchObject({ format: "date-time" });
    expect(result.schema.properties.seats).toMatchObject({ minimum: 1, maximum: 10 });
  });

  it("rewrites a discriminated union's oneOf as anyOf", () => {
    const result = toOpenAIStrict(byName("discriminated-union"));
    if (!result.ok) throw new Error("expected ok");
    expect(result.changes.some((c) => c.message.startsWith("oneOf rewritten as anyOf"))).toBe(true);
  });

  it.each([
    ["#/properties/labels/additionalProperties", "an open object (Record / index signature) cannot be strict: every key must be declared"],
    ["#/properties/extra", "accepts any value; strict mode needs a declared type"],
  ])("refuses %s", (path, message) => {
    const result = toOpenAIStrict(byName("tuples-records-any"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toContainEqual({ path, message });
  });

  it.each([
    ["11 levels of nesting", nested(11), "objects nest 11 levels deep; strict mode allows 10"],
    ["1001 enum values", { type: "object", properties: { e: { type: "integer", enum: Array.from({ length: 1001 }, (_, i) => i) } }, required: ["e"] }, "1001 enum values exceed strict mode's 1000"],
    ["5001 properties", { type: "object", properties: Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`p${i}`, { type: "string" }])) }, "5001 object properties exceed strict mode's 5000"],
    ["a root anyOf", { type: "object", properties: {}, anyOf: [{ required: ["a"] }] }, "strict mode needs an object schema at the root (not anyOf/oneOf)"],
  ])("refuses %s", (_label, schema, message) => {
    const result = toOpenAIStrict(schema as JsonSchema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.message)).toContain(message);
  });

  it("accepts 10 levels of nesting", () => {
    const result = toOpenAIStrict(nested(10));
    expect(result.ok).toBe(true);
  });
});

describe("fromStrictArguments", () => {
  const schema = byName("pydantic-models");
  it.each([
    ["drops null for an optional non-nullable parameter", { priority: null, note: null }, { note: null }],
    ["drops null inside a nested model", { user: { name: "a", email: "e", tags: null, address: null } }, { user: { name: "a", email: "e", address: null } }],
    ["keeps values and nullable nulls", { note: "x", mode: null }, { note: "x", mode: null }],
  ])("%s", (_label, args, expected) => {
    expect(fromStrictArguments(schema, args)).toEqual(expected);
  });

  it("round-trips: strict output with every omitted argument as null validates as the original's omission", () => {
    const strict = toOpenAIStrict(byName("recursive"));
    if (!strict.ok) throw new Error("expected ok");
    const args = { tree: { value: 1, children: [{ value: 2, children: null }] }, head: null };
    expect(fromStrictArguments(byName("recursive"), args)).toEqual({ tree: { value: 1, children: [{ value: 2 }] }, head: null });
  });
});

describe("OpenAI non-strict and Anthropic", () => {
  it("gives a tuple an items schema for OpenAI and reports it", () => {
    const result = toOpenAI(byName("tuples-records-any"));
    if (!result.ok) throw new Error("expected ok");
    expect(result.schema.properties.point).toMatchObject({ items: { type: "number" }, minItems: 2, maxItems: 2 });
    expect(paths(result.changes)).toContain("#/properties/point/prefixItems");
  });

  it("drops a top-level anyOf for Anthropic and reports it", () => {
    const result = toAnthropic({ type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, anyOf: [{ required: ["a"] }, { required: ["b"] }] });
    if (!result.ok) throw new Error("expected ok");
    expect(result.schema.anyOf).toBeUndefined();
    expect(paths(result.changes)).toEqual(["#/anyOf"]);
  });

  it("keeps $defs for Anthropic", () => {
    const result = toAnthropic(byName("recursive"));
    expect(result.ok && result.schema.$defs !== undefined).toBe(true);
  });
});

function nested(levels: number): JsonSchema {
  let schema: JsonSchema = { type: "object", properties: { leaf: { type: "string" } }, required: ["leaf"] };
  for (let i = 1; i < levels; i++) schema = { type: "object", properties: { child: schema }, required: ["child"] };
  return schema;
}
