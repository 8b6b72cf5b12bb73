// The toolbox's Gemini tools and per-provider loss reports: every declaration follows Gemini's rules (the
// checker), tools Gemini cannot express are left out and reported, and Gemini's `functionCall` (an args
// object, not JSON text) is validated against the tool's ORIGINAL schema when it comes back.
import { describe, expect, it } from "vitest";
import { createToolbox, defineTool, type Provider } from "../../src/index.js";
import {
  checkAnthropic, checkAnthropicStrict, checkAnthropicStrictRequest, checkGemini, checkGeminiDeclaration, checkOpenAI, checkOpenAIStrict,
} from "./checkers.js";
import { loadFixtures } from "./fixtures.js";

const book = defineTool({
  name: "book",
  description: "Books a flight",
  parameters: {
    type: "object",
    properties: {
      code: { type: "string", pattern: "^[A-Z]{3}$", description: "Airport code" },
      seats: { type: "integer", minimum: 1, default: 1 },
      when: { anyOf: [{ $ref: "#/$defs/Slot" }, { type: "null" }], default: null },
    },
    required: ["code"],
    $defs: { Slot: { type: "object", properties: { day: { type: "string", format: "date" } }, required: ["day"] } },
  },
  invoke: (args) => args,
});

// A required open Record: the OpenAPI subset's objects need declared properties, so this tool has no form
// there (it does in parametersJsonSchema).
const tag = defineTool({
  name: "tag",
  parameters: { type: "object", properties: { labels: { type: "object", additionalProperties: { type: "string" } } }, required: ["labels"] },
  invoke: (args) => args,
});

const fixtureTools = loadFixtures()
  .filter((f) => f.schema.type === "object")
  .map((f, i) => defineTool({ name: `fixture_${i}`, description: f.name, parameters: f.schema as never, invoke: () => null }));

describe("geminiTools", () => {
  it("by default gives every tool its JSON Schema as parametersJsonSchema, following Gemini's rules", () => {
    const box = createToolbox([book, tag, ...fixtureTools]);
    const { functionDeclarations } = box.geminiTools();
    // No tool is left out: the JSON Schema form takes every object schema.
    expect(functionDeclarations.map((d) => d.name)).toEqual(box.names);
    expect(box.providerReport("gemini").every((r) => r.ok)).toBe(true);
    for (const declaration of functionDeclarations) {
      expect({ name: declaration.name, violations: checkGeminiDeclaration(declaration) }).toEqual({ name: declaration.name, violations: [] });
      expect(declaration.parameters).toBeUndefined();
    }
    const tag0 = functionDeclarations.find((d) => d.name === "tag");
    expect(tag0?.parametersJsonSchema).toEqual(tag.parameters);
  });

  it("form openapi gives { functionDeclarations } in Gemini's Schema subset, leaving out what it cannot express", () => {
    const box = createToolbox([book, tag, ...fixtureTools]);
    const { functionDeclarations } = box.geminiTools({ form: "openapi" });
    const report = box.providerReport("gemini", { gemini: { form: "openapi" } });
    expect(functionDeclarations.map((d) => d.name)).toEqual(report.filter((r) => r.ok).map((r) => r.name));
    expect(functionDeclarations.map((d) => d.name)).toContain("book");
    for (const declaration of functionDeclarations) {
      const keys = Object.keys(declaration).filter((k) => k !== "description").sort();
      expect(keys).toEqual(declaration.parameters === undefined ? ["name"] : ["name", "parameters"]);
      expect({ name: declaration.name, violations: checkGeminiDeclaration(declaration) }).toEqual({ name: declaration.name, violations: [] });
      if (declaration.parameters !== undefined) expect(checkGemini(declaration.parameters)).toEqual([]);
    }
    const book0 = functionDeclarations.find((d) => d.name === "book");
    expect(book0).toMatchObject({ description: "Books a flight", parameters: { type: "object", required: ["code"] } });
    // pattern and default are fields of Gemini's Schema: kept, not turned into prose.
    expect(book0?.parameters?.properties.code).toEqual({ type: "string", pattern: "^[A-Z]{3}$", description: "Airport code" });
    expect(book0?.parameters?.properties.seats).toEqual({ type: "integer", minimum: 1, default: 1 });
    expect(JSON.stringify(book0)).not.toContain("$ref");
  });

  it("reports why a tool was left out of the openapi form, and what each kept tool lost, by JSON Pointer", () => {
    const report = createToolbox([book, tag]).providerReport("gemini", { gemini: { form: "openapi" } });
    const [bookReport, tagReport] = report;
    expect(tagReport).toMatchObject({ name: "tag", ok: false });
    expect(tagReport?.problems.map((p) => p.path)).toEqual(["#/properties/labels"]);
    expect(bookReport).toMatchObject({ name: "book", ok: true, problems: [] });
    // Only the date format (Gemini Developer API: string formats "enum"/"date-time") and the inlining.
    expect(bookReport?.changes.map((c) => c.path)).toEqual(["#/properties/when/anyOf/0/properties/day/format", "#/$defs"]);
  });

  it("dispatches Gemini's functionCall args object through call with the original schema's validation", async () => {
    const box = createToolbox([book]);
    // What the Gemini SDK hands back: `response.functionCalls[i]` = { id?, name, args }.
    const ok = { id: "fc-1", name: "book", args: { code: "LHR", when: { day: "2026-12-01" } } };
    expect(await box.call({ name: ok.name, arguments: ok.args, id: ok.id })).toMatchObject({
      ok: true, callId: "fc-1", value: { code: "LHR", seats: 1, when: { day: "2026-12-01" } },
    });
    expect(ok.args).toEqual({ code: "LHR", when: { day: "2026-12-01" } }); // the caller's object is not filled in
    // Gemini was never told the pattern as a keyword (only in words): the original schema still holds.
    const bad = await box.call({ name: "book", arguments: { code: "london", seats: 0 } });
    expect(bad).toMatchObject({ ok: false, error: { kind: "invalid_arguments" } });
    expect(bad.ok ? [] : bad.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(["code", "seats"]));
  });
});

describe("providerReport", () => {
  const checkers: Record<Exclude<Provider, "gemini">, (schema: unknown) => unknown[]> = {
    "openai-strict": checkOpenAIStrict,
    openai: checkOpenAI,
    anthropic: checkAnthropic,
    "anthropic-strict": checkAnthropicStrict,
  };

  it.each(Object.keys(checkers) as Exclude<Provider, "gemini">[])("%s: what the toolbox sends follows the provider's rules, and the report agrees", (provider) => {
    const box = createToolbox([book, tag, ...fixtureTools]);
    const report = box.providerReport(provider);
    expect(report.map((r) => r.name)).toEqual(box.names);
    for (const r of report) expect(r.ok || r.problems.length > 0).toBe(true);
    const sent =
      provider === "anthropic" || provider === "anthropic-strict"
        ? box.anthropicTools({ strict: provider === "anthropic-strict" }).map((t) => ({ name: t.name, schema: t.input_schema, strict: t.strict }))
        : box.chatCompletionsTools({ strict: provider === "openai-strict" }).map((t) => ({ name: t.function.name, schema: t.function.parameters, strict: t.function.strict }));
    for (const tool of sent) {
      const ok = report.find((r) => r.name === tool.name)?.ok;
      if (provider === "openai-strict" || provider === "anthropic-strict") expect(tool.strict).toBe(ok);
      if (ok) expect({ name: tool.name, violations: checkers[provider](tool.schema) }).toEqual({ name: tool.name, violations: [] });
    }
    if (provider === "anthropic-strict") {
      expect(checkAnthropicStrictRequest(sent.filter((t) => t.strict === true).map((t) => t.schema))).toEqual([]);
    }
  });
});
