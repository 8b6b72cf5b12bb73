/**
 * bin/v8-tuning.cjs: the V8 flags the bin sets for its command before it compiles anything. Which command
 * gets which flags, and, in real Node processes, that this V8 knows the flag (it would print an error
 * otherwise) and that it changes V8's flags: a code cache made with it is rejected without it (V8 checks
 * a cache against its flags), which is also why every run of a command must set the same ones.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { v8FlagsFor } from "../bin/v8-tuning.cjs";

const tuning = fileURLToPath(new URL("../bin/v8-tuning.cjs", import.meta.url));
const scratch = mkdtempSync(path.join(os.tmpdir(), "toolsmith-v8-tuning-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("v8FlagsFor", () => {
  it.each([
    { argv: ["codegen", "src/tools", "--json", "out.json"], v8: "11.3.244.8-node.33", flags: "--max-inlined-bytecode-size-cumulative=150" },
    { argv: ["codegen", "--watch"], v8: "12.4.254.21-node.33", flags: "--max-inlined-bytecode-size-cumulative=150" },
    { argv: ["codegen"], v8: "14.1.146.11-node.13", flags: "--max-inlined-bytecode-size-cumulative=150" },
    // Other commands keep V8's defaults (a long-running MCP server wants its fully optimized code).
    { argv: ["mcp", "--registry", "r.js"], v8: "11.3.244.8-node.33", flags: undefined },
    { argv: ["--help"], v8: "11.3.244.8-node.33", flags: undefined },
    { argv: [], v8: "11.3.244.8-node.33", flags: undefined },
    // A V8 not known to have the flag gets none: it would print "unrecognized flag" on every run.
    { argv: ["codegen"], v8: "10.2.154.26-node.26", flags: undefined },
    { argv: ["codegen"], v8: "15.0.1", flags: undefined },
    { argv: ["codegen"], v8: "not a version", flags: undefined },
  ])("$argv on V8 $v8: $flags", ({ argv, v8, flags }) => {
    expect(v8FlagsFor(argv, v8)).toBe(flags);
  });
});

/** Runs a script in a fresh Node process (V8 flags are per process) that may tune V8 as the bin does. */
function node(script: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: scratch, encoding: "utf8", timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const source = JSON.stringify("function add(a, b) { return a + b; }\nadd(1, 2);\n");
const cacheFile = JSON.stringify(path.join(scratch, "script.v8cache"));
const makeCache = (tuned: boolean): string => `
  import { writeFileSync } from "node:fs";
  import vm from "node:vm";
  ${tuned ? `(await import(${JSON.stringify(tuning)})).tuneV8(["codegen"]);` : ""}
  const script = new vm.Script(${source}, { filename: "script.js" });
  script.runInThisContext();
  writeFileSync(${cacheFile}, script.createCachedData());
`;
const useCache = (tuned: boolean): string => `
  import { readFileSync } from "node:fs";
  import vm from "node:vm";
  ${tuned ? `(await import(${JSON.stringify(tuning)})).tuneV8(["codegen"]);` : ""}
  const script = new vm.Script(${source}, { filename: "script.js", cachedData: readFileSync(${cacheFile}) });
  console.log(script.cachedDataRejected ? "rejected" : "used");
`;

describe("tuneV8 in a real Node process", () => {
  it("sets a flag this V8 knows, silently", () => {
    const run = node(`(await import(${JSON.stringify(tuning)})).tuneV8(["codegen", "src"]); console.log("ran");`);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe("ran");
  });

  it("changes V8's flags: a code cache made by a tuned run is used by the next tuned run and rejected by an untuned one", () => {
    const made = node(makeCache(true));
    expect(made.stderr).toBe("");
    expect(node(useCache(true)).stdout.trim()).toBe("used");
    expect(node(useCache(false)).stdout.trim()).toBe("rejected");
  });

  it("leaves V8's flags alone for other commands: an untuned cache stays usable", () => {
    expect(node(makeCache(false)).status).toBe(0);
    const run = node(`
      ${useCache(false).replace('console.log(script.cachedDataRejected ? "rejected" : "used");', "")}
      (await import(${JSON.stringify(tuning)})).tuneV8(["mcp"]);
      const again = new vm.Script(${source}, { filename: "script.js", cachedData: readFileSync(${cacheFile}) });
      console.log(again.cachedDataRejected ? "rejected" : "used");
    `);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("used");
  });
});
