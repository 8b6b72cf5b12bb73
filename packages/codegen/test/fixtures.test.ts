/**
 * Codegen fixtures: one folder per case under fixtures/, for what the pydantic parity suite cannot
 * show - strict mode, diagnostics (exact file:line:col), which functions become tools, the call
 * model (positional / destructured object, optional, defaults), async and return schemas.
 *
 * A folder holds `input.ts` (plus any other .ts files it lists in `files.json`) and expectations:
 * - `expected.openai.json`, `expected.pydantic.json`: the tools of a normal run in that style;
 * - `expected.strict.json`: the tools of a strict (openai style) run;
 * - `expected.diagnostics.json` / `expected.strict-diagnostics.json`: the diagnostics of the normal
 *   / strict run (their absence means: none at all).
 * Tools are compared without their absolute `file` and their `signature`; diagnostics with `file` relative to the folder.
 * `UPDATE_FIXTURES=1` rewrites the expectations that exist (review the diff before committing).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyze, ENGINES, type AnalyzeResult, type Engine, type SchemaStyle } from "../src/index.js";


const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const update = process.env.UPDATE_FIXTURES === "1";

const cases = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

interface Run {
  readonly label: string;
  readonly style: SchemaStyle;
  readonly strict: boolean;
  readonly toolsFile: string;
  readonly diagnosticsFile: string;
}

const runs: readonly Run[] = [
  { label: "openai", style: "openai", strict: false, toolsFile: "expected.openai.json", diagnosticsFile: "expected.diagnostics.json" },
  { label: "pydantic", style: "pydantic", strict: false, toolsFile: "expected.pydantic.json", diagnosticsFile: "expected.diagnostics.json" },
  { label: "strict", style: "openai", strict: true, toolsFile: "expected.strict.json", diagnosticsFile: "expected.strict-diagnostics.json" },
];

function inputFiles(dir: string): string[] {
  const listed = path.join(dir, "files.json");
  const names = existsSync(listed) ? (JSON.parse(readFileSync(listed, "utf8")) as string[]) : ["input.ts"];
  return names.map((name) => path.join(dir, name));
}

function comparable(result: AnalyzeResult, dir: string): { tools: unknown[]; diagnostics: unknown[] } {
  return {
    // `signature` (the IR the registry's stale check is written from) is checked by the corpus and
    // stale-check suites, which type-check it against the functions.
    tools: result.tools.map(({ file: _file, signature: _signature, ...tool }) => tool),
    // Locations inside messages are relative to the working directory: make them relative to the folder.
    diagnostics: result.diagnostics.map((d) => ({
      ...d,
      file: path.relative(dir, d.file),
      message: d.message.replaceAll(`${path.relative(process.cwd(), dir)}${path.sep}`, ""),
    })),
  };
}

function check(file: string, actual: unknown, engine: Engine): void {
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  // The expectations are TypeScript 6's reading; TypeScript 7's must equal them, never rewrite them.
  if (update && engine === "ts6") writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, "utf8"));
}

describe.each(ENGINES)("engine %s", (engine) => {
describe.each(cases)("%s", (name) => {
  const dir = path.join(fixturesDir, name);
  const active = runs.filter((run) => existsSync(path.join(dir, run.toolsFile)));

  it("has at least one expectation", () => {
    expect(active.length).toBeGreaterThan(0);
  });

  it.each(active.map((run) => [run.label, run] as const))("%s", (_label, run) => {
    const result = analyze({ engine, files: inputFiles(dir), style: run.style, strict: run.strict });
    const { tools, diagnostics } = comparable(result, dir);
    check(path.join(dir, run.toolsFile), tools, engine);
    const diagnosticsFile = path.join(dir, run.diagnosticsFile);
    if (existsSync(diagnosticsFile)) check(diagnosticsFile, diagnostics, engine);
    else expect(diagnostics).toEqual([]);
  });
});
});
