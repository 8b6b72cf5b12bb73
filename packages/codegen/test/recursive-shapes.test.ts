/**
 * Recursive shapes the reader must answer without running for ever or mixing names up (found by an
 * adversarial probe, 2026-12-03): an anonymous shape that holds itself has no name a schema could refer
 * to it by (an error, where it used to overflow the stack), and a recursive alias whose name another type
 * of the function holds is suffixed like any definition (it used to take that type's `$defs` entry).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "../src/engines.js";
import { ENGINES } from "../src/model.js";

const root = mkdtempSync(path.join(tmpdir(), "toolsmith-recursive-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let written = 0;
function analyzeSource(engine: (typeof ENGINES)[number], source: string) {
  const file = path.join(root, `case${written++}.ts`);
  writeFileSync(file, source);
  return analyze({ engine, files: [file], cwd: root });
}

describe.each(ENGINES)("recursive shapes, engine %s", (engine) => {
  it.each([
    ["an optional property of its own alias", "export type T = string | { t?: T };\n/** F. */\nexport function f(t: T): number { return 1; }", "t", "`{ t?: T }`"],
    ["a nullable property of its own alias", "export type T = string | { s: T | null };\n/** F. */\nexport function f(t: T): number { return 1; }", "t", "`{ s: T | null }`"],
    ["a Partial of the interface inside it", "export interface A {\n  n: number;\n  p?: Partial<A>;\n}\n/** F. */\nexport function f(a: A): number { return 1; }", "a", "Partial<A>"],
  ])("%s: an error naming the shape, the function beside it read", (_label, source, parameter, shape) => {
    const result = analyzeSource(engine, `${source}\n/** Fine. */\nexport function fine(n: number): number { return n; }\n`);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect([error.functionName, error.parameterName]).toEqual(["f", parameter]);
      expect(error.message).toContain("holds itself, and has no name a schema could refer to it by");
    }
    expect(errors.some((error) => error.message.includes(shape))).toBe(true);
    expect(analyze({ engine, files: [path.join(root, `case${written - 1}.ts`)], cwd: root, skipInvalid: true }).tools.map((tool) => tool.name)).toEqual(["fine"]);
  });

  it("a recursive alias named like another type of the function is suffixed, and each keeps its own entry", () => {
    const result = analyzeSource(
      engine,
      [
        "export namespace N {\n  export interface Tree {\n    x: number;\n  }\n}",
        "export type Tree = string | Branch;",
        "export interface Branch {\n  c: Tree[];\n}",
        "/** F. */\nexport function f(n: N.Tree, t: Tree): number {\n  return 1;\n}",
        "",
      ].join("\n"),
    );
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const parameters = result.tools[0]?.parameters as { properties: Record<string, unknown>; $defs: Record<string, { properties?: Record<string, unknown>; anyOf?: unknown[] }> };
    expect(Object.keys(parameters.$defs).sort()).toEqual(["Branch", "Tree", "Tree_2"]);
    expect(parameters.properties.n).toEqual({ $ref: "#/$defs/Tree" });
    expect(Object.keys(parameters.$defs.Tree?.properties ?? {})).toEqual(["x"]);
    expect(parameters.properties.t).toEqual({ $ref: "#/$defs/Tree_2" });
    expect(parameters.$defs.Tree_2?.anyOf).toEqual([{ type: "string" }, { $ref: "#/$defs/Branch" }]);
    expect(parameters.$defs.Branch?.properties?.c).toMatchObject({ items: { $ref: "#/$defs/Tree_2" }, type: "array" });
  });
});
