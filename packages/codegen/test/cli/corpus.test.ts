/**
 * Every input of the codegen's fixture and parity suites that analyzes cleanly, through the real analysis
 * and the registry emitter, in each style: the modules type-check against the real functions and are
 * exactly what prettier prints.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import * as prettier from "prettier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analyze.js";
import type { SchemaStyle } from "../../src/model.js";
import { emitRegistryModule } from "../../src/registry/emit.js";
import { repoRoot, TempProject } from "./support.js";

const suites = ["packages/codegen/test/parity/cases", "packages/codegen/test/fixtures"];
const inputs = suites.flatMap((suite) => {
  const dir = path.join(repoRoot, suite);
  let cases: string[];
  try {
    cases = readdirSync(dir);
  } catch {
    return [];
  }
  return cases
    .map((name) => path.join(dir, name, "input.ts"))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile());
});

const variants: { style: SchemaStyle; strict: boolean }[] = [
  { style: "pydantic", strict: false },
  { style: "openai", strict: false },
  { style: "openai", strict: true },
];

interface Generated {
  file: string;
  text: string;
}

describe("registry modules for the whole fixture corpus", () => {
  let project: TempProject;
  const generated: Generated[] = [];

  beforeAll(() => {
    project = new TempProject();
    // One analysis per variant over the whole corpus (one compiler project, as the CLI does), one module per case.
    for (const { style, strict } of variants) {
      const result = analyze({ files: inputs, style, strict });
      inputs.forEach((input, i) => {
        const tools = result.tools.filter((tool) => tool.file === input);
        const failed = result.diagnostics.some((d) => d.severity === "error" && d.file === input);
        if (tools.length === 0 || failed) return;
        const name = `gen/${i}-${path.basename(path.dirname(input))}.${style}${strict ? ".strict" : ""}.ts`;
        const text = emitRegistryModule(tools, { outFile: project.path(name), style, strict });
        project.write(name, text);
        generated.push({ file: name, text });
      });
    }
  }, 120_000);
  afterAll(() => project.dispose());

  it("covers a real corpus", () => {
    expect(generated.length).toBeGreaterThan(30);
  });

  it("type-checks every module against the functions it imports", () => {
    expect(project.typecheck(...generated.map((g) => g.file)).filter((m) => m.startsWith("gen/"))).toEqual([]);
  }, 180_000);

  it("formats every module exactly as prettier does", async () => {
    const misformatted: string[] = [];
    for (const { file, text } of generated) {
      if ((await prettier.format(text, { parser: "typescript" })) !== text) misformatted.push(file);
    }
    expect(misformatted).toEqual([]);
  }, 120_000);
});
