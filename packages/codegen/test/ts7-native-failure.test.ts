/**
 * TypeScript 7's native process failing is an engine failure, not a problem in the user's project: the
 * analysis returns one located error whose hint names the way out (--engine ts6), never a crash or a
 * stack trace; a watch's analyzer reports it for that cycle and starts a new process on the next one (or
 * at once, when the failure shows while an edit is noted).
 * The native binary is swapped for a wrapper script (the module that finds it is mocked) that fails on
 * start, or runs the real binary after noting its process id so that the test can kill it.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

const native = vi.hoisted(() => ({ exe: undefined as string | undefined }));
vi.mock("../src/ts7/executable.js", async (importActual) => {
  const actual = await importActual<typeof import("../src/ts7/executable.js")>();
  return { ts7Executable: () => native.exe ?? actual.ts7Executable() };
});

const { analyze, createAnalyzer } = await import("../src/index.js");
const { ts7Executable: realExecutable } = await vi.importActual<typeof import("../src/ts7/executable.js")>("../src/ts7/executable.js");

const dir = mkdtempSync(path.join(tmpdir(), "toolsmith-native-failure-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function wrapper(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const tools = path.join(dir, "tools.ts");
writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "es2023", module: "nodenext", types: [] } }));
writeFileSync(tools, `/** Adds a and b. */\nexport function sums(a: number, b: number = 1): number { return a + b; }\n`);
mkdirSync(path.join(dir, "run"), { recursive: true });

function expectEngineFailure(result: { tools: readonly unknown[]; diagnostics: readonly { severity: string; message: string; hint?: string; file: string }[] }): void {
  expect(result.tools).toEqual([]);
  expect(result.diagnostics).toHaveLength(1);
  const [diagnostic] = result.diagnostics;
  expect(diagnostic?.severity).toBe("error");
  expect(diagnostic?.message).toMatch(/^TypeScript 7's native compiler process ended unexpectedly/);
  expect(diagnostic?.hint).toContain("--engine ts6");
  expect(diagnostic?.file).toBe(path.join(dir, "tsconfig.json"));
}

describe("TypeScript 7's native process failing", () => {
  it("on start: the analysis returns one located error that names --engine ts6", () => {
    native.exe = wrapper("fails.sh", "exit 3");
    try {
      expectEngineFailure(analyze({ engine: "ts7", files: [tools], tsconfig: path.join(dir, "tsconfig.json") }));
    } finally {
      native.exe = undefined;
    }
  });

  it("mid-watch: that cycle reports it, and the next one starts a new process and reads again", () => {
    const real = realExecutable();
    expect(real).toBeDefined();
    const pidFile = path.join(dir, "run", "pid");
    native.exe = wrapper("noted.sh", `echo $$ > '${pidFile}'\nexec '${real}' "$@"`);
    const analyzer = createAnalyzer({ engine: "ts7", files: [tools], tsconfig: path.join(dir, "tsconfig.json") });
    try {
      expect(analyzer.analyze().tools.map((tool) => tool.name)).toEqual(["sums"]);
      const first = Number(readFileSync(pidFile, "utf8"));
      writeFileSync(tools, `/** Adds a and b. */\nexport function sums(a: number, b: number = 2): number { return a + b; }\n`);
      analyzer.update([tools]);
      process.kill(first, "SIGKILL");
      expectEngineFailure(analyzer.analyze());
      const again = analyzer.analyze();
      expect(again.diagnostics).toEqual([]);
      expect(JSON.stringify(again.tools[0]?.parameters)).toContain('"default":2');
      const second = Number(readFileSync(pidFile, "utf8"));
      expect(second).not.toBe(first);
      // Killed before an edit is noted: the edit's own cycle starts the new process.
      process.kill(second, "SIGKILL");
      writeFileSync(tools, `/** Adds a and b. */\nexport function sums(a: number, b: number = 3): number { return a + b; }\n`);
      analyzer.update([tools]);
      const third = analyzer.analyze();
      expect(third.diagnostics).toEqual([]);
      expect(JSON.stringify(third.tools[0]?.parameters)).toContain('"default":3');
      expect(Number(readFileSync(pidFile, "utf8"))).not.toBe(second);
    } finally {
      analyzer.close?.();
      native.exe = undefined;
    }
  });
});
