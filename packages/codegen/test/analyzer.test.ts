/**
 * `createAnalyzer` (watch mode's analysis): after `update(paths)`, `analyze()` sees edited, added and
 * deleted files - including edits to a file the tools only import - and keeps unchanged files' results.
 */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
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

/** One tool's parameter schemas by name (with `enum` / property names at hand), from an error-free analysis. */
function parametersOf(result: AnalyzeResult, tool: string) {
  expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const parameters = propertiesOf(result, tool)?.properties ?? {};
  const schema = (name: string) => parameters[name] as { enum?: unknown[]; properties?: object; anyOf?: unknown[] } | undefined;
  return { schema, enumOf: (name: string) => schema(name)?.enum, keysOf: (name: string) => Object.keys(schema(name)?.properties ?? {}) };
}

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

  it("reads a body a signature can see: `typeof` a const of the body, a module the body imports (the ts6 program empties only private bodies)", () => {
    const ws = workspace({
      "tools.ts": [
        'import type { Settings } from "./types.js";',
        "function defaults(): typeof base {\n  const base = { retries: 3, verbose: true };\n  return base;\n}",
        "export function configure(options: ReturnType<typeof defaults>): number {\n  return options.retries;\n}",
        "export function apply(settings: Settings): string {\n  return settings.color;\n}",
        'async function load(): Promise<void> {\n  await import("./aug.js");\n}',
        "",
      ].join("\n"),
      "types.ts": "export interface Settings {\n  color: string;\n}\n",
      "aug.ts": 'import "./types.js";\ndeclare module "./types.js" {\n  interface Settings {\n    size: number;\n  }\n}\n',
    });
    const result = analyze({ engine, files: [path.join(ws.dir, "tools.ts")] });
    expect(parametersOf(result, "configure").keysOf("options")).toEqual(["retries", "verbose"]);
    expect(Object.keys(propertiesOf(result, "apply")?.$defs?.Settings?.properties ?? {})).toEqual(["color", "size"]);
  });

  it("says a memoized definition's problem at the path each tool reaches it by, whichever tool read it first", () => {
    const ws = workspace({
      "tools.ts": [
        "export interface Inner {\n  data: unknown;\n}",
        "export interface Outer {\n  inner: Inner;\n  other: Inner;\n}",
        "/** A. */\nexport function a(o: Outer): number {\n  return 1;\n}",
        "/** B. */\nexport function b(i: Inner): number {\n  return 2;\n}",
        "/** C. */\nexport function c(list: Outer[]): number {\n  return 3;\n}",
        "",
      ].join("\n"),
    });
    const messages = analyze({ engine, files: [path.join(ws.dir, "tools.ts")] }).diagnostics.map((d) => d.message);
    expect(messages).toEqual([
      "a(o): `unknown` accepts any JSON value: its schema is {} (property `inner` > property `data`)",
      "b(i): `unknown` accepts any JSON value: its schema is {} (property `data`)",
      "c(list): `unknown` accepts any JSON value: its schema is {} (property `inner` > property `data`)",
    ]);
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

  it("orders a union's members as the source writes them, through aliases, utility types, keyof and indexed access, whatever the program created first", () => {
    // models.ts is read first and names User's fields and Status's values in other orders (Pick, a
    // literal union, a Record), which is the order TypeScript 6 creates their literal types in.
    const ws = workspace({
      "user.ts": [
        "export interface Base { id: number }",
        'export interface User extends Base { name: string; roles: Array<"guest" | "admin">; beta: boolean }',
        'export type Status = "open" | "done" | "blocked";',
        'export type BA = "b" | "a";',
        "export type Sizes = 30 | 1 | 2;",
        "",
      ].join("\n"),
      "models.ts": [
        'import type { User } from "./user.js";',
        'export function models(pick: Pick<User, "roles" | "name" | "beta">, states: "blocked" | "done" | "open", keyed: Record<"a" | "c" | "b" | "admin", number>, size: 2 | 1 | 30): number { return 1; }',
        "",
      ].join("\n"),
      "tools.ts": [
        'import type { BA, Sizes, Status, User } from "./user.js";',
        "export function tools(",
        "  key: keyof User,",
        '  active: Exclude<Status, "done">,',
        '  final: Extract<Status, "done" | "blocked">,',
        "  present: NonNullable<Status | null>,",
        '  letter: BA | "c",',
        "  size: Sizes,",
        '  role: User["roles"][number],',
        "  counts: Record<keyof User, number>,",
        '  labels: { [K in Exclude<keyof User, "beta">]: string },',
        '  field: User["name" | "beta"] | null,',
        "): number { return 1; }",
        'export function sortBy<F extends "name" | "age">(field: F): number { return 1; }',
        "export type Rec<T> = T | Rec<T>[];",
        "export interface Tree<T> { value: T; children: Tree<T>[] }",
        'export function nested(rec: Rec<"b" | "a">, tree: Tree<"d" | "c">): number { return 1; }',
        "",
      ].join("\n"),
    });
    const result = analyze({ engine, files: [path.join(ws.dir, "models.ts"), path.join(ws.dir, "tools.ts")] });
    const { schema, enumOf, keysOf } = parametersOf(result, "tools");
    expect(enumOf("key")).toEqual(["id", "name", "roles", "beta"]); // the base's fields first, as in User's schema
    expect(enumOf("active")).toEqual(["open", "blocked"]);
    expect(enumOf("final")).toEqual(["done", "blocked"]); // Status, the first argument, places them first
    expect(enumOf("present")).toEqual(["open", "done", "blocked"]);
    expect(enumOf("letter")).toEqual(["b", "a", "c"]);
    expect(enumOf("size")).toEqual([30, 1, 2]);
    expect(enumOf("role")).toEqual(["guest", "admin"]);
    expect(keysOf("counts")).toEqual(["id", "name", "roles", "beta"]);
    expect(keysOf("labels")).toEqual(["id", "name", "roles"]);
    expect(schema("field")?.anyOf).toEqual([
      { type: "string" },
      { type: "boolean" },
      { type: "null" },
    ]);
    expect(parametersOf(result, "sortBy").enumOf("field")).toEqual(["name", "age"]);
    // Inside a generic declaration, `T` takes the order the instantiation's argument is written in: the
    // `$defs` key, the members and the declaration's own recursive reference all agree.
    const nested = propertiesOf(result, "nested");
    expect(nested?.$defs).toEqual({
      Rec_Literal__b____a___: { anyOf: [{ enum: ["b", "a"], type: "string" }, { items: { $ref: "#/$defs/Rec_Literal__b____a___" }, type: "array" }] },
      Tree_Literal__d____c___: {
        properties: { value: { enum: ["d", "c"], type: "string" }, children: { items: { $ref: "#/$defs/Tree_Literal__d____c___" }, type: "array" } },
        required: ["value", "children"],
        type: "object",
      },
    });
  });

  it("lists the properties a mapped type's `as` clause names in the order of their keys", () => {
    const ws = workspace({
      "tools.ts": [
        "interface Rec { zed: number; alpha: string; mid: boolean }",
        "export function remap(",
        '  getters: { [K in "b" | "a" as `get${Capitalize<K>}At`]: number },',
        "  upper: { [K in keyof Rec as Uppercase<K>]: Rec[K] },",
        '  kept: { [K in keyof Rec as Exclude<K, "mid">]: Rec[K] },',
        "): number { return 1; }",
        "",
      ].join("\n"),
    });
    const { keysOf } = parametersOf(analyze({ engine, files: [path.join(ws.dir, "tools.ts")] }), "remap");
    expect(keysOf("getters")).toEqual(["getBAt", "getAAt"]);
    expect(keysOf("upper")).toEqual(["ZED", "ALPHA", "MID"]);
    expect(keysOf("kept")).toEqual(["zed", "alpha"]);
  });

  it("orders members no source spells out (a conditional type's, a return type's) the same on both engines", () => {
    const ws = workspace({
      "tools.ts": [
        "type Wrap<T> = T extends string ? { s: T } : { o: T };",
        "export function unspelled(wrapped: Wrap<true | \"b\">, returned: ReturnType<() => Date | number>): number { return 1; }",
        "",
      ].join("\n"),
    });
    const { schema } = parametersOf(analyze({ engine, files: [path.join(ws.dir, "tools.ts")] }), "unspelled");
    // Primitives first, then by declaration: the conditional's branches as written.
    expect(schema("wrapped")?.anyOf?.map((member) => Object.keys((member as { properties: object }).properties))).toEqual([["s"], ["o"]]);
    expect(schema("returned")?.anyOf).toEqual([{ type: "number" }, { format: "date-time", type: "string" }]);
  });

  it("orders instantiations of one generic that no source spells out by their type arguments, on both engines", () => {
    const ws = workspace({
      "tools.ts": [
        "interface Box<T> { v: T }",
        "type Flip<T> = T extends string ? Box<boolean> : T extends number ? Box<string> : Box<number>;",
        "export function made(early: Box<number> | Box<boolean>, flipped: Flip<number | string | boolean>): number { return 1; }",
        "",
      ].join("\n"),
    });
    const { schema } = parametersOf(analyze({ engine, files: [path.join(ws.dir, "tools.ts")] }), "made");
    // Box<number> and Box<boolean> are made first (TypeScript 6's order); string, number, then the rest (boolean).
    expect(schema("flipped")?.anyOf).toEqual([{ $ref: "#/$defs/Box_str_" }, { $ref: "#/$defs/Box_float_" }, { $ref: "#/$defs/Box_bool_" }]);
    expect(schema("early")?.anyOf).toEqual([{ $ref: "#/$defs/Box_float_" }, { $ref: "#/$defs/Box_bool_" }]);
  });

  it("keys a generic instantiation whose argument has no Python spelling by the argument as written", () => {
    const ws = workspace({
      "tools.ts": [
        "export interface Page<T> { items: T[] }",
        'export function list(inline: Page<{ a: "y" | "x" }>, keyed: Page<Record<"y" | "x", number>>): number { return 1; }',
        "",
      ].join("\n"),
    });
    const result = analyze({ engine, files: [path.join(ws.dir, "tools.ts")] });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(Object.keys(propertiesOf(result, "list")?.$defs ?? {})).toEqual(["Page_Record__y_____x___number__", "Page___a___y_____x____"]);
  });

  it("orders the members of a type taken from an `as const` array or object as the values are written", () => {
    const ws = workspace({
      "values.ts": [
        'export const SIZES = ["s", "xl", "m"] as const;',
        'export const COLORS = { Red: "red", Blue: "blue", Green: "green" } as const;',
        "export const CODES = [3, -1, 2] as const;",
        "export type Size = (typeof SIZES)[number];",
        "",
      ].join("\n"),
      "models.ts": 'export function models(values: "xl" | "m" | "s" | "green" | "blue" | "red" | "Green", codes: -1 | 2 | 3): number { return 1; }\n',
      "tools.ts": [
        'import { CODES, COLORS, type Size } from "./values.js";',
        "export function paint(",
        "  size: Size,",
        "  color: (typeof COLORS)[keyof typeof COLORS],",
        "  key: keyof typeof COLORS,",
        "  code: (typeof CODES)[number],",
        '  some: (typeof COLORS)["Green" | "Red"],',
        "): number { return 1; }",
        "",
      ].join("\n"),
    });
    const { enumOf } = parametersOf(analyze({ engine, files: [path.join(ws.dir, "models.ts"), path.join(ws.dir, "tools.ts")] }), "paint");
    expect(enumOf("size")).toEqual(["s", "xl", "m"]);
    expect(enumOf("color")).toEqual(["red", "blue", "green"]);
    expect(enumOf("key")).toEqual(["Red", "Blue", "Green"]);
    expect(enumOf("code")).toEqual([3, -1, 2]);
    expect(enumOf("some")).toEqual(["green", "red"]);
  });
});

describe("numbers JSON cannot hold", () => {
  // TypeScript 7's API cannot send such a number (its answers are JSON): the session stands a literal of
  // that number in for it, so both engines name the same parameter with the same message.
  const where = (part: string) => ` (${part})`;
  it.each([
    ["a literal type that overflows", "export function f(a: 1e400): number { return 1; }", ["Infinity"], ""],
    ["an enum member that is NaN", "export enum W { Nan = 0 / 0, One = 1 }\nexport function f(a: W): number { return 1; }", ["NaN"], ""],
    ["a literal in a union", "export function f(a: 1 | -1e999): number { return 1; }", ["-Infinity"], ""],
    ["two members of one enum", "export enum E { A = 1 / 0, B = -1 / 0, C = 1 }\nexport function f(a: E): number { return 1; }", ["-Infinity", "Infinity"], ""], // one place: in message order
    ["one enum member", "export enum E { A = 1 / 0, C = 1 }\nexport function f(a: E.A): number { return 1; }", ["Infinity"], ""],
    ["an alias", "type Big = 1e999;\nexport function f(a: Big): number { return 1; }", ["Infinity"], ""],
    ["a const's type", "const BIG = 1e999;\nexport function f(a: typeof BIG): number { return 1; }", ["Infinity"], ""],
    ["a property", "interface P { x: 1e999; y: number }\nexport function f(a: P): number { return 1; }", ["Infinity"], where("property `x`")],
    ["an array's items", "export function f(a: (1e999)[]): number { return 1; }", ["Infinity"], ""],
    ["a tuple's member", "export function f(a: [1e999, string]): number { return 1; }", ["Infinity"], ""],
    ["a destructured parameter", "export function f({ a }: { a: 1e999 }): number { return 1; }", ["Infinity"], where("property `a`")],
  ])("%s: named at the parameter, the functions beside it read", (_label, source, values, suffix) => {
    const ws = workspace({ "tools.ts": `${source}\n/** Fine. */\nexport function fine(n: number): number { return n; }\n` });
    const file = path.join(ws.dir, "tools.ts");
    const errors = analyze({ engine, files: [file] }).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.file, d.line, d.functionName, d.parameterName, d.hint])).toEqual(values.map(() => [file, errors[0]?.line, "f", "a", "write a finite number"]));
    expect(errors.map((d) => d.message)).toEqual(
      values.map((value) => `f(a): the number ${value} (a literal type or enum member) is not finite: JSON, and so a JSON Schema, has no Infinity or NaN${suffix}`),
    );
    // The native process refuses the one answer and goes on: the other tool is read.
    const skipping = analyze({ engine, files: [file], skipInvalid: true });
    expect(skipping.tools.map((tool) => tool.name)).toEqual(["fine"]);
  });

  it.each([
    ["an index signature's value", "export function f(a: Record<string, 1e999>): number { return 1; }"],
    ["a generic's argument", "interface Box<T> { v: T }\nexport function f(a: Box<1e999>): number { return 1; }"],
  ])("%s: named at the parameter (ts7 cannot say which part: the answer listing it cannot be sent)", (_label, source) => {
    const ws = workspace({ "tools.ts": source });
    const errors = analyze({ engine, files: [path.join(ws.dir, "tools.ts")] }).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.functionName, d.parameterName])).toEqual([["f", "a"]]);
    expect(errors[0]?.message).toContain("f(a): the number Infinity (a literal type or enum member) is not finite");
  });

  it("a promise of such a number: async, no return schema, no error (as a return type that cannot be read)", () => {
    const ws = workspace({ "tools.ts": "/** R. */\nexport async function f(): Promise<1e999> { return 1e999; }\n/** S. */\nexport function g(): 1e999 { return 1e999; }\n" });
    const result = analyze({ engine, files: [path.join(ws.dir, "tools.ts")] });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.tools.map((tool) => [tool.name, tool.isAsync, tool.returns])).toEqual([
      ["f", true, undefined],
      ["g", false, undefined],
    ]);
  });
});

describe("constraint tags on a type they cannot constrain", () => {
  const source = [
    "export enum Color { Red = \"red\", Blue = \"blue\" }",
    "export enum Level { Low = 1, High = 2 }",
    "interface Limits {",
    "  /** @maxLength 3 */",
    "  size: number;",
    "}",
    "/**",
    " * Sets limits.",
    " * @param text what to say",
    " * @minimum 1",
    " */",
    "export function limits(",
    "  /** @minimum 1 */ text: string,",
    "  /** @minLength 2 */ count: number,",
    "  /** @minimum 1 */ ids: number[],",
    "  /** @pattern ^R */ level: Level,",
    "  /** @minItems 1 */ totals: Record<string, number>,",
    "  /** @minLength 1 */ names: string[],",
    "  /** @minimum 1 */ either: string | number,",
    "  /** @minimum 1 */ maybe: number | null,",
    "  /** @pattern ^r */ color: Color,",
    "  limits: Limits,",
    "): number { return 1; }",
    "",
  ].join("\n");

  it("warns at each tag, leaves the keyword out, and keeps those that constrain a member", () => {
    const ws = workspace({ "tools.ts": source });
    const result = analyze({ engine, files: [path.join(ws.dir, "tools.ts")] });
    const warnings = result.diagnostics.filter((d) => d.severity === "warning");
    expect(warnings.map((d) => [d.line, d.message, d.hint]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [4, "property `size` of `Limits`: @maxLength applies to strings and arrays only, and the value here is a number: it would check nothing, so it is left out of the schema", "for a number's range, write @minimum / @maximum"],
      [10, "limits: @minimum in the function's JSDoc constrains no parameter, so it is not used", "write it in the JSDoc in front of the parameter it is for: `/** @minimum 1 */ count: number`, or on the property"],
      [13, "limits(text): @minimum applies to numbers only, and the value here is a string: it would check nothing, so it is left out of the schema", "for a string's length, write @minLength / @maxLength"],
      [14, "limits(count): @minLength applies to strings and arrays only, and the value here is a number: it would check nothing, so it is left out of the schema", "for a number's range, write @minimum / @maximum"],
      [15, "limits(ids): @minimum applies to numbers only, and the value here is an array: it would check nothing, so it is left out of the schema", "for an array's number of items, write @minItems / @maxItems"],
      [16, "limits(level): @pattern applies to strings only, and the value here is a number: it would check nothing, so it is left out of the schema", "for a number's range, write @minimum / @maximum"],
      [17, "limits(totals): @minItems applies to arrays only, and the value here is an object: it would check nothing, so it is left out of the schema", "remove the tag, or change the type it is written on"],
    ]);
    const { schema } = parametersOf(result, "limits");
    for (const name of ["text", "count", "ids", "level", "totals"]) {
      expect(Object.keys(schema(name) ?? {}).filter((key) => /^(min|max|pattern)/.test(key))).toEqual([]);
    }
    expect(schema("names")).toMatchObject({ minItems: 1, type: "array" });
    expect(schema("either")).toMatchObject({ minimum: 1 });
    expect(schema("maybe")?.anyOf?.[0]).toMatchObject({ minimum: 1, type: "number" });
    expect(schema("color")).toMatchObject({ pattern: "^r" });
    expect(propertiesOf(result, "limits")?.$defs?.Limits).toEqual({
      properties: { size: { type: "number" } },
      required: ["size"],
      type: "object",
    });
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

describe("a tsconfig that sets baseUrl (TypeScript 7 no longer reads it)", () => {
  const project = () => {
    const ws = workspace({ "tsconfig.json": '{ "compilerOptions": { "strict": true, "module": "nodenext", "baseUrl": "./lib" } }\n' });
    mkdirSync(path.join(ws.dir, "lib", "models"), { recursive: true });
    ws.write("lib/models/item.ts", "export interface Item { name: string }\n");
    const tools = ws.write("tools.ts", 'import type { Item } from "models/item.js";\n/** Adds. */\nexport function add(item: Item): number { return 1; }\n');
    return { dir: ws.dir, files: [tools] };
  };

  it("reads with ts6 by default, so imports through baseUrl resolve", () => {
    const { files } = project();
    const result = analyze({ files });
    expect(result.diagnostics).toEqual([]);
    expect(Object.keys(propertiesOf(result, "add")?.$defs ?? {})).toEqual(["Item"]);
  });

  it("with --engine ts7, warns at the tsconfig beside the import it leaves unresolved", () => {
    const { dir, files } = project();
    const result = analyze({ engine: "ts7", files });
    expect(result.diagnostics.map((d) => [d.severity, path.relative(dir, d.file), d.message.includes("baseUrl") || d.message.includes("cannot resolve")])).toEqual([
      ["warning", "tsconfig.json", true],
      ["error", "tools.ts", true],
    ]);
  });
});
