/**
 * "Use it in your own project" (README), done as a new user would, outside this workspace: pack the two
 * packages (`pnpm pack:all`), make a fresh project with npm and another with pnpm, install the tarballs
 * the way the README says (plus typescript, tsx, openai), add three tools, run the project's `codegen`
 * script, type-check with the project's own tsc for TypeScript 5.9, 6 and 7, call the tools through
 * `createToolbox` and `runTools` (real `openai` client over HTTP against the scripted server that
 * @toolsmith/runtime/testing ships), then change a union member without regenerating: `tsc` must fail.
 *
 * The project is `test/fixtures/own-project/` plus the package.json written here. Versions are pinned
 * and installs prefer the local npm cache / pnpm store, so a warm machine installs without the network.
 * The npm project gets openai 6, the pnpm project openai 7: the runtime's peer range covers both.
 * Packing builds both packages once (about a minute); everything after it is shared per project.
 */
import { isAscii } from "node:buffer";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Each step runs real installs and compilers on a shared machine: generous limits (the pack is in beforeAll).
vi.setConfig({ testTimeout: 180_000 });

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const template = path.join(repoRoot, "test/fixtures/own-project");

/** What the user's project installs besides the tarballs, exactly. */
const PINNED = {
  tsx: "4.23.15",
  typescript: "5.9.3",
  "@types/node": "20.19.43",
  typescript6: "6.0.3",
  typescript7: "7.0.2",
};
const OPENAI = { npm: "6.30.1", pnpm: "7.59.0" } as const;
type Manager = keyof typeof OPENAI;
const MANAGERS: readonly Manager[] = ["npm", "pnpm"];

/** The project's scripts, as the README shows them. */
const SCRIPTS = {
  codegen: "toolsmith codegen src/tools --out src/registry.generated.ts",
  typecheck: "npm run codegen && tsc --noEmit",
  build: "npm run codegen && tsc",
  start: "tsx src/main.ts",
};

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment of a user's shell: none of the npm_/pnpm_ settings `pnpm test` puts around this test. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|PNPM_|INIT_CWD$|NODE_OPTIONS$|VITEST|TEST$|OPENAI_)/i.test(name)) env[name] = value;
  }
  // The bin's compile cache (bin/compile-cache.cjs) goes to the scratch folder, not the user's ~/.cache.
  return { ...env, CI: "true", NO_COLOR: "1", TOOLSMITH_CACHE_DIR: compileCache };
}

function run(command: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: userEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => resolve({ status: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Fails with the command's output, so a broken step says why. */
function expectOk(result: Run, what: string): void {
  expect(result.status, `${what}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(0);
}

/** `codegen --check` (CI): npm passes arguments after `--`, pnpm passes them as they are. */
function checkArgs(manager: Manager): string[] {
  return manager === "npm" ? ["run", "codegen", "--", "--check"] : ["run", "codegen", "--check"];
}

/** The README's install commands for `manager`, with this test's pinned versions. */
function installCommands(manager: Manager, runtime: string, codegen: string): [string, string[]][] {
  const dependencies = [runtime, `openai@${OPENAI[manager]}`];
  const devDependencies = [
    codegen,
    `typescript@${PINNED.typescript}`,
    `tsx@${PINNED.tsx}`,
    `@types/node@${PINNED["@types/node"]}`,
    // Two more compilers to check the project with, under other names.
    `typescript-6@npm:typescript@${PINNED.typescript6}`,
    `typescript-7@npm:typescript@${PINNED.typescript7}`,
  ];
  return manager === "npm"
    ? [
        ["npm", ["install", "--save-exact", "--prefer-offline", "--no-audit", "--no-fund", ...dependencies]],
        ["npm", ["install", "--save-dev", "--save-exact", "--prefer-offline", "--no-audit", "--no-fund", ...devDependencies]],
      ]
    : [
        ["pnpm", ["add", "--save-exact", "--prefer-offline", ...dependencies]],
        ["pnpm", ["add", "--save-dev", "--save-exact", "--prefer-offline", ...devDependencies]],
      ];
}

const scratch = mkdtempSync(path.join(os.tmpdir(), "toolsmith-own-project-"));
const packs = path.join(scratch, "packs");
const compileCache = path.join(scratch, "compile-cache");
const tarballs = { runtime: path.join(packs, "toolsmith-runtime-0.1.0.tgz"), codegen: path.join(packs, "toolsmith-codegen-0.1.0.tgz") };
const projects = new Map<Manager, { dir: string; install: Run }>();

async function createProject(manager: Manager): Promise<void> {
  const dir = path.join(scratch, `my-agent-${manager}`);
  cpSync(template, dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "my-agent", private: true, type: "module", scripts: SCRIPTS }, null, 2)}\n`);
  let install: Run = { status: 0, stdout: "", stderr: "" };
  for (const [command, args] of installCommands(manager, tarballs.runtime, tarballs.codegen)) {
    const step = await run(command, args, dir);
    install = { status: step.status, stdout: install.stdout + step.stdout, stderr: install.stderr + step.stderr };
    if (step.status !== 0) break;
  }
  projects.set(manager, { dir, install });
}

function project(manager: Manager): string {
  const found = projects.get(manager);
  if (!found) throw new Error(`the ${manager} project was not set up`);
  expectOk(found.install, `${manager} install`);
  return found.dir;
}

beforeAll(async () => {
  const packed = await run(process.execPath, [path.join(repoRoot, "scripts/pack-all.mjs"), "--out", packs], repoRoot);
  expectOk(packed, "pnpm pack:all");
  expect(packed.stdout.trim().split("\n").sort()).toEqual([tarballs.codegen, tarballs.runtime]);
  await Promise.all(MANAGERS.map(createProject));
}, 600_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the packed packages", () => {
  it.each([
    ["publint", (tarball: string) => ["run", tarball, "--strict"]],
    ["attw", (tarball: string) => [tarball, "--profile", "esm-only"]],
  ] as const)("pass %s", async (linter, args) => {
    for (const tarball of Object.values(tarballs)) {
      const result = await run(path.join(repoRoot, "node_modules/.bin", linter), args(tarball), repoRoot);
      expectOk(result, `${linter} ${tarball}`);
    }
  });

  it("hold built code and declarations, no sources, and the published exports", async () => {
    const listing = await run("tar", ["-tzf", tarballs.runtime], scratch);
    const files = listing.stdout.trim().split("\n");
    expect(files).toContain("package/dist/index.js");
    expect(files).toContain("package/dist/index.d.ts");
    expect(files).toContain("package/dist/interpreter/python-child.mjs");
    expect(files.filter((file) => file.startsWith("package/src/"))).toEqual([]);
    const manifest = await run("tar", ["-xzOf", tarballs.codegen, "package/package.json"], scratch);
    const codegen = JSON.parse(manifest.stdout) as { peerDependencies: Record<string, string>; dependencies: Record<string, string>; exports: unknown };
    expect(codegen.peerDependencies).toEqual({ "@toolsmith/runtime": "^0.1.0" });
    expect(codegen.dependencies["@toolsmith/runtime"]).toBeUndefined();
    expect(JSON.stringify(codegen.exports)).not.toContain("source");
  });

  it("say what to run, in one line, when a checkout's CLI is not built", async () => {
    const unbuilt = path.join(scratch, "unbuilt");
    cpSync(path.join(repoRoot, "packages/codegen/bin"), path.join(unbuilt, "bin"), { recursive: true });
    const result = await run(process.execPath, [path.join(unbuilt, "bin/toolsmith.cjs"), "--help"], scratch);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^toolsmith: .*not built: run `pnpm build`/)]);
  });
});

describe.each(MANAGERS)("a fresh project installed with %s", (manager) => {
  const tsc = (version: "typescript" | "typescript-6" | "typescript-7") => path.join(project(manager), "node_modules", version, "bin", "tsc");

  it("has the runtime as a dependency, the codegen as a dev dependency, and the CLI on plain node", async () => {
    const manifest = JSON.parse(readFileSync(path.join(project(manager), "package.json"), "utf8")) as Record<string, Record<string, string>>;
    expect(Object.keys(manifest["dependencies"]!).sort()).toEqual(["@toolsmith/runtime", "openai"]);
    expect(Object.keys(manifest["devDependencies"]!)).toContain("@toolsmith/codegen");
    const help = await run(process.execPath, ["node_modules/@toolsmith/codegen/bin/toolsmith.cjs", "codegen", "--help"], project(manager));
    expectOk(help, "toolsmith codegen --help");
    expect(help.stdout).toMatch(/^usage: toolsmith codegen/);
    // Built ASCII-only, so that the bin loads it as a one-byte string (scripts/bundle-cli.mjs).
    expect(isAscii(readFileSync(path.join(project(manager), "node_modules/@toolsmith/codegen/dist/bundle/cli.cjs")))).toBe(true);
  });

  it("writes strict, provider and stub files through the project's own runtime (loaded by the bin when asked for)", async () => {
    const bin = "node_modules/@toolsmith/codegen/bin/toolsmith.cjs";
    const out = path.join(scratch, `flags-${manager}`);
    const strict = await run(process.execPath, [bin, "codegen", "src/tools", "--strict", "--json", path.join(out, "strict.json")], project(manager));
    expectOk(strict, "codegen --strict");
    const strictTools = JSON.parse(readFileSync(path.join(out, "strict.json"), "utf8")) as { parameters: { additionalProperties?: boolean } }[];
    expect(strictTools).toHaveLength(3);
    for (const tool of strictTools) expect(tool.parameters.additionalProperties).toBe(false);
    const gemini = await run(process.execPath, [bin, "codegen", "src/tools", "--provider", "gemini", "--json", path.join(out, "gemini.json")], project(manager));
    expectOk(gemini, "codegen --provider gemini");
    expect((JSON.parse(readFileSync(path.join(out, "gemini.json"), "utf8")) as object[]).length).toBe(3);
    const stubs = await run(process.execPath, [bin, "codegen", "src/tools", "--pyi", path.join(out, "tools.pyi"), "--dts", path.join(out, "tools.d.ts")], project(manager));
    expectOk(stubs, "codegen --pyi --dts");
    expect(readFileSync(path.join(out, "tools.pyi"), "utf8")).toMatch(/def forecast\(/);
    expect(readFileSync(path.join(out, "tools.d.ts"), "utf8")).toMatch(/forecast\(/);
  });

  it("runs its codegen script before type-checking with its own tsc (TypeScript 5.9)", async () => {
    const result = await run(manager, ["run", "typecheck"], project(manager));
    expectOk(result, `${manager} run typecheck`);
    expect(result.stdout + result.stderr).toMatch(/3 tools from 3 files; wrote src\/registry\.generated\.ts/);
    const registry = readFileSync(path.join(project(manager), "src/registry.generated.ts"), "utf8");
    for (const tool of ["forecast", "splitBill", "scheduleMeeting"]) expect(registry).toContain(`name: "${tool}"`);
    const check = await run(manager, checkArgs(manager), project(manager));
    expectOk(check, "codegen --check");
    // The installed bin kept its compiled code for the next run.
    expect(readdirSync(compileCache).filter((name) => name.endsWith(".v8cache")).length).toBeGreaterThan(0);
  });

  it.each(["typescript-6", "typescript-7"] as const)("type-checks with %s", async (version) => {
    const result = await run(process.execPath, [tsc(version), "--noEmit", "-p", "."], project(manager));
    expectOk(result, `${version} tsc`);
    const reported = await run(process.execPath, [tsc(version), "--version"], project(manager));
    expect(reported.stdout).toMatch(version === "typescript-6" ? /Version 6\./ : /Version 7\./);
  });

  it("calls its tools through createToolbox and through runTools against the scripted server", async () => {
    const result = await run(manager, ["run", "--silent", "start"], project(manager));
    expectOk(result, "start");
    const out = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as {
      direct: { ok: boolean; value: number[] };
      tooMany: { ok: boolean; content: string };
      offered: string[];
      results: { ok: boolean; name: string; value: Record<string, unknown> }[];
      finalText: string;
      stopReason: string;
    };
    // splitBill(1000, 3): equal shares that add up to the bill; 21 people breaks @maximum 20.
    expect(out.direct.ok).toBe(true);
    expect(out.direct.value.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.max(...out.direct.value) - Math.min(...out.direct.value)).toBeLessThanOrEqual(1);
    expect(out.tooMany).toMatchObject({ ok: false });
    expect(out.tooMany.content).toMatch(/people: .*<= 20.*21/);
    expect(out.offered.sort()).toEqual(["forecast", "scheduleMeeting", "splitBill"]);
    // forecast got its default unit; scheduleMeeting got a real Date (it did arithmetic on it).
    const [forecast, meeting] = out.results;
    expect(forecast).toMatchObject({ ok: true, name: "forecast", value: { city: "Lisbon", unit: "c" } });
    const start = Date.parse("2026-12-01T09:30:00Z");
    expect(meeting).toMatchObject({ ok: true, name: "scheduleMeeting" });
    expect(Date.parse(String(meeting!.value["end"])) - Date.parse(String(meeting!.value["start"]))).toBe(45 * 60_000);
    expect(Date.parse(String(meeting!.value["start"]))).toBe(start);
    expect(out.stopReason).toBe("stop");
    expect(out.finalText).toContain(JSON.stringify(forecast!.value));
  });

  it("fails tsc, naming the tool, when a union member changes without regenerating", async () => {
    const dir = project(manager);
    const weather = path.join(dir, "src/tools/weather.ts");
    const original = readFileSync(weather, "utf8");
    writeFileSync(weather, original.replaceAll('"c" | "f"', '"c" | "f" | "k"').replace("unit === \"f\"", "unit === \"f\" || unit === \"k\""));
    try {
      const stale = await run(process.execPath, [tsc("typescript"), "--noEmit", "-p", "."], dir);
      expect(stale.status, stale.stdout).not.toBe(0);
      expect(stale.stdout).toMatch(/registry\.generated\.ts/);
      expect(stale.stdout).toMatch(/forecast/);
      expect(stale.stdout).toMatch(/codegen/);
      // CI's --check says the same.
      const check = await run(manager, checkArgs(manager), dir);
      expect(check.status).not.toBe(0);
      expect(check.stderr).toMatch(/registry\.generated\.ts/);
    } finally {
      writeFileSync(weather, original);
    }
  });
});
