import { describe, expect, it } from "vitest";
import { toGemini, type GeminiSchema } from "../../src/providers/index.js";
import { compileValidator } from "../../src/validation/index.js";
import { loadFixtures } from "./fixtures.js";

// Gemini's dialect loses some constraints, and toGemini keeps most of them as sentences in the description. A
// call built only from what Gemini is told (its schema, pattern and length fields included, plus those sentences) must be accepted by the
// runtime's validator compiled from the ORIGINAL schema: nothing Gemini sees makes a valid-looking call
// invalid, and what was dropped is still said.

const FORMAT_SAMPLES: Record<string, string> = {
  "date-time": "2026-01-02T03:04:05Z",
  date: "2026-01-02",
  time: "03:04:05Z",
  email: "a@example.com",
  uuid: "123e4567-e89b-12d3-a456-426614174000",
  uri: "https://example.com/",
};
// What a model would write for a pattern it is told about.
const PATTERN_SAMPLES: Record<string, string> = { "^[A-Z]{3}$": "ABC" };

const hint = (schema: GeminiSchema, re: RegExp): string | undefined => re.exec(schema.description ?? "")?.[1];

/** The smallest call a model following Gemini's schema and its descriptions would make. */
function minimal(schema: GeminiSchema): unknown {
  if (schema.nullable === true) return null;
  if (schema.anyOf !== undefined) return minimal(schema.anyOf[0] ?? {});
  if (schema.enum !== undefined) return schema.enum[0];
  const oneOf = hint(schema, /One of: ([^.]+?)\./);
  if (oneOf !== undefined) return JSON.parse(oneOf.split(", ")[0] ?? "null") as unknown;
  const always = hint(schema, /Always (.+?)\./);
  if (always !== undefined) return JSON.parse(always) as unknown;
  switch (schema.type) {
    case "boolean": return false;
    case "integer": case "number": {
      const above = hint(schema, /Greater than (\S+?)\./);
      const below = hint(schema, /Less than (\S+?)\./);
      let value = above !== undefined ? Number(above) + 1 : schema.minimum ?? 1;
      if (schema.maximum !== undefined) value = Math.min(value, schema.maximum);
      if (below !== undefined && value >= Number(below)) value = Number(below) - 1;
      return value;
    }
    case "string": {
      const pattern = schema.pattern ?? hint(schema, /Must match the regular expression (\S+?)\.(?: |$)/);
      if (pattern !== undefined) return PATTERN_SAMPLES[pattern] ?? "";
      const format = schema.format ?? hint(schema, /Format: (\S+?)\./);
      if (format !== undefined) return FORMAT_SAMPLES[format] ?? "x";
      return "x".repeat(Math.max(1, schema.minLength ?? 1));
    }
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => minimal(schema.items ?? {}));
    case "object": {
      const required = new Set(schema.required ?? []);
      return Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([k]) => required.has(k)).map(([k, v]) => [k, minimal(v)]));
    }
    default:
      throw new Error(`no minimal instance for ${JSON.stringify(schema)}`);
  }
}

const geminiFixtures = loadFixtures()
  .map((fixture) => ({ fixture, gemini: toGemini(fixture.schema) }))
  .filter((entry) => entry.gemini.ok);

describe.each(geminiFixtures)("Gemini call for $fixture.name", ({ fixture, gemini }) => {
  it("is accepted by the validator compiled from the original schema", () => {
    if (!gemini.ok) throw new Error("filtered above");
    const call = minimal(gemini.schema);
    expect(compileValidator(fixture.schema)(call)).toEqual([]);
  });
});

it("every fixture the tests rely on has a Gemini form", () => {
  expect(geminiFixtures.map((e) => e.fixture.name)).toEqual(expect.arrayContaining([
    "constraints-dates", "discriminated-union", "nullable-enums", "pydantic-models", "recursive",
  ]));
});
