/**
 * The bench times both codegen engines on the synthesized projects and only counts their tools; this
 * holds them to the same output, byte for byte, on both shapes and on a seed the bench does not use, so
 * a figure for one engine is never a figure for different work.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { analyze, emitRegistryModule, emitSchemasJson, type AnalyzeOptions } from "@toolsmith/codegen";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_SYNTH, synthesize, writeProject } from "../src/synth.js";

const root = mkdtempSync(path.join(tmpdir(), "toolsmith-engine-parity-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Output {
  schemas: string;
  registry: string;
  diagnostics: string[];
}

function generate(dir: string, files: readonly string[], engine: AnalyzeOptions["engine"]): Output {
  const result = analyze({ engine, files: files.map((file) => path.join(dir, file)), tsconfig: path.join(dir, "tsconfig.json") });
  const outFile = path.join(dir, "src", "tools.generated.ts");
  return {
    schemas: emitSchemasJson(result.tools),
    registry: emitRegistryModule(result.tools, { outFile, style: "pydantic", strict: false }),
    diagnostics: result.diagnostics.map((d) => `${d.severity} ${path.relative(dir, d.file)}:${d.line}:${d.column} ${d.message}`),
  };
}

describe.each([
  { shape: "heavy", seed: DEFAULT_SYNTH.seed },
  { shape: "shared", seed: DEFAULT_SYNTH.seed },
  { shape: "heavy", seed: 99 },
  { shape: "shared", seed: 99 },
] as const)("the $shape shape, seed $seed", ({ shape, seed }) => {
  it("ts7 and ts6 give the same schemas, registry and diagnostics", () => {
    const project = synthesize({ functions: 120, files: 12, seed, shape });
    const dir = path.join(root, `${shape}-${seed}`);
    writeProject(project, dir);
    const ts7 = generate(dir, project.toolFiles, "ts7");
    const ts6 = generate(dir, project.toolFiles, "ts6");
    expect(ts7.diagnostics.filter((d) => d.startsWith("error"))).toEqual([]);
    const names = (JSON.parse(ts7.schemas) as Array<{ name: string }>).map((entry) => entry.name);
    expect(names.sort()).toEqual(project.functions.map((fn) => fn.name).sort());
    expect(ts7.schemas).toBe(ts6.schemas);
    expect(ts7.registry).toBe(ts6.registry);
    expect(ts7.diagnostics).toEqual(ts6.diagnostics);
  });
});
