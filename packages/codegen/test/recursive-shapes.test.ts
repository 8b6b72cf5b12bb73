/**
 * Recursive shapes the reader must answer without running for ever or mixing names up (found by an
 * adversarial probe, 2026-12-03): an anonymous shape that holds itself has no name a schema could refer
 * to it by (an error, where it used to overflow the stack); a recursive union alias reached through `?` or
 * `| null` is still the alias (it was read member by member, and its anonymous shape seemed to hold itself);
 * and a recursive alias whose name another type of the function holds is suffixed like any definition
 * (it used to take that type's `$defs` entry).
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

  // TypeScript flattens `T | null`, and the `T | undefined` it makes of `t?: T`, into one union that
  // no longer names the alias: read member by member, the shape seemed to hold itself.
  it.each([
    ["an optional property", "export type T = string | { t?: T };", { t: { $ref: "#/$defs/T" } }, []],
    ["a nullable property", "export type T = string | { s: T | null };", { s: { anyOf: [{ $ref: "#/$defs/T" }, { type: "null" }] } }, ["s"]],
    ["an optional nullable property", "export type T = { n?: T | null } | string;", { n: { anyOf: [{ $ref: "#/$defs/T" }, { type: "null" }] } }, []],
  ])("a union alias whose anonymous shape refers back to it through %s: the alias's $ref", (_label, declaration, properties, required) => {
    const result = analyzeSource(engine, `${declaration}\n/** F. */\nexport function f(t: T, u?: T): number { return 1; }\n`);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const parameters = result.tools[0]?.parameters as { properties: Record<string, unknown>; $defs: Record<string, { anyOf: readonly { type?: string; properties?: unknown; required?: unknown }[] }> };
    expect(Object.keys(parameters.$defs)).toEqual(["T"]);
    const shape = parameters.$defs.T?.anyOf.find((member) => member.type === "object");
    expect(shape?.properties).toEqual(properties);
    expect(shape?.required).toEqual(required.length ? required : undefined);
    expect(parameters.properties).toEqual({ t: { $ref: "#/$defs/T" }, u: { anyOf: [{ $ref: "#/$defs/T" }, { type: "null" }], default: null } });
  });

  it("an optional generic recursive alias keeps the instantiation's name and the members' written order", () => {
    const result = analyzeSource(engine, 'export type Rec<T> = T | Rec<T>[];\n/** F. */\nexport function f(p?: Rec<"b" | "a">, q: Rec<number> | null = null): number { return 1; }\n');
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const parameters = result.tools[0]?.parameters as { properties: Record<string, unknown>; $defs: Record<string, { anyOf: readonly unknown[] }> };
    expect(parameters.properties).toEqual({
      p: { anyOf: [{ $ref: "#/$defs/Rec_Literal__b____a___" }, { type: "null" }], default: null },
      q: { anyOf: [{ $ref: "#/$defs/Rec_float_" }, { type: "null" }], default: null },
    });
    expect(parameters.$defs.Rec_Literal__b____a___?.anyOf[0]).toEqual({ enum: ["b", "a"], type: "string" });
  });

  it("a generic's argument holding recursive aliases among other members keys them by name, as Python's Union keeps them", () => {
    const result = analyzeSource(
      engine,
      [
        "export type Json = string | number | Json[] | { [k: string]: Json };",
        "export type Timeline = Date | Timeline[];",
        'export type Plain = "a" | "b";',
        "export interface Box<T> {\n  value: T;\n}",
        "/** F. */\nexport function f(a: Box<Json | Timeline>, b: Box<Timeline | null>, c: Box<Plain | number>): number { return 1; }",
        "",
      ].join("\n"),
    );
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const parameters = result.tools[0]?.parameters as { $defs: Record<string, unknown> };
    // Pydantic's keys for Box[Union[Json, Timeline]], Box[Optional[Timeline]], Box[Union[Literal['a', 'b'], float]].
    expect(Object.keys(parameters.$defs).filter((key) => key.startsWith("Box_")).sort()).toEqual(["Box_Union_Json__Timeline__", "Box_Union_Literal__a____b____float__", "Box_Union_Timeline__NoneType__"]);
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
