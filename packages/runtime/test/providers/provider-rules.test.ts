// Issue 15's cases through the toolbox's provider formats: tools with no arguments, unusual names, and the
// keywords each dialect drops, each checked against the provider's own rule checker.
import { describe, expect, it } from "vitest";
import { createToolbox, defineTool } from "../../src/index.js";
import type { JsonSchema } from "../../src/json-schema.js";
import { ANTHROPIC_STRICT_RULES, nameProblems, toAnthropicStrict, toOpenAIStrict } from "../../src/providers/index.js";
import {
  checkAnthropic, checkAnthropicStrict, checkAnthropicStrictRequest, checkGeminiDeclaration, checkOpenAIStrict,
} from "./checkers.js";

const tool = (name: string, parameters: JsonSchema, description?: string) =>
  defineTool({ name, ...(description !== undefined ? { description } : {}), parameters: parameters as never, invoke: () => null });

const noArguments = { type: "object", properties: {}, title: "Input for `now`" } as const;

describe("a tool without arguments", () => {
  it.each(["json-schema", "openapi"] as const)("Gemini %s: the declaration carries no parameters field", (form) => {
    const box = createToolbox([tool("now", noArguments, "The time")]);
    const [declaration] = box.geminiTools({ form }).functionDeclarations;
    expect(declaration).toEqual({ name: "now", description: "The time" });
    expect(checkGeminiDeclaration(declaration)).toEqual([]);
  });

  it("Gemini openapi: a tool whose only parameter has no subset form is sent without arguments, and says so", () => {
    const box = createToolbox([tool("loose", { type: "object", properties: { extra: {} } })]);
    expect(box.geminiTools({ form: "openapi" }).functionDeclarations).toEqual([{ name: "loose" }]);
    const [report] = box.providerReport("gemini", { gemini: { form: "openapi" } });
    expect(report?.changes.map((c) => c.message)).toContain("no parameter has a Gemini form, so parameters is left out: the model calls it without arguments");
  });

  it("Anthropic strict and OpenAI strict: an empty closed object", () => {
    const box = createToolbox([tool("now", noArguments)]);
    const [anthropic] = box.anthropicTools({ strict: true });
    expect(anthropic).toMatchObject({ strict: true, input_schema: { type: "object", properties: {}, additionalProperties: false } });
    expect(checkAnthropicStrict(anthropic?.input_schema)).toEqual([]);
    const [openai] = box.chatCompletionsTools({ strict: true });
    expect(checkOpenAIStrict(openai?.function.parameters)).toEqual([]);
  });
});

describe("unusual names", () => {
  const parameters: JsonSchema = { type: "object", properties: { "my-param": { type: "string" }, ok_name: { type: "integer" } }, required: ["ok_name"] };

  it.each([
    // name, Gemini API ok, Vertex AI ok, OpenAI ok, Anthropic ok
    ["ns:tool", true, false, false, false],
    ["tool.v2", true, true, false, false],
    ["9lives", true, false, true, true],
    ["-dash", true, false, true, true],
    ["_private", true, true, true, true],
    ["a b", false, false, false, false],
    ["x".repeat(64), true, true, true, true],
    ["x".repeat(65), false, false, false, true],
    ["x".repeat(129), false, false, false, false],
  ])("%s", (name, gemini, vertex, openai, anthropic) => {
    expect(nameProblems(name, { type: "object", properties: {} }, "gemini").length === 0).toBe(gemini);
    expect(nameProblems(name, { type: "object", properties: {} }, "vertex").length === 0).toBe(vertex);
    expect(nameProblems(name, { type: "object", properties: {} }, "openai").length === 0).toBe(openai);
    expect(nameProblems(name, { type: "object", properties: {} }, "anthropic").length === 0).toBe(anthropic);
    const box = createToolbox([tool(name, parameters)]);
    const declarations = box.geminiTools().functionDeclarations;
    // A name the Gemini API rejects fails the whole request, so that tool is left out, and the report says why.
    expect(declarations.map((d) => d.name)).toEqual(gemini ? [name] : []);
    for (const declaration of declarations) expect(checkGeminiDeclaration(declaration)).toEqual([]);
    const [report] = box.providerReport("gemini");
    expect(report?.ok).toBe(gemini);
    if (!gemini) expect(report?.problems[0]?.message).toMatch(/^tool name .* is rejected by the Gemini API/);
    // Vertex AI's stricter rules are a change (a warning): the Gemini API takes the declaration.
    const vertexNotes = report?.changes.filter((c) => c.message.includes("Vertex AI")).map((c) => c.path) ?? [];
    expect(vertexNotes).toEqual([...(vertex ? [] : ["#"]), "#/properties/my-param"]);
    expect(box.providerReport("openai")[0]?.ok).toBe(openai);
    expect(box.providerReport("anthropic")[0]?.ok).toBe(anthropic);
  });

  it("Anthropic: a parameter name outside its property-key pattern makes the tool not ok", () => {
    const box = createToolbox([tool("t", { type: "object", properties: { "a b": { type: "string" } } })]);
    for (const provider of ["anthropic", "anthropic-strict"] as const) {
      const [report] = box.providerReport(provider);
      expect(report?.ok).toBe(false);
      expect(report?.problems.map((p) => p.path)).toEqual(["#/properties/a b"]);
    }
  });
});

describe("Anthropic strict tool use: dropped keywords", () => {
  const schema: JsonSchema = {
    type: "object",
    properties: {
      n: { type: "integer", minimum: 1, maximum: 9, multipleOf: 3 },
      s: { type: "string", minLength: 2, maxLength: 5, pattern: "^(?!x)[a-z]+$" },
      tags: { type: "array", items: { type: "string" }, minItems: 3, maxItems: 5, uniqueItems: true },
      site: { type: "string", format: "uri", default: "https://example.com/" },
      cidr: { type: "string", format: "ipv4-cidr" },
      code: { type: "string", pattern: "^[A-Z]{3}$" },
      maybe: { anyOf: [{ $ref: "#/$defs/Slot" }, { type: "null" }], default: null },
    },
    required: ["n", "s", "tags"],
    $defs: { Slot: { type: "object", properties: { day: { type: "string", format: "date" } }, required: ["day"] } },
  };

  it("keeps what strict tool use supports, drops the rest into the description, and reports each at its path", () => {
    const result = toAnthropicStrict(schema);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(checkAnthropicStrict(result.schema)).toEqual([]);
    const props = result.schema.properties;
    expect(props.n).toEqual({ type: "integer", description: "At least 1. At most 9. A multiple of 3." });
    expect(props.s).toEqual({ type: "string", description: "At least 2 characters. At most 5 characters. Must match the regular expression ^(?!x)[a-z]+$." });
    expect(props.tags).toMatchObject({ minItems: 1, description: "At least 3 items. At most 5 items. Items must be unique." });
    expect(props.site).toEqual({ type: "string", format: "uri", default: "https://example.com/" });
    expect(props.cidr).toEqual({ type: "string", description: "Format: ipv4-cidr." });
    expect(props.code).toEqual({ type: "string", pattern: "^[A-Z]{3}$" });
    // Optional parameters stay optional (unlike OpenAI strict); every object is closed.
    expect(result.schema.required).toEqual(["n", "s", "tags"]);
    expect(result.schema.additionalProperties).toBe(false);
    expect(result.changes.map((c) => c.path)).toEqual(expect.arrayContaining([
      "#/properties/n/minimum", "#/properties/n/maximum", "#/properties/n/multipleOf", "#/properties/s/minLength",
      "#/properties/s/maxLength", "#/properties/s/pattern", "#/properties/tags/minItems", "#/properties/tags/maxItems",
      "#/properties/tags/uniqueItems", "#/properties/cidr/format",
    ]));
    expect(result.changes.find((c) => c.path === "#/properties/n/minimum")?.message).toBe("dropped minimum 1: numerical constraints are not supported");
  });

  it.each([
    ["recursion", { type: "object", properties: { tree: { $ref: "#/$defs/Node" } }, $defs: { Node: { type: "object", properties: { kids: { type: "array", items: { $ref: "#/$defs/Node" } } } } } }, "recursion through Node: recursive schemas are not supported by strict tool use"],
    ["an open Record", { type: "object", properties: { labels: { type: "object", additionalProperties: { type: "string" } } } }, "an open object (Record / index signature) cannot be strict: additionalProperties must be false"],
    ["an any value", { type: "object", properties: { x: {} } }, "accepts any value; strict tool use needs a declared type"],
    ["25 optional parameters", { type: "object", properties: Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`p${i}`, { type: "string" }])) }, "25 optional parameters exceed strict tool use's 24 per request"],
  ])("refuses %s, saying why", (_label, input, message) => {
    const result = toAnthropicStrict(input as JsonSchema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.message)).toContain(message);
  });

  it("anthropicTools({ strict: true }) stays within the per-request limits, sending the rest non-strict", () => {
    const optional = (n: number): JsonSchema => ({ type: "object", properties: Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, { type: "string" }])) });
    const many = Array.from({ length: ANTHROPIC_STRICT_RULES.maxStrictTools + 2 }, (_, i) => tool(`t${i}`, optional(i === 0 ? 20 : i === 1 ? 5 : 0)));
    const box = createToolbox(many);
    const sent = box.anthropicTools({ strict: true });
    const strict = sent.filter((t) => t.strict === true);
    expect(checkAnthropicStrictRequest(strict.map((t) => t.input_schema))).toEqual([]);
    // t1's 5 optional parameters would make 25: non-strict; then 20 strict tools fill the request.
    expect(sent.map((t) => t.strict)).toEqual([true, false, ...Array.from({ length: 19 }, () => true), false]);
    for (const t of sent.filter((x) => x.strict === false)) expect(checkAnthropic(t.input_schema)).toEqual([]);
    const report = box.providerReport("anthropic-strict");
    expect(report.map((r) => r.ok)).toEqual(sent.map((t) => t.strict));
    expect(report[1]?.problems[0]?.message).toBe("sent non-strict: its 5 optional parameters would take the request past Anthropic's 24");
    expect(report.at(-1)?.problems[0]?.message).toBe("sent non-strict: the request already has 20 strict tools, the most Anthropic allows");
  });

  it("without strict, anthropicTools sends no strict flag", () => {
    expect(createToolbox([tool("t", schema)]).anthropicTools()[0]).not.toHaveProperty("strict");
  });
});

describe("OpenAI strict", () => {
  const schema: JsonSchema = {
    type: "object",
    properties: {
      code: { type: "string", pattern: "^[A-Z]{3}$", minLength: 3, format: "email" },
      n: { type: "integer", minimum: 1, default: 2 },
      list: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 4 },
    },
    required: ["code", "list"],
  };

  it("says why default and minLength are dropped", () => {
    const result = toOpenAIStrict(schema);
    expect(result.changes).toEqual(expect.arrayContaining([
      { path: "#/properties/n/default", message: "dropped default 2: OpenAI accepts \"default\" but Azure OpenAI's strict mode rejects it" },
      { path: "#/properties/code/minLength", message: "dropped minLength 3: OpenAI lists it as unsupported for fine-tuned models only; dropped for every model, which is safe" },
    ]));
    if (result.ok) expect(result.schema.properties.code).toMatchObject({ pattern: "^[A-Z]{3}$", format: "email" });
  });

  it("fine-tuned mode also drops what fine-tuned models do not support, keeping it as text", () => {
    const result = toOpenAIStrict(schema, { fineTuned: true });
    if (!result.ok) throw new Error("expected ok");
    expect(checkOpenAIStrict(result.schema)).toEqual([]);
    const text = JSON.stringify(result.schema);
    for (const keyword of ["pattern", "format", "minimum", "minItems", "maxItems"]) expect(text).not.toContain(`"${keyword}"`);
    expect(result.schema.properties.code?.description).toBe("Must match the regular expression ^[A-Z]{3}$. At least 3 characters. Format: email.");
    expect(result.changes.map((c) => c.path)).toEqual(expect.arrayContaining([
      "#/properties/code/pattern", "#/properties/code/format", "#/properties/n/minimum", "#/properties/list/minItems", "#/properties/list/maxItems",
    ]));
  });

  it("chatCompletionsTools({ strict: true, fineTuned: true }) sends the fine-tuned form", () => {
    const box = createToolbox([tool("t", schema)]);
    const [plain] = box.chatCompletionsTools({ strict: true });
    const [fine] = box.chatCompletionsTools({ strict: true, fineTuned: true });
    expect(plain?.function.parameters?.properties).toMatchObject({ code: { pattern: "^[A-Z]{3}$" } });
    expect(fine?.function).toMatchObject({ strict: true });
    expect(JSON.stringify(fine?.function.parameters)).not.toContain('"pattern"');
    expect(checkOpenAIStrict(fine?.function.parameters)).toEqual([]);
  });
});

describe("Gemini parametersJsonSchema", () => {
  it("keeps the JSON Schema whole, but for keywords beside a $ref other than description and default", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: {
        slot: { $ref: "#/$defs/Slot", title: "Slot", description: "When", default: null, examples: [{ day: "x" }] },
        labels: { type: "object", additionalProperties: { type: "string" } },
      },
      required: ["labels"],
      $defs: { Slot: { type: "object", properties: { day: { type: "string", format: "date" } }, required: ["day"] } },
    };
    const box = createToolbox([tool("book", schema)]);
    const [declaration] = box.geminiTools().functionDeclarations;
    expect(checkGeminiDeclaration(declaration)).toEqual([]);
    expect(declaration?.parametersJsonSchema?.properties.slot).toEqual({ $ref: "#/$defs/Slot", description: "When", default: null });
    expect(declaration?.parametersJsonSchema?.properties.labels).toEqual(schema.properties?.labels);
    expect(box.providerReport("gemini")[0]?.changes.map((c) => c.path)).toEqual(["#/properties/slot/title", "#/properties/slot/examples"]);
  });
});
