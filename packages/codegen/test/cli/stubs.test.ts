/**
 * `--pyi` / `--dts`: code mode's Python stubs and TypeScript declarations as files. Each file holds exactly
 * what the runtime renders (`pythonStubs`, `typeScriptDeclarations`) from the registry module written
 * beside it, imported for real; the stubs parse as Python, the declarations type-check, `--check` names a
 * stale or missing one, and a bad input writes none of the outputs.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Registry } from "@toolsmith/runtime";
import { pythonStubs, typeScriptDeclarations } from "@toolsmith/runtime/guest-api";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { repoRoot, TempProject } from "./support.js";

let project: TempProject | undefined;
afterEach(() => {
  project?.dispose();
  project = undefined;
});

/** Tools covering each shape of signature the renderings distinguish. */
const TOOLS = `import type { Int } from "@toolsmith/runtime";

/** Adds a + b */
export function sums(a: Int, b: Int = 1): Int {
  return a + b;
}

/**
 * Moves money between accounts.
 * @param amount Whole units to move.
 * @param from Account to take from.
 * @confirm
 */
export function transfer(amount: Int, from: string, to?: string): Record<string, number> {
  return { [from]: -amount, [to ?? "bank"]: amount };
}

/** A place. */
export interface Place {
  name: string;
  "zip-code"?: string;
  kind: "home" | "work";
}

/** A place and the places inside it. */
export interface Area {
  place: Place;
  inside: Area[];
}

/** Finds places near a point. */
export function near({ lat, lon, unit = "km", tags }: { lat: number; lon: number; unit?: "km" | "mi"; tags?: string[] }): Place[] {
  return [{ name: \`\${lat},\${lon} \${unit} \${tags?.join() ?? ""}\`, kind: "home" }];
}

/** The area around a place. */
export function area(place: Place, depth: Int = 1): Area {
  return { place, inside: depth > 0 ? [area(place, depth - 1)] : [] };
}

/** Says hi; its name is no Python identifier. */
function readFile(): string {
  return "hi";
}
export { readFile as "read-file" };
`;

/** The body of a generated file after its header comments (and, for the stubs, the typing import). */
function body(text: string, language: "python" | "typescript"): string {
  const lines = text.split("\n");
  const comment = language === "python" ? "# " : "// ";
  let start = lines.findIndex((line) => !line.startsWith(comment));
  if (language === "python") {
    expect(lines[start]).toBe("from typing import Any, Literal, NotRequired, TypedDict");
    start += 2; // the import and the blank line after it
  }
  return lines.slice(start).join("\n");
}

async function importRegistry(file: string): Promise<Registry> {
  const module = (await import(pathToFileURL(file).href)) as { registry: Registry };
  return module.registry;
}

/** tsc 6 over the files (strict, no emit): its error lines. */
function tsc(cwd: string, files: readonly string[]): string[] {
  const run = spawnSync(
    process.execPath,
    [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "--noEmit", "--strict", "--target", "es2023", "--lib", "es2023", "--pretty", "false", ...files],
    { cwd, encoding: "utf8", timeout: 120_000 },
  );
  return run.stdout.split("\n").filter((line) => line.includes("error TS"));
}

/**
 * Runs the stubs in Debian's Python (annotations deferred, so a recursive type may refer to itself) and
 * resolves every annotation (`typing.get_type_hints`): a name the stubs use but never define fails.
 */
const LOAD_STUBS = `
import sys, types, typing
module = sys.modules["tools"] = types.ModuleType("tools")
exec(compile("from __future__ import annotations\\n" + open(sys.argv[1]).read(), sys.argv[1], "exec"), module.__dict__)
for value in list(vars(module).values()):
    if isinstance(value, types.FunctionType) or (isinstance(value, type) and typing.is_typeddict(value)):
        typing.get_type_hints(value)
`;
function loadsAsPython(file: string): { status: number | null; stderr: string } {
  const run = spawnSync("/usr/bin/python3", ["-c", LOAD_STUBS, file], { encoding: "utf8" });
  return { status: run.status, stderr: run.stderr };
}

describe("the examples' committed stubs", () => {
  const pyi = readFileSync(path.join(repoRoot, "examples/tools.pyi"), "utf8");
  const dts = readFileSync(path.join(repoRoot, "examples/tools.d.ts"), "utf8");

  it("are what the runtime renders from examples/registry.generated.ts", async () => {
    const specs = Object.values(await importRegistry(path.join(repoRoot, "examples/registry.generated.ts")));
    expect(specs.length).toBeGreaterThan(0);
    expect(body(pyi, "python")).toBe(`${pythonStubs(specs)}\n`);
    expect(body(dts, "typescript")).toBe(`${typeScriptDeclarations(specs)}\n`);
  });

  it("show the seed's sums as the model sees it", () => {
    expect(pyi).toContain('def sums(a: int, b: int = 1) -> int:\n    """Adds a + b"""\n    ...\n');
    expect(dts).toContain("  /** Adds a + b */\n  sums(args: { a: number; b?: number }): Promise<number>;\n");
  });

  it("parse as Python and type-check as TypeScript, guest code calling them included", () => {
    expect(loadsAsPython(path.join(repoRoot, "examples/tools.pyi"))).toEqual({ status: 0, stderr: "" });
    project = new TempProject({
      "guest.ts": "export const total: number = await tools.sums({ a: 6, b: 3 });\nexport const bad = await tools.sums({ b: 3 });\n",
    });
    const errors = tsc(project.root, [path.join(repoRoot, "examples/tools.d.ts"), "guest.ts", "--module", "nodenext"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^guest\.ts\(2,\d+\): error TS2345: Argument of type '\{ b: number; \}' is not assignable/);
  });

  it("are current (codegen --check over the examples' job)", async () => {
    const out: string[] = [];
    const io = { cwd: repoRoot, stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) };
    const argv = ["codegen", "examples/tools/*.ts", "--out", "examples/registry.generated.ts", "--pyi", "examples/tools.pyi", "--dts", "examples/tools.d.ts", "--check"];
    expect(await main(argv, { io }), out.join("\n")).toBe(0);
    expect(out.join("\n")).toContain("examples/tools.pyi, examples/tools.d.ts up to date");
  });
});

describe("codegen --pyi / --dts", () => {
  const outputs = ["registry.ts", "stubs/tools.pyi", "stubs/tools.d.ts"] as const;
  const write = (p: TempProject, ...flags: string[]) =>
    p.run("codegen", "tools/*.ts", "--out", "registry.ts", "--pyi", "stubs/tools.pyi", "--dts", "stubs/tools.d.ts", ...flags);

  it.each([[[]], [["--strict"]], [["--style", "pydantic"]]])(
    "write exactly the runtime's rendering of the registry written with them (%j)",
    async (flags) => {
      project = new TempProject({ "tools/tools.ts": TOOLS });
      const run = await write(project, ...flags);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/5 tools from 1 file; wrote registry\.ts, stubs\/tools\.pyi, stubs\/tools\.d\.ts/);
      const specs = Object.values(await importRegistry(project.path("registry.ts")));
      expect(specs.map((spec) => spec.name)).toEqual(["sums", "transfer", "near", "area", "read-file"]);
      const pyi = project.read("stubs/tools.pyi");
      const dts = project.read("stubs/tools.d.ts");
      expect(body(pyi, "python")).toBe(`${pythonStubs(specs)}\n`);
      expect(body(dts, "typescript")).toBe(`${typeScriptDeclarations(specs)}\n`);
      // What the renderings make of each shape: defaults, keyword names, keyword-only object tools, @confirm.
      expect(pyi).toContain('def sums(a: int, b: int = 1) -> int:\n    """Adds a + b"""');
      expect(pyi).toContain("def transfer(amount: int, from_: str, to: str | None = None) -> dict[str, float]:");
      // The docstring names each parameter as the signature does: `from_`, which Python can be called with.
      expect(pyi).toContain("amount: Whole units to move.\nfrom_: Account to take from.\n\nEach call asks the user for approval");
      expect(pyi).toMatch(/def near\(\*, lat: float, lon: float, unit: Literal\["km", "mi"\] = "km", tags: list\[str\] \| None = None\) -> list\[Place\]:/);
      // Named types ($defs) are spelled out once, so no name is left undefined (recursive ones too).
      expect(pyi).toContain('Place = TypedDict("Place", {"name": str, "zip-code": NotRequired[str], "kind": Literal["home", "work"]})');
      expect(pyi).toContain('class Area(TypedDict):\n    """A place and the places inside it."""\n    place: Place\n    inside: list[Area]\n');
      expect(pyi).toContain("def area(place: Place, depth: int = 1) -> Area:");
      expect(dts).toContain('type Place = { name: string; "zip-code"?: string; kind: "home" | "work" };');
      expect(dts).toContain("type Area = { place: Place; inside: Array<Area> };");
      expect(pyi).not.toContain("read-file");
      expect(dts).toContain('  "read-file"(args?: {  }): Promise<string>;');
      expect(loadsAsPython(project.path("stubs/tools.pyi"))).toEqual({ status: 0, stderr: "" });
      expect(tsc(project.root, ["stubs/tools.d.ts"])).toEqual([]);
    },
  );

  it("--check names a stale or missing stub file, and only that one", async () => {
    project = new TempProject({ "tools/tools.ts": TOOLS });
    expect((await write(project)).status).toBe(0);
    expect((await write(project, "--check")).status).toBe(0);

    project.write("stubs/tools.pyi", project.read("stubs/tools.pyi").replace("Adds a + b", "Adds"));
    rmSync(project.path("stubs/tools.d.ts"));
    const stale = await write(project, "--check");
    expect(stale.status).toBe(1);
    expect(stale.stderr).toBe("toolsmith codegen --check: stale: stubs/tools.pyi, stubs/tools.d.ts (rerun without --check to update)");
    expect(project.exists("stubs/tools.d.ts")).toBe(false);

    // A docstring edited in the source makes every output stale, the stubs included.
    expect((await write(project)).status).toBe(0);
    project.write("tools/tools.ts", TOOLS.replace("/** Adds a + b */", "/** Adds a and b */"));
    const edited = await write(project, "--check");
    expect(edited.stderr).toContain("stale: registry.ts, stubs/tools.pyi, stubs/tools.d.ts");
  });

  it("writes none of the outputs, and leaves the old ones as they were, when an input has an error", async () => {
    project = new TempProject({ "tools/tools.ts": TOOLS });
    expect((await write(project)).status).toBe(0);
    const before = outputs.map((file) => [project!.read(file), project!.mtime(file)]);
    project.write("tools/tools.ts", `${TOOLS}\n/** Broken. */\nexport function broken(x: Map<string, number>): void {}\n`);
    const run = await write(project);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/broken/);
    expect(run.stderr).toMatch(/no output written/);
    expect(outputs.map((file) => [project!.read(file), project!.mtime(file)])).toEqual(before);

    const fresh = new TempProject({ "tools/tools.ts": "/** Broken. */\nexport function broken(x: Map<string, number>): void {}\n" });
    try {
      expect((await write(fresh)).status).toBe(1);
      expect(outputs.filter((file) => fresh.exists(file))).toEqual([]);
    } finally {
      fresh.dispose();
    }
  });

  it("write only the stubs when asked only for them", async () => {
    project = new TempProject({ "tools/tools.ts": TOOLS });
    const run = await project.run("codegen", "tools", "--pyi", "tools.pyi");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/wrote tools\.pyi/);
    expect(project.read("tools.pyi")).toContain("def sums(a: int, b: int = 1) -> int:");
    expect(project.exists("tools.d.ts")).toBe(false);
  });

  it.each([
    [["--pyi", "tools.py"], "--pyi must name a Python stub file (.pyi), not tools.py"],
    [["--dts", "tools.ts"], "--dts must name a declaration file (.d.ts, .d.mts or .d.cts), not tools.ts"],
    [["--pyi", "x.pyi", "--json", "x.pyi"], "--json and --pyi name the same file"],
    [["--dts", "x.d.ts", "--out", "x.d.ts"], "--out and --dts name the same file"],
    [["--provider", "anthropic", "--pyi", "x.pyi"], "--provider shapes the JSON schemas: give --json"],
    [["--pyi", "x.pyi", "--dts"], "--dts needs a value"],
  ])("%j is a usage error", async (flags, message) => {
    project = new TempProject();
    const run = await project.run("codegen", "x.ts", ...flags);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it("are documented in --help", async () => {
    project = new TempProject();
    const run = await project.run("codegen", "--help");
    expect(run.stdout).toMatch(/^ {2}--pyi FILE\.pyi +write code mode's Python stubs/m);
    expect(run.stdout).toMatch(/^ {2}--dts FILE\.d\.ts +write code mode's TypeScript declarations/m);
  });
});
