/**
 * Codegen engines (issue 14): `toolsmith codegen --engine ts7` and `--engine ts6` as a user starts them -
 * `node <the package's bin>` (the bundle the package ships, built as prepack builds it), no tsx - on two synthetic shapes, side by
 * side with ts-json-schema-generator (default and --no-type-check), typescript-json-schema and
 * `tsc --noEmit` 6 and 7, round-robin after one warm-up each; peak RSS from the same runs. Then a
 * typical project (10 files x 10 functions) end to end. The bin's compile cache (bin/compile-cache.cjs) is
 * filled by the warm-up run, as a user's first run fills it; two more rows run each engine without it.
 *   heavy:  the cold suite's project (realistic bodies: a type checker has real work to do);
 *   shared: trivial bodies, more shared and utility types (Omit, Pick, Partial, Record, recursive, generic).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_DIR, TMP_DIR } from "../paths.js";
import type { Row, SuiteResult, Target } from "../report.js";
import { measureRoundRobin, type Contender } from "../round-robin.js";
import { assertOk, timedRun } from "../spawn.js";
import { formatNumber, summarize, type Stats } from "../stats.js";
import { DEFAULT_SYNTH, synthesize, writeProject, type SynthOptions, type SynthProject } from "../synth.js";
import { CODEGEN_ARGS, expectTools, PEER, peerContenders, peerTargets } from "./codegen-contenders.js";
import { measureOurs } from "./watch.js";

export interface EnginesOptions {
  readonly reps: number;
  readonly log: (line: string) => void;
}

export const BIN = join(REPO_DIR, "packages/codegen/bin/toolsmith.cjs");
export const oursTool = (engine: "ts6" | "ts7"): string => `toolsmith codegen --engine ${engine} (installed bin)`;
/** Ours as on a first run, or with TOOLSMITH_COMPILE_CACHE=0: everything compiled from scratch. */
export const oursUncachedTool = (engine: "ts6" | "ts7"): string => `toolsmith codegen --engine ${engine} (installed bin, no compile cache: a first run)`;

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

/** Ours on both engines, then (`withPeers`) the peers; `notes` says why a peer's row is missing. */
async function contenders(root: string, project: SynthProject, withPeers: boolean, notes: string[]): Promise<Contender[]> {
  const expected = project.functions.length;
  const out = join(root, "..", `${root.split("/").pop() ?? "x"}-out`);
  mkdirSync(out, { recursive: true });
  const list: Contender[] = [];
  // Each engine with the bin's compile cache (filled by the warm-up run), then without it: a first run.
  for (const cached of [true, false]) {
    for (const engine of ["ts7", "ts6"] as const) {
      const tool = cached ? oursTool(engine) : oursUncachedTool(engine);
      const json = join(out, `toolsmith-${engine}${cached ? "" : "-uncached"}.json`);
      list.push({
        tool,
        ours: cached && engine === "ts7",
        command: [process.execPath, [BIN, ...CODEGEN_ARGS, "--engine", engine, "--json", json]],
        ...(cached ? {} : { env: { TOOLSMITH_COMPILE_CACHE: "0" } }),
        verify: expectTools(tool, json, expected),
      });
    }
  }
  if (!withPeers) return list;
  const peers = await peerContenders(root, project, out);
  for (const why of peers.missing.map((w) => `codegen engines: ${w}`)) if (!notes.includes(why)) notes.push(why);
  return [...list, ...peers.contenders];
}

export function writeShape(name: string, options: SynthOptions): { root: string; project: SynthProject } {
  const root = join(TMP_DIR, `engines-${name}`);
  const project = synthesize(options);
  writeProject(project, root);
  return { root, project };
}

function measure(section: string, list: readonly Contender[], root: string, reps: number, log: (line: string) => void): Promise<Row[]> {
  return measureRoundRobin(list, { section, memorySection: `${section}: peak RSS`, cwd: root, reps, label: section, log });
}

/**
 * The ts7 engine's round trips to the native process on one more (untimed) run of the installed bin,
 * as its own trace counts them (TOOLSMITH_TS7_TRACE): batches of back-to-back requests count once.
 */
async function roundTrips(root: string): Promise<string> {
  const json = join(root, "..", `${root.split("/").pop() ?? "x"}-out`, "toolsmith-trace.json");
  const result = await timedRun(process.execPath, [BIN, ...CODEGEN_ARGS, "--engine", "ts7", "--json", json], {
    cwd: root,
    env: { ...process.env, TOOLSMITH_TS7_TRACE: "1" },
    timeoutMs: 600_000,
  });
  assertOk("toolsmith codegen --engine ts7 (traced)", result);
  const [, total, nodes] = /toolsmith ts7: (\d+) round trips, (\d+) nodes/.exec(result.stderr) ?? [];
  const batches = [...result.stderr.matchAll(/\(batch of (\d+)\) (\d+)/g)].reduce(
    (sum, match) => ({ batches: sum.batches + Number(match[2]), requests: sum.requests + Number(match[1]) * Number(match[2]) }),
    { batches: 0, requests: 0 },
  );
  if (total === undefined) throw new Error(`no round-trip trace in the ts7 engine's output:\n${result.stderr.slice(-2000)}`);
  return `the ts7 engine made ${total} round trips to the native process (${batches.batches} of them batches carrying ${batches.requests} requests; ${nodes} syntax nodes asked about), counted by TOOLSMITH_TS7_TRACE on one more run of the installed bin.`;
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
    const { root, project } = writeShape(name, synth);
    const section = `codegen engines, ${name} shape (${project.functions.length} fns)`;
    log(`== ${section} at ${root}`);
    rows.push(...(await measure(section, await contenders(root, project, true, notes), root, options.reps, log)));
    notes.push(`codegen engines, ${name} shape: ${await roundTrips(root)}`);
    const stats = (tool: string): Stats | undefined => rows.find((r) => r.section === section && r.tool === tool)?.stats;
    const ours = stats(oursTool("ts7"));
    const tsc7 = stats(PEER.tsc7);
    const vsTsc7 = ours && tsc7 ? ours.median / tsc7.median : undefined;
    targets.push(...peerTargets(section, ours, stats, "ts7 engine"), {
      section,
      goal: "within 2x of tsc --noEmit (TypeScript 7)",
      measured: vsTsc7 ? `${formatNumber(vsTsc7)}x tsc 7's time` : "not measured",
      met: vsTsc7 === undefined ? undefined : vsTsc7 <= 2,
    });
  }
  const typical = writeShape("typical", { ...DEFAULT_SYNTH, functions: 100, files: 10 });
  const section = "codegen engines, typical project (10 files x 10 fns)";
  log(`== ${section}`);
  rows.push(...(await measure(section, await contenders(typical.root, typical.project, false, notes), typical.root, options.reps, log)));
  notes.push(`codegen engines, typical project: ${await roundTrips(typical.root)}`);
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
  // The JSON alone on both engines; then the registry module beside it on ts7, as most users run it, and
  // with code mode's stubs as well.
  const runs = [
    { engine: "ts7", registry: false, stubs: false },
    { engine: "ts6", registry: false, stubs: false },
    { engine: "ts7", registry: true, stubs: false },
    { engine: "ts7", registry: true, stubs: true },
  ] as const;
  for (const { engine, registry, stubs } of runs) {
    const { samples, reported } = await measureOurs({ root, project, edits: options.edits, log: options.log, engine, bin: BIN, registry, stubs });
    const stats = summarize(samples);
    const flags = `--watch --engine ${engine}${registry ? " --out" : ""}${stubs ? " --pyi --dts" : ""}`;
    const what = stubs ? "JSON, registry module and stubs" : registry ? "JSON and registry module" : "JSON";
    rows.push({ section, tool: `toolsmith codegen ${flags}`, ours: engine === "ts7" && !registry, unit: "ms", stats, note: `save -> ${what} on disk` });
    if (reported.length) notes.push(`engines watch (${flags}): the process reports ${formatNumber(summarize(reported).median)} ms (median) per regeneration cycle.`);
    if (engine === "ts7" && !stubs) {
      const goal = `< 50 ms median from save to regenerated ${what} (ts7)`;
      targets.push({ section, goal, measured: `${formatNumber(stats.median)} ms median, ${formatNumber(stats.max)} ms max`, met: stats.median < 50 });
    }
  }
  return { rows, targets, notes };
}
