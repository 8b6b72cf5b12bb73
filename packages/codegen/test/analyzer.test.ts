/**
 * `createAnalyzer` (watch mode's analysis): after `update(paths)`, `analyze()` sees edited, added and
 * deleted files - including edits to a file the tools only import - and keeps unchanged files' results.
 */
import { mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { analyze, createAnalyzer, ENGINES, type AnalyzeResult } from "../src/index.js";
import { openProject } from "../src/ts7/api.js";
import { analysisProgram } from "../src/project.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): { dir: string; write(name: string, text: string): string } {
  const dir = mkdtempSync(path.join(tmpdir(), "toolsmith-analyzer-"));
  dirs.push(dir);
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  for (const [name, text] of Object.entries(files)) write(name, text);
  return { dir, write };
}

const propertiesOf = (result: AnalyzeResult, tool: string) =>
  result.tools.find((t) => t.name === tool)?.parameters;

describe.each(ENGINES)("engine %s", (engine) => {
describe("createAnalyzer", () => {
  it("re-reads a tool file after an edit", () => {
    const ws = workspace({ "tools.ts": "export function greet(name: string): string { return name; }\n" });
    const analyzer = createAnalyzer({ engine, files: [path.join(ws.dir, "tools.ts")] });
    expect(analyzer.analyze().tools.map((t) => t.name)).toEqual(["greet"]);

    const file = ws.write("tools.ts", "export function greet(name: string, loud = false): string { return name; }\n");
    analyzer.update([file]);
    expect(propertiesOf(analyzer.analyze(), "greet")?.properties).toEqual({
      name: { type: "string" },
      loud: { default: false, type: "boolean" },
    });
  });

  it("re-reads the tools that import an edited file, and keeps the others", () => {
    const ws = workspace({
      "types.ts": "export interface Query { text: string }\n",
      "search.ts": 'import type { Query } from "./types.js";\nexport function search(query: Query): string { return query.text; }\n',
      "other.ts": "export function other(flag: boolean): boolean { return flag; }\n",
    });
    const analyzer = createAnalyzer({ engine, files: ["search.ts", "other.ts"].map((f) => path.join(ws.dir, f)) });
    const before = analyzer.analyze();

    analyzer.update([ws.write("types.ts", "export interface Query { text: string; limit?: number }\n")]);
    const after = analyzer.analyze();
    expect(propertiesOf(after, "search")?.$defs).toEqual({
      Query: {
        properties: { text: { type: "string" }, limit: { type: "number" } },
        required: ["text"],
        type: "object",
      },
    });
    // The unrelated file's result is the cached one.
    expect(after.tools.find((t) => t.name === "other")).toBe(before.tools.find((t) => t.name === "other"));
  });

  it("takes a new file as an input and drops a deleted one", () => {
    const ws = workspace({ "a.ts": "export function a(x: number): number { return x; }\n" });
    const analyzer = createAnalyzer({ engine, files: [path.join(ws.dir, "a.ts")] });
    analyzer.analyze();

    const added = ws.write("b.ts", "export function b(y: string): string { return y; }\n");
    analyzer.update([added]);
    expect(analyzer.analyze().tools.map((t) => t.name)).toEqual(["a", "b"]);

    unlinkSync(path.join(ws.dir, "a.ts"));
    analyzer.update([path.join(ws.dir, "a.ts")]);
    expect(analyzer.analyze().tools.map((t) => t.name)).toEqual(["b"]);
  });

  it("reports a collision introduced by an edit", () => {
    const ws = workspace({
      "a.ts": "/** Runs. */\nexport function run(x: number): number { return x; }\n",
      "b.ts": "/** Walks. */\nexport function walk(y: string): string { return y; }\n",
    });
    const analyzer = createAnalyzer({ engine, files: ["a.ts", "b.ts"].map((f) => path.join(ws.dir, f)) });
    expect(analyzer.analyze().diagnostics).toEqual([]);

    analyzer.update([ws.write("b.ts", "/** Runs too. */\nexport function run(y: string): string { return y; }\n")]);
    expect(analyzer.analyze().diagnostics.map((d) => [path.basename(d.file), d.line, d.column, d.message])).toEqual([
      // The other file is named as every location is: relative to the working directory (here outside it).
      ["b.ts", 2, 17, `run: the tool name is already exported by ${path.join(ws.dir, "a.ts")}:2:17`],
    ]);
  });
});

describe("analyze", () => {
  it("sees files edited between calls (parsed files are reused only while unchanged)", () => {
    const ws = workspace({
      "types.ts": "export interface Query { text: string }\n",
      "search.ts": 'import type { Query } from "./types.js";\nexport function search(query: Query): string { return query.text; }\n',
    });
    const files = [path.join(ws.dir, "search.ts")];
    expect(Object.keys(analyze({ engine, files }).tools[0]?.parameters.$defs?.Query?.properties ?? {})).toEqual(["text"]);

    const types = ws.write("types.ts", "export interface Query { text: string; page: number }\n");
    const later = new Date(Date.now() + 5_000);
    utimesSync(types, later, later);
    expect(Object.keys(analyze({ engine, files }).tools[0]?.parameters.$defs?.Query?.properties ?? {})).toEqual(["text", "page"]);
  });

  it("lists a mapped type's literal keys in the order the key union is written (Record, [K in ...], an alias from another file)", () => {
    const ws = workspace({
      "regions.ts": 'export type Region = "us" | "eu" | "apac";\n',
      "totals.ts": 'export enum Zone { Apac = "apac" }\nexport type Totals = Record<"eu" | "us" | "apac", number>;\n',
      "report.ts": 'import type { Totals } from "./totals.js";\nexport function report(totals: Totals): number { return 1; }\n',
      "rates.ts": [
        'import type { Region } from "./regions.js";',
        "export function rates(",
        '  inline: Record<"zulu" | "alpha" | "mike", number>,',
        "  named: Record<Region, string>,",
        '  mapped: { [K in "b" | "a"]: boolean },',
        "): number { return 1; }",
        "",
      ].join("\n"),
    });
    const tool = analyze({ engine, files: [path.join(ws.dir, "rates.ts")] }).tools[0];
    const keys = (name: string) => Object.keys((tool?.parameters.properties[name] as { properties?: object } | undefined)?.properties ?? {});
    expect(keys("inline")).toEqual(["zulu", "alpha", "mike"]);
    expect(keys("named")).toEqual(["us", "eu", "apac"]);
    expect(keys("mapped")).toEqual(["b", "a"]);
    // An alias of a Record (its alias is Totals, not Record), beside an enum holding one of the values.
    const report = analyze({ engine, files: [path.join(ws.dir, "report.ts")] }).tools[0];
    expect(Object.keys((report?.parameters.$defs?.["Totals"] as { properties?: object } | undefined)?.properties ?? {})).toEqual(["eu", "us", "apac"]);
  });
});

describe("project setup", () => {
  it("reports an invalid tsconfig as a diagnostic at the tsconfig instead of throwing", () => {
    const ws = workspace({
      "tsconfig.json": '{ "compilerOptions": { "strict": tru',
      "tools.ts": "export function f(a: string): string { return a; }\n",
    });
    const files = [path.join(ws.dir, "tools.ts")];
    for (const result of [analyze({ engine, files }), createAnalyzer({ engine, files }).analyze()]) {
      expect(result.tools).toEqual([]);
      expect(result.diagnostics.map((d) => [path.basename(d.file), d.line, d.column, d.severity])).toEqual([
        ["tsconfig.json", 1, 1, "error"],
      ]);
    }
  });

  it("resolves @toolsmith/runtime to its types-only entry, not the runtime's import graph", () => {
    const file = fileURLToPath(new URL("fixtures/strict-mode/input.ts", import.meta.url));
    expect(analyze({ engine, files: [file] }).tools.length).toBeGreaterThan(0);
    const runtimeFiles = programFiles(engine, file)
      .filter((name) => name.includes("/packages/runtime/") || name.includes("/node_modules/openai/"))
      .map((name) => name.slice(name.lastIndexOf("/src/") + 1))
      .sort();
    expect(runtimeFiles).toEqual(["src/int.ts", "src/json-schema.ts", "src/registry.ts", "src/stale-check.ts", "src/types.ts"]);
  });

  it("reports an input that does not exist", () => {
    const ws = workspace({ "tools.ts": "/** Echoes a. */\nexport function f(a: string): string { return a; }\n" });
    const missing = path.join(ws.dir, "missing.ts");
    const result = analyze({ engine, files: [path.join(ws.dir, "tools.ts"), missing] });
    expect(result.tools.map((t) => t.name)).toEqual(["f"]);
    expect(result.diagnostics.map((d) => [d.file, d.line, d.column, d.severity])).toEqual([[missing, 1, 1, "error"]]);
  });
});
});

/** The files the engine's program for `file` holds. */
function programFiles(engine: (typeof ENGINES)[number], file: string): string[] {
  if (engine === "ts6") return analysisProgram([file], undefined).getSourceFiles().map((source) => source.fileName);
  const project = openProject({ files: [file], tsconfig: undefined, compilerOptions: { strict: true, module: "nodenext", noEmit: true }, conditions: ["toolsmith-types"] });
  try {
    return project.program.getSourceFiles().map((source) => source.fileName);
  } finally {
    project.close();
  }
}
