/**
 * The commands as a user types them at the repo root, in real child processes: `pnpm toolsmith codegen`
 * (the CLI from source through tsx) and `pnpm codegen --check` (every generated file in the repo is fresh).
 */
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { analyze } from "../../src/analyze.js";
import { SUMS, TempProject, repoRoot } from "./support.js";

// Each test waits for pnpm, tsx and TypeScript in child processes: seconds, more on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

let project: TempProject | undefined;
afterEach(() => project?.dispose());

function pnpm(...args: string[]) {
  const result = spawnSync("pnpm", ["--silent", ...args], { cwd: repoRoot, encoding: "utf8", env: { ...process.env, CI: "true" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("as a user", () => {
  it("`pnpm toolsmith codegen file.ts --json out.json --style pydantic` writes pydantic's schema", () => {
    project = new TempProject({ "sums.ts": SUMS });
    const run = pnpm("toolsmith", "codegen", project.path("sums.ts"), "--json", project.path("out.json"), "--style", "pydantic");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const [tool] = analyze({ files: [project.path("sums.ts")], style: "pydantic" }).tools;
    expect(JSON.parse(project.read("out.json"))).toEqual([
      { name: tool!.name, description: tool!.description, parameters: tool!.parameters },
    ]);
  });

  it("`pnpm toolsmith codegen` on bad input exits 1 with the location and writes nothing", () => {
    project = new TempProject({ "bad.ts": "export function f(callback: () => void): void {}\n" });
    const run = pnpm("toolsmith", "codegen", project.path("bad.ts"), "--out", project.path("registry.ts"));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad\.ts:1:19 - error: .* \(function `f`, parameter `callback`\)/);
    expect(project.exists("registry.ts")).toBe(false);
  });

  it("`pnpm codegen --check` passes on the repo", () => {
    const run = pnpm("codegen", "--check");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/examples\/registry\.generated\.ts(, \S+)* up to date/);
  });
});
