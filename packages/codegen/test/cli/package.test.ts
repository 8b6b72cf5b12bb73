/**
 * `toolsmith codegen --package NAME --skip-invalid` on real libraries installed from the registry (pinned
 * dev dependencies): es-toolkit (ESM, named exports, generics and callbacks), validator with
 * @types/validator (CommonJS, `export =` namespace), and samples of date-fns (generic `Date` parameters). The share that becomes tools, a located reason for
 * every function left out, schemas checked by hand, the registry type-checked against the real
 * declarations (stale check included) and calls through the toolbox returning what the library returns.
 */
import { symlinkSync, mkdirSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createToolbox, type Registry, type Toolbox } from "@toolsmith/runtime";
import { addDays, differenceInDays, format, isWeekend } from "date-fns";
import * as esToolkit from "es-toolkit";
import validator from "validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analyze.js";
import { TempProject } from "./support.js";

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(realpathSync(require.resolve(`${name}/package.json`)));

interface Library {
  name: string;
  /** Installed folders to link into the project's node_modules. */
  links: string[];
  /** The least share of exported functions that must become tools. */
  share: number;
}

const libraries: Library[] = [
  { name: "validator", links: ["validator", "@types/validator"], share: 0.95 },
  { name: "es-toolkit", links: ["es-toolkit"], share: 0.5 },
];

async function value(box: Toolbox, name: string, args: object): Promise<unknown> {
  const result = await box.call({ name, arguments: JSON.stringify(args) });
  if (!result.ok) throw new Error(result.content);
  return result.value;
}

describe.each(libraries)("tools from the package $name", ({ name, links, share }) => {
  let project: TempProject;
  let run: { status: number; stdout: string; stderr: string };
  let box: Toolbox;
  let registry: Registry;

  beforeAll(async () => {
    project = new TempProject();
    for (const link of links) {
      mkdirSync(path.dirname(project.path(`node_modules/${link}`)), { recursive: true });
      symlinkSync(packageDir(link), project.path(`node_modules/${link}`), "dir");
    }
    run = await project.run("codegen", "--package", name, "--skip-invalid", "--out", "registry.ts");
    ({ registry } = (await import(pathToFileURL(project.path("registry.ts")).href)) as { registry: Registry });
    box = createToolbox(registry);
  }, 120_000);
  afterAll(() => project.dispose());

  it(`turns at least ${share * 100}% of the exported functions into tools and says how many it skipped`, () => {
    expect(run.status).toBe(0);
    const summary = /(\d+) tools?, (\d+) skipped from package /.exec(run.stdout);
    expect(summary, run.stdout).not.toBeNull();
    const [tools, skipped] = [Number(summary![1]), Number(summary![2])];
    expect(tools).toBe(Object.keys(registry).length);
    expect(tools / (tools + skipped)).toBeGreaterThanOrEqual(share);
  });

  it("gives every skipped function a located reason, in the package's declarations", () => {
    const result = analyze({ files: [], package: name, skipInvalid: true, cwd: project.root });
    expect(result.skipped).toBeDefined();
    for (const skipped of result.skipped ?? []) {
      const reasons = result.diagnostics.filter((d) => d.functionName === skipped);
      expect(reasons.length, skipped).toBeGreaterThan(0);
      for (const reason of reasons) {
        expect(reason.file, skipped).toMatch(/\.d\.[mc]?ts$/);
        expect(reason.line).toBeGreaterThan(0);
        expect(reason.column).toBeGreaterThan(0);
      }
    }
    // Nothing is an error any more: each one was reported as a warning and its function left out.
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.tools.map((tool) => tool.name).filter((tool) => result.skipped?.includes(tool))).toEqual([]);
  }, 60_000);

  it("type-checks against the package's own declarations (the stale check passes)", () => {
    expect(project.typecheck("registry.ts").filter((message) => message.startsWith("registry.ts"))).toEqual([]);
  }, 120_000);
});

describe("sampled validator tools, by hand and through the toolbox", () => {
  let project: TempProject;
  let box: Toolbox;
  let registry: Registry;

  beforeAll(async () => {
    project = new TempProject();
    for (const link of ["validator", "@types/validator"]) {
      mkdirSync(path.dirname(project.path(`node_modules/${link}`)), { recursive: true });
      symlinkSync(packageDir(link), project.path(`node_modules/${link}`), "dir");
    }
    const run = await project.run("codegen", "--package", "validator", "--only", "isPort,isEmail,isIn,isLength,contains", "--out", "registry.ts");
    expect(run.stderr.split("\n").filter((line) => line.includes("error"))).toEqual([]);
    expect(run.status).toBe(0);
    ({ registry } = (await import(pathToFileURL(project.path("registry.ts")).href)) as { registry: Registry });
    box = createToolbox(registry);
  }, 120_000);
  afterAll(() => project.dispose());

  it("imports the package by name (its default export, as it is a CommonJS `export =`)", () => {
    const text = project.read("registry.ts");
    expect(text).toContain('import validator from "validator";');
    expect(text).toContain("validator.isPort(args.str)");
    expect(Object.keys(registry).sort()).toEqual(["contains", "isEmail", "isIn", "isLength", "isPort"]);
  });

  it("writes the schemas a reader of the declarations expects", () => {
    expect(registry.isPort!.parameters).toEqual({ properties: { str: { type: "string" } }, required: ["str"], type: "object" });
    // `isLength` is overloaded (`(str, options?)`, then `(str, min?, max?)`): the last signature is the tool.
    expect(registry.isLength!.params).toEqual(["str", "min", "max"]);
    const isEmail = registry.isEmail!.parameters as unknown as { properties: Record<string, { anyOf?: unknown[] }>; required: string[] };
    expect(isEmail.required).toEqual(["str"]);
    expect(isEmail.properties.options?.anyOf).toEqual([{ $ref: "#/$defs/IsEmailOptions" }, { type: "null" }]);
  });

  it.each([
    ["isPort", { str: "8080" }, validator.isPort("8080")],
    ["isPort", { str: "99999" }, validator.isPort("99999")],
    ["isEmail", { str: "ada@example.com", options: null }, validator.isEmail("ada@example.com")],
    ["isEmail", { str: "ada@localhost", options: { require_tld: false } }, validator.isEmail("ada@localhost", { require_tld: false })],
    ["isIn", { str: "b", values: ["a", "b"] }, validator.isIn("b", ["a", "b"])],
    ["contains", { str: "Hello", seed: "ell", options: { ignoreCase: true } }, validator.contains("Hello", "ell", { ignoreCase: true })],
  ])("%s(%j) returns what validator returns", async (tool, args, expected) => {
    expect(await value(box, tool, args)).toEqual(expected);
  });
});

describe("sampled es-toolkit tools, by hand and through the toolbox", () => {
  let project: TempProject;
  let box: Toolbox;
  let registry: Registry;

  beforeAll(async () => {
    project = new TempProject();
    symlinkSync(packageDir("es-toolkit"), project.path("node_modules/es-toolkit"), "dir");
    const run = await project.run("codegen", "--package", "es-toolkit", "--only", "camelCase,chunk,clamp,range,sum,kebabCase", "--out", "registry.ts");
    expect(run.status).toBe(0);
    ({ registry } = (await import(pathToFileURL(project.path("registry.ts")).href)) as { registry: Registry });
    box = createToolbox(registry);
  }, 120_000);
  afterAll(() => project.dispose());

  it("imports the functions by name from the package", () => {
    expect(project.read("registry.ts")).toMatch(/import \{[^}]*camelCase[^}]*\} from "es-toolkit";/);
  });

  it("reads a generic parameter without a constraint as any value", () => {
    const chunk = registry.chunk!.parameters as unknown as { properties: Record<string, unknown>; required: string[] };
    // `chunk<T>(arr: readonly T[], size: number)`: T has no constraint, so any item.
    expect(chunk.properties.arr).toMatchObject({ items: {}, type: "array" });
    expect(chunk.properties.size).toMatchObject({ type: "number" });
    expect(chunk.required).toEqual(["arr", "size"]);
  });

  it.each([
    ["camelCase", { str: "hello big world" }, esToolkit.camelCase("hello big world")],
    ["chunk", { arr: [1, 2, 3, 4, 5], size: 2 }, esToolkit.chunk([1, 2, 3, 4, 5], 2)],
    ["clamp", { value: 10, minimum: 0, maximum: 5 }, esToolkit.clamp(10, 0, 5)],
    ["range", { start: 0, end: 10, step: 3 }, esToolkit.range(0, 10, 3)],
    ["sum", { nums: [1, 2, 3.5] }, esToolkit.sum([1, 2, 3.5])],
    ["kebabCase", { str: "Hello Big World" }, esToolkit.kebabCase("Hello Big World")],
  ])("%s(%j) returns what es-toolkit returns", async (tool, args, expected) => {
    expect(await value(box, tool, args)).toEqual(expected);
  });
});

describe("sampled date-fns tools (generic Date parameters, optional callbacks in options) through the toolbox", () => {
  let project: TempProject;
  let box: Toolbox;

  beforeAll(async () => {
    project = new TempProject();
    symlinkSync(packageDir("date-fns"), project.path("node_modules/date-fns"), "dir");
    const run = await project.run("codegen", "--package", "date-fns", "--only", "addDays,format,differenceInDays,isWeekend", "--out", "registry.ts");
    expect(run.status).toBe(0);
    // `in?: ContextFn` in the options is left out with a warning, located in date-fns' declarations.
    expect(run.stderr).toMatch(/\.d\.ts:\d+:\d+ - warning: .*holds a function/);
    const { registry } = (await import(pathToFileURL(project.path("registry.ts")).href)) as { registry: Registry };
    box = createToolbox(registry);
  }, 120_000);
  afterAll(() => project.dispose());

  const at = (iso: string) => new Date(iso);
  it.each([
    ["addDays", { date: "2024-01-30T00:00:00Z", amount: 3 }, addDays(at("2024-01-30T00:00:00Z"), 3)],
    ["format", { date: "2024-01-30T10:00:00Z", formatStr: "yyyy-MM-dd" }, format(at("2024-01-30T10:00:00Z"), "yyyy-MM-dd")],
    [
      "differenceInDays",
      { laterDate: "2024-02-10T00:00:00Z", earlierDate: "2024-01-30T00:00:00Z" },
      differenceInDays(at("2024-02-10T00:00:00Z"), at("2024-01-30T00:00:00Z")),
    ],
    ["isWeekend", { date: "2024-02-10T00:00:00Z" }, isWeekend(at("2024-02-10T00:00:00Z"))],
  ])("%s(%j) returns what date-fns returns", async (tool, args, expected) => {
    expect(await value(box, tool, args)).toEqual(expected);
  });
});

describe("--skip-invalid and --only on their own", () => {
  let project: TempProject;
  beforeAll(() => {
    project = new TempProject({
      "tools.ts": [
        "/** Fine. */",
        "export function fine(a: string): string {",
        "  return a;",
        "}",
        "",
        "/** Takes a required callback. */",
        "export function each(items: string[], callback: (item: string) => void): void {",
        "  items.forEach(callback);",
        "}",
        "",
      ].join("\n"),
    });
    symlinkSync(packageDir("es-toolkit"), project.path("node_modules/es-toolkit"), "dir");
  });
  afterAll(() => project.dispose());

  it("without it, one bad function still means no output", async () => {
    const run = await project.run("codegen", "tools.ts", "--out", "all.ts");
    expect(run.status).toBe(1);
    expect(project.exists("all.ts")).toBe(false);
  });

  it("with it, writes the good tools, reports the bad one as a located warning and exits 0", async () => {
    const run = await project.run("codegen", "tools.ts", "--skip-invalid", "--out", "some.ts");
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/tools\.ts:7:39 - warning: each\(callback\): `\(item: string\) => void` is a function/);
    expect(run.stdout).toMatch(/1 tool, 1 skipped from 1 file/);
    expect(project.read("some.ts")).toContain("fine: {");
    expect(project.read("some.ts")).not.toContain("each: {");
  });

  it("prints the summary on stderr when the schemas go to stdout", async () => {
    const run = await project.run("codegen", "tools.ts", "--skip-invalid");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).map((tool: { name: string }) => tool.name)).toEqual(["fine"]);
    expect(run.stderr).toContain("1 tool, 1 skipped from 1 file");
  });

  it("names a function --only asks for that the package does not export", async () => {
    const run = await project.run("codegen", "--package", "es-toolkit", "--only", "camelCase,noSuchThing");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("the package `es-toolkit` exports no function `noSuchThing`");
  });

  it("refuses --only without --package, and input files with --package", async () => {
    expect((await project.run("codegen", "tools.ts", "--only", "fine")).status).toBe(2);
    expect((await project.run("codegen", "tools.ts", "--package", "es-toolkit")).status).toBe(2);
  });

  it("reads a package with ts6 whatever --engine says (TypeScript 7's API resolves no modules)", async () => {
    const both = await Promise.all(
      ["ts7", "ts6"].map((engine) => project.run("codegen", "--package", "es-toolkit", "--only", "chunk,clamp", "--engine", engine)),
    );
    for (const run of both) expect(run.status).toBe(0);
    expect(JSON.parse(both[0]?.stdout ?? "null").map((tool: { name: string }) => tool.name)).toEqual(["chunk", "clamp"]);
    expect(both[0]?.stdout).toBe(both[1]?.stdout);
  });

  it("says which package it cannot find", async () => {
    const run = await project.run("codegen", "--package", "no-such-package-here");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("cannot find the type declarations of the package `no-such-package-here`");
  });
});
