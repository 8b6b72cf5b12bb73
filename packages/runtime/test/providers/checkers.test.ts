import { describe, expect, it } from "vitest";
import {
  checkAnthropic, checkAnthropicStrict, checkAnthropicStrictRequest, checkGemini, checkGeminiDeclaration, checkOpenAI, checkOpenAIStrict,
} from "./checkers.js";

// The checkers are the tests' oracle, so each rule is first shown to catch a schema that breaks it.
const ok = { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false };

describe("checkOpenAIStrict", () => {
  it.each([
    ["a non-object root", { type: "array", items: { type: "string" } }, "root must be type object"],
    ["a root anyOf", { ...ok, anyOf: [{ type: "object" }] }, "root must not be anyOf"],
    ["an optional property", { ...ok, properties: { a: { type: "string" }, b: { type: "string" } } }, "every property must be required"],
    ["a missing additionalProperties", { type: "object", properties: {}, required: [] }, "objects need additionalProperties: false"],
    ["a default", { ...ok, properties: { a: { type: "string", default: "x" } } }, 'keyword "default" is not supported in strict mode'],
    ["minLength", { ...ok, properties: { a: { type: "string", minLength: 1 } } }, 'keyword "minLength" is not supported in strict mode'],
    ["an unsupported format", { ...ok, properties: { a: { type: "string", format: "uri" } } }, "format uri is not supported"],
    ["a $ref with a sibling", { ...ok, properties: { a: { $ref: "#/$defs/A", description: "x" } }, $defs: { A: { type: "string" } } }, "$ref must not have sibling keywords"],
    ["prefixItems", { ...ok, properties: { a: { type: "array", prefixItems: [{ type: "string" }], items: { type: "string" } } } }, 'keyword "prefixItems" is not supported in strict mode'],
    ["an untyped schema", { ...ok, properties: { a: {} } }, "every schema needs a type (or enum/const/anyOf/$ref)"],
    ["an open object", { ...ok, properties: { a: { type: "object", properties: {}, required: [], additionalProperties: { type: "string" } } } }, "objects need additionalProperties: false"],
    ["a oneOf", { ...ok, properties: { a: { oneOf: [{ type: "string" }] } } }, 'keyword "oneOf" is not supported in strict mode'],
    ["too many enum values", { ...ok, properties: { a: { type: "integer", enum: Array.from({ length: 1001 }, (_, i) => i) } } }, "at most 1000 enum values"],
    ["an unresolvable $ref", { ...ok, properties: { a: { $ref: "#/$defs/Missing" } } }, "$ref must resolve locally"],
  ])("flags %s", (_label, schema, rule) => {
    expect(checkOpenAIStrict(schema).map((v) => v.rule)).toContain(rule);
  });

  it("flags 11 levels of object nesting", () => {
    let schema: Record<string, unknown> = ok;
    for (let i = 0; i < 10; i++) schema = { type: "object", properties: { a: schema }, required: ["a"], additionalProperties: false };
    expect(checkOpenAIStrict(schema).map((v) => v.rule)).toContain("at most 10 levels of object nesting (found 11)");
  });

  it("accepts a conforming schema with recursion, nullable refs and supported keywords", () => {
    const schema = {
      type: "object",
      properties: {
        when: { type: "string", format: "date-time", description: "d" },
        n: { type: "integer", minimum: 1, maximum: 3 },
        list: { type: "array", items: { $ref: "#/$defs/T" }, minItems: 1 },
        maybe: { anyOf: [{ $ref: "#/$defs/T" }, { type: "null" }] },
      },
      required: ["when", "n", "list", "maybe"],
      additionalProperties: false,
      $defs: { T: { type: "object", title: "T", properties: { kids: { type: "array", items: { $ref: "#/$defs/T" } } }, required: ["kids"], additionalProperties: false } },
    };
    expect(checkOpenAIStrict(schema)).toEqual([]);
  });
});

describe("checkOpenAI", () => {
  it.each([
    ["a non-object root", { type: "string" }, "parameters must be type object"],
    ["an array without items", { type: "object", properties: { a: { type: "array", prefixItems: [{ type: "string" }] } } }, "arrays need items"],
  ])("flags %s", (_label, schema, rule) => {
    expect(checkOpenAI(schema).map((v) => v.rule)).toContain(rule);
  });
  it("accepts ordinary JSON Schema", () => {
    expect(checkOpenAI({ type: "object", properties: { a: { type: "string", default: "x", minLength: 1 } } })).toEqual([]);
  });
});

describe("checkAnthropic", () => {
  it.each([
    ["a non-object root", { type: "string" }, "input_schema must be type object"],
    ["a top-level anyOf", { type: "object", properties: {}, anyOf: [{ required: ["a"] }] }, "no anyOf at the top level"],
    ["a bad property name", { type: "object", properties: { "a b": { type: "string" } } }, "property names: letters, digits, _ . - (1-64)"],
  ])("flags %s", (_label, schema, rule) => {
    expect(checkAnthropic(schema).map((v) => v.rule)).toContain(rule);
  });
  it("accepts $defs/$ref and nested anyOf", () => {
    expect(checkAnthropic({ type: "object", properties: { a: { anyOf: [{ $ref: "#/$defs/A" }, { type: "null" }] } }, $defs: { A: { type: "string" } } })).toEqual([]);
  });
});

describe("checkGemini", () => {
  const obj = (a: unknown): unknown => ({ type: "object", properties: { a } });
  it.each([
    ["a $ref", obj({ $ref: "#/$defs/A" }), 'field "$ref" is not part of Gemini\'s Schema'],
    ["additionalProperties", obj({ type: "object", properties: { b: { type: "string" } }, additionalProperties: false }), 'field "additionalProperties" is not part of Gemini\'s Schema'],
    ["a type array", obj({ type: ["string", "null"] }), "type must be a single name (no type arrays)"],
    ["a null type", obj({ type: "null" }), "type null is not a Gemini type"],
    ["an integer enum", obj({ type: "integer", enum: [1, 2] }), "enum is for STRING"],
    ["an unsupported string format", obj({ type: "string", format: "email" }), "format email not supported for string"],
    ["an empty nested object", obj({ type: "object", properties: {} }), "OBJECT properties should be non-empty"],
    ["an array without items", obj({ type: "array" }), "ARRAY needs items"],
    ["a multipleOf", obj({ type: "number", multipleOf: 2 }), 'field "multipleOf" is not part of Gemini\'s Schema'],
    ["examples (Gemini has example)", obj({ type: "string", examples: ["a"] }), 'field "examples" is not part of Gemini\'s Schema'],
    ["an untyped schema", obj({ description: "anything" }), "type is required (unless anyOf)"],
  ])("flags %s", (_label, schema, rule) => {
    expect(checkGemini(schema).map((v) => v.rule)).toContain(rule);
  });
  it("accepts the OpenAPI subset", () => {
    expect(checkGemini({
      type: "object",
      properties: {
        when: { type: "string", format: "date-time", nullable: true },
        kind: { type: "string", enum: ["a", "b"] },
        list: { type: "array", items: { type: "integer", minimum: 0 }, maxItems: 3 },
        either: { anyOf: [{ type: "string" }, { type: "number" }] },
        code: { type: "string", title: "Code", pattern: "^[A-Z]+$", minLength: 1, maxLength: 3, default: "A", example: "ABC" },
        bag: { type: "object", properties: { k: { type: "string" } }, minProperties: 1, maxProperties: 2 },
      },
      required: ["when"],
    })).toEqual([]);
  });
});

describe("checkGeminiDeclaration", () => {
  const params = { type: "object", properties: { a: { type: "string" } } };
  it.each([
    ["a name with a space", { name: "a b", parameters: params }, "name: letters, digits, _ . : -, at most 64"],
    ["a 65-character name", { name: "a".repeat(65), parameters: params }, "name: letters, digits, _ . : -, at most 64"],
    ["both parameter fields", { name: "f", parameters: params, parametersJsonSchema: params }, "parameters and parametersJsonSchema are mutually exclusive"],
    ["empty parameters", { name: "f", parameters: { type: "object", properties: {} } }, "a function without parameters leaves the parameters out (OBJECT properties should be non-empty)"],
    ["empty parametersJsonSchema", { name: "f", parametersJsonSchema: { type: "object", properties: {} } }, "a function without parameters leaves the parameters out (OBJECT properties should be non-empty)"],
    ["a $ref with a title beside it", { name: "f", parametersJsonSchema: { type: "object", properties: { a: { $ref: "#/$defs/A", title: "A" } }, $defs: { A: { type: "string" } } } }, "only description and default beside $ref"],
    ["a subset violation under parameters", { name: "f", parameters: { type: "object", properties: { a: { $ref: "#/$defs/A" } } } }, 'field "$ref" is not part of Gemini\'s Schema'],
  ])("flags %s", (_label, declaration, rule) => {
    expect(checkGeminiDeclaration(declaration).map((v) => v.rule)).toContain(rule);
  });
  it("accepts a no-argument declaration, colons and dots in names, and full JSON Schema", () => {
    expect(checkGeminiDeclaration({ name: "ns:tool.v1", description: "d" })).toEqual([]);
    expect(checkGeminiDeclaration({
      name: "f",
      parametersJsonSchema: {
        type: "object",
        properties: { a: { $ref: "#/$defs/A", description: "d", default: "x" }, r: { type: "object", additionalProperties: { type: "string" } } },
        $defs: { A: { type: "string", format: "email", minLength: 1 } },
      },
    })).toEqual([]);
  });
});

describe("checkAnthropicStrict", () => {
  const obj = (a: unknown): unknown => ({ type: "object", properties: { a }, additionalProperties: false });
  it.each([
    ["a missing additionalProperties: false", { type: "object", properties: { a: { type: "string" } } }, "objects need additionalProperties: false"],
    ["a minimum", obj({ type: "integer", minimum: 1 }), 'keyword "minimum" is not supported in strict tool use'],
    ["a maxLength", obj({ type: "string", maxLength: 3 }), 'keyword "maxLength" is not supported in strict tool use'],
    ["a maxItems", obj({ type: "array", items: { type: "string" }, maxItems: 3 }), 'keyword "maxItems" is not supported in strict tool use'],
    ["minItems 2", obj({ type: "array", items: { type: "string" }, minItems: 2 }), "minItems must be 0 or 1"],
    ["an unsupported format", obj({ type: "string", format: "ipv4-cidr" }), "format ipv4-cidr is not supported"],
    ["a lookahead pattern", obj({ type: "string", pattern: "^(?=a)" }), "pattern uses an unsupported regex feature"],
    ["an object in an enum", obj({ enum: [{ a: 1 }] }), "enum values must be primitives"],
    ["recursion", { type: "object", properties: { a: { $ref: "#/$defs/N" } }, additionalProperties: false, $defs: { N: { type: "object", properties: { next: { $ref: "#/$defs/N" } }, additionalProperties: false } } }, "recursive schemas are not supported"],
    ["a top-level anyOf", { type: "object", properties: {}, additionalProperties: false, anyOf: [{ required: ["a"] }] }, "no anyOf at the top level"],
  ])("flags %s", (_label, schema, rule) => {
    expect(checkAnthropicStrict(schema).map((v) => v.rule)).toContain(rule);
  });
  it("accepts optional properties, defaults, unions and minItems 1", () => {
    expect(checkAnthropicStrict({
      type: "object",
      properties: {
        a: { type: "string", default: "x", format: "uri", pattern: "^[a-z]+$" },
        b: { anyOf: [{ $ref: "#/$defs/B" }, { type: "null" }] },
        c: { type: "array", items: { type: "integer" }, minItems: 1 },
      },
      required: ["c"],
      additionalProperties: false,
      $defs: { B: { type: "object", properties: { x: { type: "boolean" } }, additionalProperties: false } },
    })).toEqual([]);
  });
  it("checks the per-request limits", () => {
    const optional = (n: number): unknown => ({ type: "object", properties: Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { type: ["string", "null"] }])), additionalProperties: false });
    expect(checkAnthropicStrictRequest(Array.from({ length: 21 }, () => optional(0))).map((v) => v.rule)).toContain("at most 20 strict tools per request");
    expect(checkAnthropicStrictRequest([optional(13), optional(12)]).map((v) => v.rule)).toEqual([
      "at most 24 optional parameters per request (found 25)", "at most 16 parameters with union types per request (found 25)",
    ]);
    expect(checkAnthropicStrictRequest([optional(12), optional(4)])).toEqual([]);
  });
});
