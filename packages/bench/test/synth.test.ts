import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_SYNTH, createRandom, editSummary, synthesize, writeProject } from "../src/synth.js";

const SMALL = { functions: 20, files: 4, seed: 7 };

describe("synthesize", () => {
  it("gives the same bytes for the same seed, and different ones for another seed", () => {
    const a = synthesize(SMALL);
    const b = synthesize(SMALL);
    expect(b).toEqual(a);
    const other = synthesize({ ...SMALL, seed: 8 });
    expect(other.files.map((f) => f.text)).not.toEqual(a.files.map((f) => f.text));
  });

  it("spreads the functions over the files, each exported, documented and with a Params interface", () => {
    const project = synthesize(SMALL);
    expect(project.toolFiles).toHaveLength(SMALL.files);
    expect(project.functions).toHaveLength(SMALL.functions);
    expect(new Set(project.functions.map((f) => f.name)).size).toBe(SMALL.functions);
    for (const fn of project.functions) {
      const text = project.files.find((f) => f.path === fn.file)?.text ?? "";
      expect(text).toMatch(new RegExp(`export (async )?function ${fn.name}\\(`));
      expect(text).toContain(`export interface ${fn.paramsType} {`);
      expect(text).toContain(` * ${fn.summary}\n`);
    }
  });

  it("has the full size and the mix of parameter types users write", () => {
    const project = synthesize(DEFAULT_SYNTH);
    expect(project.functions).toHaveLength(1000);
    expect(project.toolFiles).toHaveLength(100);
    const all = project.files.map((f) => f.text).join("\n");
    const signatures = all.split("\n").filter((line) => line.startsWith("export function") || line.startsWith("export async function")).join("\n");
    for (const written of [": string", ": number", ": boolean", ": Int", '"asc" | "desc"', ": Color", ": Priority", ": Customer", "Address | null", "OrderLine[]", "Array<Money>", "readonly string[]", "Record<string, number>", ": Date", ": CustomerRef", ": PostalAddress", "number | null", "?: ", "= 10", "= Color.Blue", "= { page: 1, size: 20 }", "async function"]) {
      expect(signatures, written).toContain(written);
    }
    expect(project.functions.some((f) => f.callStyle === "object")).toBe(true);
    expect(all).toContain("Pick<Customer");
    expect(all).toContain("Omit<Address");
  });

  it("edits exactly one function's summary line", () => {
    const project = synthesize(SMALL);
    const fn = project.functions[3]!;
    const before = project.files.find((f) => f.path === fn.file)!.text;
    const once = editSummary(before, fn, 1);
    const twice = editSummary(once.text, fn, 2);
    const changed = (x: string, y: string): number => x.split("\n").filter((line, i) => line !== y.split("\n")[i]).length;
    expect(changed(before, once.text)).toBe(1);
    expect(changed(before, twice.text)).toBe(1);
    expect(twice.text).toContain(`${fn.summary} (${twice.marker})`);
    expect(twice.text).not.toContain(once.marker + ")");
  });

  it("with stub bodies keeps every signature, doc and Params interface", () => {
    const full = synthesize(SMALL);
    const stub = synthesize({ ...SMALL, bodies: false });
    expect(stub.functions).toEqual(full.functions);
    const signatures = (p: typeof full): string[] =>
      p.files.flatMap((f) => f.text.split("\n").filter((l) => l.startsWith("export") || l.startsWith(" *")));
    expect(signatures(stub)).toEqual(signatures(full));
    expect(stub.files.map((f) => f.text).join("").length).toBeLessThan(full.files.map((f) => f.text).join("").length / 2);
  });

  it("draws the same sequence from the same seed", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe("the written project", () => {
  const root = mkdtempSync(join(tmpdir(), "toolsmith-synth-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([true, false])("type-checks with no diagnostics under its own strict tsconfig (bodies: %s)", (bodies) => {
    writeProject(synthesize({ ...SMALL, bodies }), root);
    const configPath = join(root, "tsconfig.json");
    const config = ts.parseJsonConfigFileContent(JSON.parse(readFileSync(configPath, "utf8")) as unknown, ts.sys, root);
    expect(config.errors).toEqual([]);
    expect(config.fileNames).toHaveLength(SMALL.files + 1);
    const program = ts.createProgram(config.fileNames, config.options);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  });
});
