/**
 * Pydantic parity: for every folder under cases/, the codegen's schemas for input.ts must equal - value
 * and key order - what real pydantic printed for the equivalent Python function (expected.<style>.json,
 * written by generate.py and committed, so this test needs no Python).
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyze, ENGINES } from "../../src/index.js";
import type { SchemaStyle } from "../../src/index.js";

const casesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "cases");
const styles: readonly SchemaStyle[] = ["pydantic", "openai"];

const cases = readdirSync(casesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe("pydantic parity cases", () => {
  it("has at least 40 cases, each complete", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (const name of cases) {
      for (const file of ["input.ts", "equivalent.py", "expected.pydantic.json", "expected.openai.json"]) {
        expect(existsSync(path.join(casesDir, name, file)), `${name}/${file}`).toBe(true);
      }
    }
  });
});

describe.each(ENGINES)("engine %s", (engine) => {
describe.each(cases)("%s", (name) => {
  const dir = path.join(casesDir, name);

  it.each(styles)("matches pydantic (%s style)", (style) => {
    const expectedText = readFileSync(path.join(dir, `expected.${style}.json`), "utf8");
    const result = analyze({ engine, files: [path.join(dir, "input.ts")], style });

    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);

    // The --json shape: description left out when there is none.
    const actual = result.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.parameters,
    }));
    expect(actual).toEqual(JSON.parse(expectedText));
    // Same keys in the same order: pydantic's key order is part of the parity.
    expect(`${JSON.stringify(actual, null, 2)}\n`).toBe(expectedText);
  });
});
});
