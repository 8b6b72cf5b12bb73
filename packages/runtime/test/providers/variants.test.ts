import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../../src/json-schema.js";
import {
  forProvider, fromStrictArguments, providerVariants, toAnthropic, toAnthropicStrict, toGemini, toGeminiDeclaration, toOpenAI, toOpenAIStrict,
} from "../../src/providers/index.js";
import { checkAnthropic, checkAnthropicStrict, checkGemini, checkGeminiDeclaration, checkOpenAI, checkOpenAIStrict } from "./checkers.js";
import { loadFixtures } from "./fixtures.js";

const fixtures = loadFixtures();

describe.each(fixtures)("fixture $name", (fixture) => {
  it("OpenAI strict: conforms, or says why it cannot", () => {
    const result = toOpenAIStrict(fixture.schema);
    if (fixture.expect !== undefined) expect(result.ok).toBe(fixture.expect["openai-strict"]);
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

  it("Gemini: conforms, or says why it cannot", () => {
    const result = toGemini(fixture.schema);
    if (fixture.expect !== undefined) expect(result.ok).toBe(fixture.expect.gemini);
    if (result.ok) expect(checkGemini(result.schema)).toEqual([]);
    else expect(result.problems.length).toBeGreaterThan(0);
  });

  it("Anthropic strict: conforms, or says why it cannot", () => {
    const result = toAnthropicStrict(fixture.schema);
    if (result.ok) expect(checkAnthropicStrict(result.schema)).toEqual([]);
    else expect(result.problems.length).toBeGreaterThan(0);
  });

  it.each(["json-schema", "openapi"] as const)("Gemini %s declaration: conforms, or says why it cannot", (form) => {
    const result = toGeminiDeclaration({ name: "tool", description: fixture.description, parameters: fixture.schema }, { form });
    // The JSON Schema form takes every object schema: no tool is left out.
    if (form === "json-schema") expect(result.ok).toBe(true);
    if (result.ok) expect(checkGeminiDeclaration(result.declaration)).toEqual([]);
    else expect(result.problems.length).toBeGreaterThan(0);
  });

  it("Anthropic strict: every keyword it does not take is reported at its path", () => {
    const result = toAnthropicStrict(fixture.schema);
    const reported = [...result.changes, ...(result.ok ? [] : result.problems)].map((c) => c.path);
    for (const path of keywordPaths(fixture.schema, ANTHROPIC_STRICT_DROPS)) {
      expect(reported.some((r) => path === r || path.startsWith(`${r}/`) || r.startsWith(`${path}/`) || inDefinition(path, reported)), path).toBe(true);
    }
  });

  it("every keyword a variant lost is reported at its path", () => {
    // Each keyword of the original that Gemini's dialect does not take must appear in a change's path
    // (or an ancestor's: a dropped property reports itself once).
    const result = toGemini(fixture.schema);
    const reported = [...result.changes, ...(result.ok ? [] : result.problems)].map((c) => c.path);
    for (const path of keywordPaths(fixture.schema, GEMINI_DROPS)) {
      expect(reported.some((r) => path === r || path.startsWith(`${r}/`) || inDefinition(path, reported)), path).toBe(true);
    }
  });

  it("forProvider and providerVariants agree with the single transforms", () => {
    const all = providerVariants(fixture.schema);
    expect(all.gemini).toEqual(toGemini(fixture.schema));
    expect(forProvider(fixture.schema, "openai-strict")).toEqual(all["openai-strict"]);
    expect(forProvider(fixture.schema, "anthropic")).toEqual(toAnthropic(fixture.schema));
    expect(forProvider(fixture.schema, "anthropic-strict")).toEqual(all["anthropic-strict"]);
  });

  it("never mutates its input", () => {
    const before = JSON.stringify(fixture.schema);
    providerVariants(fixture.schema);
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
    expect(result.changes).toContainEqual({ path: "#/properties/priority/default", message: "dropped default 1: OpenAI accepts \"default\" but Azure OpenAI's strict mode rejects it" });
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

  it("says when a nullable optional's non-null default stops applying", () => {
    const result = toOpenAIStrict({ type: "object", properties: { n: { anyOf: [{ type: "integer" }, { type: "null" }], default: 5 } } });
    expect(result.changes).toContainEqual({ path: "#/properties/n", message: 'optional "n" made required; it accepts null, so a strict model sends null, not the default 5' });
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

  it.each([
    ["a fixed tuple", { prefixItems: [{ type: "string" }, { type: "number" }], minItems: 2, maxItems: 2 }, "tuple of 2 ([string, number]) approximated as an array of any member type with a fixed length"],
    ["an optional member", { prefixItems: [{ type: "boolean" }, { type: "string" }], minItems: 1, maxItems: 2 }, "tuple of 2 ([boolean, string?]) approximated as an array of any member type of 1 to 2 items"],
    ["a rest and a date", { prefixItems: [{ type: "string", format: "date-time" }], items: { type: "number" }, minItems: 1 }, "tuple of 1 ([string (date-time), ...number[]]) approximated as an array of any member type of at least 1 item"],
  ])("says what a tuple was and how long its array may be (%s)", (_label, tuple, said) => {
    const schema = { type: "object", properties: { t: { type: "array", ...tuple } }, required: ["t"], additionalProperties: false } as JsonSchema;
    const strict = toOpenAIStrict(schema);
    if (!strict.ok) throw new Error("expected ok");
    expect(strict.changes.map((change) => change.message)).toContainEqual(expect.stringContaining(said));
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

describe("Gemini: what changed is reported", () => {
  it("inlines $defs and cuts recursion, reporting the cut", () => {
    const result = toGemini(byName("recursive"), { maxRecursion: 2 });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(JSON.stringify(result.schema)).not.toContain("$ref");
    const cuts = result.changes.filter((c) => c.message.includes("recursion through"));
    expect(cuts.map((c) => c.path)).toEqual(expect.arrayContaining([
      "#/properties/tree/properties/children/items/properties/children",
      "#/properties/head/anyOf/0/properties/next/anyOf/0/properties/next",
    ]));
    expect(result.schema.properties.head).toMatchObject({ type: "object", nullable: true });
  });

  it("translates anyOf [T, null] to nullable and a string const to a one-value enum", () => {
    const result = toGemini({ type: "object", properties: { a: { anyOf: [{ type: "string" }, { type: "null" }], description: "d" }, k: { const: "x" } }, required: ["a"] });
    if (!result.ok) throw new Error("expected ok");
    expect(result.schema.properties).toEqual({ a: { type: "string", nullable: true, description: "d" }, k: { type: "string", enum: ["x"] } });
  });

  it("keeps the fields Gemini's Schema has (title, pattern, default...) and the dropped ones as description text", () => {
    const result = toGemini(byName("constraints-dates"));
    if (!result.ok) throw new Error("expected ok");
    expect(result.schema.properties.code).toEqual({ type: "string", title: "Code", pattern: "^[A-Z]{3}$" });
    expect(result.schema.properties.uniq).toMatchObject({ default: [], description: "Items must be unique." });
    expect(result.schema.properties.words).toMatchObject({ minItems: 1, maxItems: 5 });
    expect(result.schema.properties.price).toMatchObject({ minimum: 0, description: "Greater than 0. A multiple of 0.5." });
    expect(result.schema.properties.ratio).toMatchObject({ maximum: 1 });
    expect(result.schema.properties.day?.description).toBe("Format: date.");
    expect(result.schema.properties.when).toEqual({ type: "string", format: "date-time", title: "When" });
  });

  it("turns a type array into nullable or anyOf", () => {
    const result = toGemini({ type: "object", properties: { a: { type: ["integer", "null"] }, b: { type: ["string", "number"] } } });
    if (!result.ok) throw new Error("expected ok");
    expect(result.schema.properties).toEqual({ a: { type: "integer", nullable: true }, b: { anyOf: [{ type: "string" }, { type: "number" }] } });
  });

  it("refuses a required Record and drops an optional any, saying where", () => {
    const result = toGemini(byName("tuples-records-any"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(["#/properties/labels"]);
    expect(result.changes.map((c) => c.path)).toContain("#/properties/extra");
  });
});

/**
 * Keywords Gemini's Schema does not take (title, default, pattern, minLength, maxLength, minProperties,
 * maxProperties and example are fields of it); their presence in an original schema must show up as a change.
 */
const GEMINI_DROPS = new Set([
  "multipleOf", "uniqueItems", "additionalProperties", "prefixItems", "oneOf", "discriminator", "exclusiveMinimum",
  "exclusiveMaximum", "const",
]);

/** Keywords strict tool use does not take ("JSON Schema limitations"): reported when present. */
const ANTHROPIC_STRICT_DROPS = new Set([
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "maxItems",
  "uniqueItems", "prefixItems", "oneOf", "examples", "minProperties", "maxProperties",
]);

function keywordPaths(schema: unknown, keywords: ReadonlySet<string>, path = "#"): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  if (Array.isArray(schema)) return schema.flatMap((s, i) => keywordPaths(s, keywords, `${path}/${i}`));
  const found: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (keywords.has(key) && !(key === "const" && typeof value === "string")) found.push(`${path}/${key}`);
    if (key === "properties" || key === "$defs") {
      for (const [name, sub] of Object.entries(value as object)) found.push(...keywordPaths(sub, keywords, `${path}/${key}/${name}`));
    } else if (key !== "enum" && key !== "default" && key !== "examples" && key !== "const" && key !== "required") {
      found.push(...keywordPaths(value, keywords, `${path}/${key}`));
    }
  }
  return found;
}

/**
 * Definitions are inlined, so a keyword inside `#/$defs/X` is reported at the paths where X was used.
 * Accept it when some reported path ends with the same relative path inside the definition.
 */
function inDefinition(path: string, reported: readonly string[]): boolean {
  const match = /^#\/\$defs\/[^/]+(\/.*)$/.exec(path);
  if (match?.[1] === undefined) return path.startsWith("#/$defs/") && reported.length > 0;
  const inner = match[1];
  return reported.some((r) => r.endsWith(inner));
}

function nested(levels: number): JsonSchema {
  let schema: JsonSchema = { type: "object", properties: { leaf: { type: "string" } }, required: ["leaf"] };
  for (let i = 1; i < levels; i++) schema = { type: "object", properties: { child: schema }, required: ["child"] };
  return schema;
}
