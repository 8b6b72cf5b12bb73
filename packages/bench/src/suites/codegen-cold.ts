/**
 * Codegen, cold: every tool is started as a fresh process on the same 1,000-function project, in
 * round-robin order (so a noisy stretch hits all tools alike), after one unmeasured warm-up run each
 * (file cache, tsx's transform cache). The same runs give the peak RSS rows. Ours runs as a user runs it:
 * `node <the package's bin>` on the packages built as prepack builds them (default engine).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, buildDist } from "./codegen-engines.js";
import { CODEGEN_CLI, PEERS_DIR, TSC6, tsc7Executable, toolsmithCommand } from "../paths.js";
import type { Row, SuiteResult, Target } from "../report.js";
import { assertOk, timedRun, type RunResult } from "../spawn.js";
import { formatNumber, summarize, type Stats } from "../stats.js";
import type { SynthProject } from "../synth.js";

export interface ColdOptions {
  readonly root: string;
  readonly project: SynthProject;
  readonly reps: number;
  readonly log: (line: string) => void;
}

interface Contender {
  readonly tool: string;
  readonly ours: boolean;
  readonly command: [string, string[]];
  /** Checks the output really holds a schema per function, so a silent failure never looks fast. */
  readonly verify?: () => void;
}

function countParamsDefinitions(file: string): number {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { definitions?: Record<string, unknown> };
  return Object.keys(doc.definitions ?? {}).filter((k) => k.endsWith("Params")).length;
}

function expectCount(label: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${label}: expected ${expected} schemas, found ${actual}`);
}

/** Ours as a published build runs it, and as `pnpm toolsmith` runs it in this repo. */
export const COMPILED = "toolsmith codegen (installed bin)";
export const FROM_SOURCE = "toolsmith codegen (pnpm toolsmith: tsx, from source)";

export async function contenders(root: string, project: SynthProject, bin: string | undefined, notes: string[]): Promise<Contender[]> {
  const out = join(root, "..", "out");
  mkdirSync(out, { recursive: true });
  const files = project.toolFiles.map((f) => join(root, f));
  const tsconfig = join(root, "tsconfig.json");
  const expected = project.functions.length;
  const list: Contender[] = [];
  if (existsSync(CODEGEN_CLI)) {
    const args = ["codegen", "src/tools/*.ts", "--tsconfig", "tsconfig.json", "--json"];
    const json = join(out, "toolsmith.json");
    const verify = (tool: string, file: string) => () => expectCount(tool, (JSON.parse(readFileSync(file, "utf8")) as unknown[]).length, expected);
    if (bin !== undefined) {
      const installed = join(out, "toolsmith-bin.json");
      list.push({ tool: COMPILED, ours: true, command: [process.execPath, [bin, ...args, installed]], verify: verify(COMPILED, installed) });
    }
    list.push({ tool: FROM_SOURCE, ours: true, command: toolsmithCommand([...args, json]), verify: verify(FROM_SOURCE, json) });
  }
  const tsjg = join(out, "ts-json-schema-generator.json");
  list.push({
    tool: "ts-json-schema-generator",
    ours: false,
    command: [process.execPath, [join(PEERS_DIR, "ts-json-schema-generator.cjs"), tsconfig, tsjg, ...files]],
    verify: () => expectCount("ts-json-schema-generator", countParamsDefinitions(tsjg), expected),
  });
  const tsjgFast = join(out, "ts-json-schema-generator-no-check.json");
  list.push({
    tool: "ts-json-schema-generator --no-type-check",
    ours: false,
    command: [process.execPath, [join(PEERS_DIR, "ts-json-schema-generator.cjs"), tsconfig, tsjgFast, "--no-type-check", ...files]],
    verify: () => expectCount("ts-json-schema-generator --no-type-check", countParamsDefinitions(tsjgFast), expected),
  });
  const tjs = join(out, "typescript-json-schema.json");
  list.push({
    tool: "typescript-json-schema",
    ours: false,
    command: [process.execPath, [join(PEERS_DIR, "typescript-json-schema.cjs"), tsconfig, tjs, ...files]],
    verify: () => expectCount("typescript-json-schema", countParamsDefinitions(tjs), expected),
  });
  list.push({ tool: "tsc --noEmit (TypeScript 6.0)", ours: false, command: [process.execPath, [TSC6, "-p", tsconfig, "--noEmit"]] });
  const tsc7 = await tsc7Executable().catch(() => undefined);
  if (tsc7 !== undefined) list.push({ tool: "tsc --noEmit (TypeScript 7.0 native)", ours: false, command: [tsc7, ["-p", tsconfig, "--noEmit"]] });
  else notes.push("codegen cold: TypeScript 7's native binary is not available for this platform, so its row is missing.");
  return list;
}

function append(samples: Map<string, number[]>, key: string, value: number): void {
  const list = samples.get(key);
  if (list) list.push(value);
  else samples.set(key, [value]);
}

export async function runColdCodegen(options: ColdOptions): Promise<SuiteResult> {
  const notes: string[] = [];
  let bin: string | undefined;
  if (existsSync(CODEGEN_CLI)) {
    try {
      buildDist(options.log);
      bin = BIN;
    } catch (error) {
      notes.push(`codegen cold: the packages could not be built, so ours ran only from source: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
  }
  const list = await contenders(options.root, options.project, bin, notes);
  const times = new Map<string, number[]>();
  const rss = new Map<string, number[]>();
  const run = async (c: Contender): Promise<RunResult> => {
    const result = await timedRun(c.command[0], c.command[1], { cwd: options.root, timeoutMs: 300_000 });
    assertOk(c.tool, result);
    c.verify?.();
    return result;
  };
  for (const c of list) {
    options.log(`  warm-up: ${c.tool}`);
    await run(c);
  }
  for (let rep = 0; rep < options.reps; rep++) {
    for (const c of list) {
      const result = await run(c);
      options.log(`  run ${rep + 1}/${options.reps}: ${c.tool} ${formatNumber(result.ms)} ms`);
      append(times, c.tool, result.ms);
      if (result.peakRssMiB !== undefined) append(rss, c.tool, result.peakRssMiB);
    }
  }

  const section = `codegen cold (${options.project.functions.length} fns)`;
  const memorySection = "memory: peak RSS";
  const rows: Row[] = [];
  for (const c of list) rows.push({ section, tool: c.tool, ours: c.ours, unit: "ms", stats: summarize(times.get(c.tool) ?? []) });
  for (const c of list) {
    const samples = rss.get(c.tool);
    if (samples) rows.push({ section: memorySection, tool: c.tool, ours: c.ours, unit: "MiB", stats: summarize(samples) });
  }

  const statsOf = (tool: string): Stats | undefined => rows.find((r) => r.section === section && r.tool === tool)?.stats;
  // Targets are judged on the build users install; the from-source row shows what tsx adds.
  const ours = statsOf(COMPILED) ?? statsOf(FROM_SOURCE);
  const tsjg = statsOf("ts-json-schema-generator");
  const tsc6 = statsOf("tsc --noEmit (TypeScript 6.0)");
  const targets: Target[] = [
    {
      section,
      goal: ">= 3x faster than ts-json-schema-generator",
      measured: ours && tsjg ? `${formatNumber(tsjg.median / ours.median)}x` : "not measured",
      met: ours && tsjg ? tsjg.median / ours.median >= 3 : undefined,
    },
    {
      section,
      goal: "faster than tsc --noEmit (TypeScript 6)",
      measured: ours && tsc6 ? `${formatNumber(ours.median)} ms vs ${formatNumber(tsc6.median)} ms` : "not measured",
      met: ours && tsc6 ? ours.median < tsc6.median : undefined,
    },
  ];
  if (!ours) notes.push("toolsmith codegen: packages/codegen/src/cli.ts does not exist yet, so ours was not measured.");
  return { rows, targets, notes };
}
