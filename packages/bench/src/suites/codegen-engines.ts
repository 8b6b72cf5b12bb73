/**
 * Codegen engines (issue 14): `toolsmith codegen --engine ts7` and `--engine ts6` as a user starts them -
 * `node <the package's bin>` (the bundle the package ships, built as prepack builds it), no tsx - on two synthetic shapes, side by
 * side with ts-json-schema-generator (default and --no-type-check), typescript-json-schema and
 * `tsc --noEmit` 6 and 7, round-robin after one warm-up each; peak RSS from the same runs. Then a
 * typical project (10 files x 10 functions) end to end.
 *   heavy:  the cold suite's project (realistic bodies: a type checker has real work to do);
 *   shared: trivial bodies, more shared and utility types (Omit, Pick, Partial, Record, recursive, generic).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PEERS_DIR, REPO_DIR, TMP_DIR, TSC6, tsc7Executable } from "../paths.js";
import type { Row, SuiteResult, Target } from "../report.js";
import { assertOk, timedRun } from "../spawn.js";
import { formatNumber, summarize, type Stats } from "../stats.js";
import { DEFAULT_SYNTH, synthesize, writeProject, type SynthOptions } from "../synth.js";
import { measureOurs } from "./watch.js";

export interface EnginesOptions {
  readonly reps: number;
  readonly log: (line: string) => void;
}

interface Contender {
  readonly tool: string;
  readonly ours: boolean;
  readonly command: [string, string[]];
  readonly verify?: () => void;
}

export const BIN = join(REPO_DIR, "packages/codegen/bin/toolsmith.mjs");
export const oursTool = (engine: "ts6" | "ts7"): string => `toolsmith codegen --engine ${engine} (installed bin)`;

/** The packages' dist, as `pnpm build` / prepack make it (tsc, the run-time assets, the bin's bundle): what the bin runs. */
export function buildDist(log: (line: string) => void): void {
  for (const pkg of ["runtime", "codegen"]) {
    log(`  building packages/${pkg} (scripts/build-package.mjs, as prepack does)`);
    const result = spawnSync(process.execPath, [join(REPO_DIR, "scripts", "build-package.mjs")], {
      cwd: join(REPO_DIR, "packages", pkg),
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`build of packages/${pkg} failed:\n${result.stdout}${result.stderr}`);
  }
}

function countParams(file: string): number {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { definitions?: Record<string, unknown> };
  return Object.keys(doc.definitions ?? {}).filter((k) => k.endsWith("Params")).length;
}

function expectCount(label: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${label}: expected ${expected} schemas, found ${actual}`);
}

async function contenders(root: string, expected: number, peers: boolean): Promise<Contender[]> {
  const out = join(root, "..", `${root.split("/").pop() ?? "x"}-out`);
  mkdirSync(out, { recursive: true });
  const tsconfig = join(root, "tsconfig.json");
  const files = (JSON.parse(readFileSync(join(root, "files.json"), "utf8")) as string[]).map((f) => join(root, f));
  const list: Contender[] = [];
  for (const engine of ["ts7", "ts6"] as const) {
    const json = join(out, `toolsmith-${engine}.json`);
    list.push({
      tool: oursTool(engine),
      ours: engine === "ts7",
      command: [process.execPath, [BIN, "codegen", "src/tools/*.ts", "--tsconfig", "tsconfig.json", "--engine", engine, "--json", json]],
      verify: () => expectCount(oursTool(engine), (JSON.parse(readFileSync(json, "utf8")) as unknown[]).length, expected),
    });
  }
  if (!peers) return list;
  const tsjg = join(out, "tsjg.json");
  list.push({
    tool: "ts-json-schema-generator",
    ours: false,
    command: [process.execPath, [join(PEERS_DIR, "ts-json-schema-generator.cjs"), tsconfig, tsjg, ...files]],
    verify: () => expectCount("ts-json-schema-generator", countParams(tsjg), expected),
  });
  const tsjgFast = join(out, "tsjg-no-check.json");
  list.push({
    tool: "ts-json-schema-generator --no-type-check",
    ours: false,
    command: [process.execPath, [join(PEERS_DIR, "ts-json-schema-generator.cjs"), tsconfig, tsjgFast, "--no-type-check", ...files]],
    verify: () => expectCount("ts-json-schema-generator --no-type-check", countParams(tsjgFast), expected),
  });
  const tjs = join(out, "tjs.json");
  list.push({
    tool: "typescript-json-schema",
    ours: false,
    command: [process.execPath, [join(PEERS_DIR, "typescript-json-schema.cjs"), tsconfig, tjs, ...files]],
    verify: () => expectCount("typescript-json-schema", countParams(tjs), expected),
  });
  list.push({ tool: "tsc --noEmit (TypeScript 6.0)", ours: false, command: [process.execPath, [TSC6, "-p", tsconfig, "--noEmit"]] });
  list.push({ tool: "tsc --noEmit (TypeScript 7.0 native)", ours: false, command: [await tsc7Executable(), ["-p", tsconfig, "--noEmit"]] });
  return list;
}

function writeShape(name: string, options: SynthOptions): { root: string; functions: number } {
  const root = join(TMP_DIR, `engines-${name}`);
  const project = synthesize(options);
  // The peers are handed the tool files (files.json); ours expands the glob.
  writeProject({ ...project, files: [...project.files, { path: "files.json", text: JSON.stringify(project.toolFiles) }] }, root);
  return { root, functions: project.functions.length };
}

async function measure(
  section: string,
  list: readonly Contender[],
  root: string,
  reps: number,
  log: (line: string) => void,
): Promise<Row[]> {
  const times = new Map<string, number[]>();
  const rss = new Map<string, number[]>();
  const run = async (c: Contender) => {
    const result = await timedRun(c.command[0], c.command[1], { cwd: root, timeoutMs: 600_000 });
    assertOk(c.tool, result);
    c.verify?.();
    return result;
  };
  for (const c of list) {
    log(`  warm-up: ${c.tool}`);
    await run(c);
  }
  for (let rep = 0; rep < reps; rep++) {
    for (const c of list) {
      const result = await run(c);
      log(`  ${section} ${rep + 1}/${reps}: ${c.tool} ${formatNumber(result.ms)} ms, ${formatNumber(result.peakRssMiB ?? NaN)} MiB`);
      times.set(c.tool, [...(times.get(c.tool) ?? []), result.ms]);
      if (result.peakRssMiB !== undefined) rss.set(c.tool, [...(rss.get(c.tool) ?? []), result.peakRssMiB]);
    }
  }
  const rows: Row[] = [];
  for (const c of list) rows.push({ section, tool: c.tool, ours: c.ours, unit: "ms", stats: summarize(times.get(c.tool) ?? []) });
  for (const c of list) {
    const samples = rss.get(c.tool);
    if (samples) rows.push({ section: `${section}: peak RSS`, tool: c.tool, ours: c.ours, unit: "MiB", stats: summarize(samples) });
  }
  return rows;
}

export async function runEngines(options: EnginesOptions): Promise<SuiteResult> {
  const { log } = options;
  buildDist(log);
  const rows: Row[] = [];
  const targets: Target[] = [];
  const notes: string[] = [
    "codegen engines: peak RSS is GNU time's largest process of the run; with --engine ts7 that is the larger of node and the native TypeScript 7 process it starts (they run side by side).",
  ];
  const shapes: [string, SynthOptions][] = [
    ["heavy", DEFAULT_SYNTH],
    ["shared", { ...DEFAULT_SYNTH, shape: "shared" }],
  ];
  for (const [name, synth] of shapes) {
    const { root, functions } = writeShape(name, synth);
    const section = `codegen engines, ${name} shape (${functions} fns)`;
    log(`== ${section} at ${root}`);
    rows.push(...(await measure(section, await contenders(root, functions, true), root, options.reps, log)));
    const stats = (tool: string): Stats | undefined => rows.find((r) => r.section === section && r.tool === tool)?.stats;
    const ours = stats(oursTool("ts7"));
    const tsjg = stats("ts-json-schema-generator");
    const tsc6 = stats("tsc --noEmit (TypeScript 6.0)");
    const tsc7 = stats("tsc --noEmit (TypeScript 7.0 native)");
    const ratio = (a: Stats | undefined, b: Stats | undefined) => (a && b ? b.median / a.median : undefined);
    const vsTsjg = ratio(ours, tsjg);
    const vsTsc7 = ours && tsc7 ? ours.median / tsc7.median : undefined;
    targets.push(
      { section, goal: ">= 3x faster than ts-json-schema-generator (ts7 engine)", measured: vsTsjg ? `${formatNumber(vsTsjg)}x` : "not measured", met: vsTsjg === undefined ? undefined : vsTsjg >= 3 },
      {
        section,
        goal: "faster than tsc --noEmit (TypeScript 6)",
        measured: ours && tsc6 ? `${formatNumber(ours.median)} ms vs ${formatNumber(tsc6.median)} ms` : "not measured",
        met: ours && tsc6 ? ours.median < tsc6.median : undefined,
      },
      { section, goal: "within 2x of tsc --noEmit (TypeScript 7)", measured: vsTsc7 ? `${formatNumber(vsTsc7)}x tsc 7's time` : "not measured", met: vsTsc7 === undefined ? undefined : vsTsc7 <= 2 },
    );
  }
  const typical = writeShape("typical", { ...DEFAULT_SYNTH, functions: 100, files: 10 });
  const section = "codegen engines, typical project (10 files x 10 fns)";
  log(`== ${section}`);
  rows.push(...(await measure(section, await contenders(typical.root, typical.functions, false), typical.root, options.reps, log)));
  for (const engine of ["ts7", "ts6"] as const) {
    const stats = rows.find((r) => r.section === section && r.tool === oursTool(engine))?.stats;
    targets.push({
      section,
      goal: `end to end under 300 ms (--engine ${engine})`,
      measured: stats ? `${formatNumber(stats.median)} ms` : "not measured",
      met: stats ? stats.median < 300 : undefined,
    });
  }
  return { rows, targets, notes };
}

/**
 * Watch mode on each engine (heavy shape): a one-function edit, from the save to the regenerated JSON
 * on disk - the same measurement as the watch suite's, with `--engine`, through the package's built bin.
 */
export async function runEnginesWatch(options: { readonly edits: number; readonly log: (line: string) => void }): Promise<SuiteResult> {
  const root = join(TMP_DIR, "engines-watch");
  const project = synthesize(DEFAULT_SYNTH);
  writeProject(project, root);
  const section = `codegen engines, --watch 1-fn edit (${project.functions.length} fns)`;
  const rows: Row[] = [];
  const targets: Target[] = [];
  const notes: string[] = [];
  buildDist(options.log);
  for (const engine of ["ts7", "ts6"] as const) {
    const { samples, reported } = await measureOurs({ root, project, edits: options.edits, log: options.log, engine, bin: BIN });
    const stats = summarize(samples);
    rows.push({ section, tool: `toolsmith codegen --watch --engine ${engine}`, ours: engine === "ts7", unit: "ms", stats, note: "save -> JSON on disk" });
    if (reported.length) notes.push(`engines watch (${engine}): the process reports ${formatNumber(summarize(reported).median)} ms (median) per regeneration cycle.`);
    if (engine === "ts7") {
      targets.push({ section, goal: "< 50 ms median from save to regenerated output (ts7)", measured: `${formatNumber(stats.median)} ms median, ${formatNumber(stats.max)} ms max`, met: stats.median < 50 });
    }
  }
  return { rows, targets, notes };
}
