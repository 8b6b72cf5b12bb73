/**
 * Codegen, incremental: a `--watch` process is started on the 1,000-function project; then, one at a
 * time, a function's JSDoc summary is edited and saved, and the clock runs from the save to the moment
 * the regenerated output on disk holds the new text. The output directory is watched with fs.watch
 * (inotify), not busy-polled, so the measurement does not steal CPU from the process being measured.
 * For reference, `tsc --watch --noEmit` (TypeScript 6) on the same edits: save to its "Watching for file
 * changes" line.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { CODEGEN_CLI, TSC6, toolsmithCommand } from "../paths.js";
import type { Row, SuiteResult, Target } from "../report.js";
import { formatNumber, summarize } from "../stats.js";
import { editSummary, type SynthFunction, type SynthProject } from "../synth.js";
import { CODEGEN_ARGS } from "./codegen-contenders.js";

export interface WatchOptions {
  readonly root: string;
  readonly project: SynthProject;
  readonly edits: number;
  readonly log: (line: string) => void;
  /** Extra node flags for our watch process (e.g. --cpu-prof). */
  readonly nodeFlags?: readonly string[];
  /** `--engine` for our watch process (default: the CLI's default). */
  readonly engine?: "ts6" | "ts7";
  /** Run the package's built bin (as a user starts it) instead of the source through tsx. */
  readonly bin?: string;
  /** Write the registry module too (`--out`), and time the save to both outputs on disk. */
  readonly registry?: boolean;
  /** Write code mode's stubs too (`--pyi`, `--dts`), and time the save to every output on disk. */
  readonly stubs?: boolean;
}

const SETTLE_MS = 400;
const EDIT_TIMEOUT_MS = 30_000;
const START_TIMEOUT_MS = 180_000;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolves when `check` holds, re-checking on every change in `dir` and every 25 ms as a fallback. */
/**
 * Resolves with the time the event that made `check` true arrived (not after `check` ran: reading a 4 MB
 * output back is the bench's cost, not the watcher's). With `only`, events for other files in `dir` (the
 * writer's temporaries) do not run `check`; a poll every 25 ms backs the events up.
 */
function waitFor(dir: string, check: () => boolean, timeoutMs: number, only?: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (at: number, error?: Error): void => {
      if (done) return;
      done = true;
      watcher.close();
      clearInterval(poll);
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(at);
    };
    const test = (): void => {
      const at = performance.now();
      try {
        if (check()) finish(at);
      } catch {
        // mid-write or not there yet: the next event will tell
      }
    };
    const watcher = watch(dir, (_event, filename) => {
      if (only === undefined || filename === null || only.includes(String(filename))) test();
    });
    const poll = setInterval(test, 25);
    const timer = setTimeout(() => finish(0, new Error(`no regenerated output within ${timeoutMs} ms`)), timeoutMs);
    test();
  });
}

/** Functions to edit: spread over the files, one per edit, each edit in a different file. */
function editTargets(project: SynthProject, count: number): SynthFunction[] {
  const step = Math.max(1, Math.floor(project.functions.length / count));
  return Array.from({ length: count }, (_, i) => project.functions[(i * step + 5) % project.functions.length]!);
}

interface Session {
  readonly child: ChildProcess;
  output(): string;
}

function start(command: [string, string[]], cwd: string): Session {
  const child = spawn(command[0], command[1], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (output += d));
  return { child, output: () => output };
}

async function stop(session: Session): Promise<void> {
  if (session.child.exitCode !== null) return;
  const exited = new Promise<void>((r) => session.child.once("exit", () => r()));
  session.child.kill("SIGTERM");
  await Promise.race([exited, sleep(3000)]);
  if (session.child.exitCode === null) session.child.kill("SIGKILL");
}

/**
 * Makes the edits one by one; `onEdit` gets the edit's marker and a `save` that writes the file, and
 * resolves with the moment the result was seen. The files are restored afterwards.
 */
async function runEdits(options: WatchOptions, label: string, onEdit: (marker: string, save: () => void) => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
  const originals = new Map<string, string>();
  try {
    for (const [i, fn] of editTargets(options.project, options.edits).entries()) {
      const file = join(options.root, fn.file);
      const current = readFileSync(file, "utf8");
      if (!originals.has(file)) originals.set(file, current);
      const { text, marker } = editSummary(current, fn, i + 1);
      let saved = 0;
      const doneAt = await onEdit(marker, () => {
        saved = performance.now();
        writeFileSync(file, text);
      });
      samples.push(doneAt - saved);
      options.log(`  ${label} edit ${i + 1}/${options.edits} (${fn.name}): ${formatNumber(doneAt - saved)} ms`);
      await sleep(SETTLE_MS);
    }
  } finally {
    for (const [file, text] of originals) writeFileSync(file, text);
  }
  return samples;
}

export interface OurWatch {
  /** Save to regenerated output on disk, per edit. */
  readonly samples: number[];
  /** The regeneration time the watch process itself printed for each edit's cycle. */
  readonly reported: number[];
}

export async function measureOurs(options: WatchOptions): Promise<OurWatch> {
  const outDir = join(options.root, "..", "watch-out");
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, "tools.json");
  const registry = join(outDir, "registry.ts");
  const pyi = join(outDir, "tools.pyi");
  const dts = join(outDir, "tools.d.ts");
  const outputs = [out, ...(options.registry ? [registry] : []), ...(options.stubs ? [pyi, dts] : [])];
  const args = [
    ...CODEGEN_ARGS,
    "--json",
    out,
    ...(options.registry ? ["--out", registry] : []),
    ...(options.stubs ? ["--pyi", pyi, "--dts", dts] : []),
    "--watch",
    ...(options.engine ? ["--engine", options.engine] : []),
  ];
  const command: [string, string[]] = options.bin !== undefined ? [process.execPath, [...(options.nodeFlags ?? []), options.bin, ...args]] : toolsmithCommand(args, options.nodeFlags);
  const session = start(command, options.root);
  try {
    const started = performance.now();
    await waitFor(outDir, () => existsSync(out) && (JSON.parse(readFileSync(out, "utf8")) as unknown[]).length === options.project.functions.length, START_TIMEOUT_MS).catch((e: Error) => {
      throw new Error(`${e.message}; watch output:\n${session.output().slice(-2000)}`);
    });
    options.log(`  toolsmith --watch: first output after ${formatNumber(performance.now() - started)} ms`);
    await sleep(SETTLE_MS);
    const reported: number[] = [];
    const lastReported = (): number | undefined => {
      const all = [...session.output().matchAll(/\((\d+) ms\)/g)];
      const last = all[all.length - 1]?.[1];
      return last === undefined ? undefined : Number(last);
    };
    const samples = await runEdits(options, "toolsmith --watch", async (marker, save) => {
      // Each output is read until it holds the marker, then no more (the module is ~4 MB: reading it on the
      // JSON's event too would hold that event up).
      const seen = new Set<string>();
      const holds = (file: string) => seen.has(file) || (readFileSync(file, "utf8").includes(marker) && seen.add(file).has(file));
      const done = waitFor(outDir, () => outputs.every(holds), EDIT_TIMEOUT_MS, outputs.map((file) => basename(file)));
      save();
      const at = await done;
      await sleep(20); // the cycle's log line follows the write
      const cycle = lastReported();
      if (cycle !== undefined) reported.push(cycle);
      return at;
    });
    return { samples, reported };
  } finally {
    await stop(session);
  }
}

async function measureTscWatch(options: WatchOptions): Promise<number[]> {
  const session = start([process.execPath, [TSC6, "-p", "tsconfig.json", "--noEmit", "--watch", "--preserveWatchOutput"]], options.root);
  const ready = (count: number) => (): boolean => (session.output().match(/Watching for file changes/g) ?? []).length >= count;
  try {
    await waitFor(dirname(join(options.root, "src/models.ts")), ready(1), START_TIMEOUT_MS);
    await sleep(SETTLE_MS);
    let rounds = 1;
    return await runEdits(options, "tsc 6 --watch", async (_marker, save) => {
      rounds += 1;
      const want = ready(rounds);
      const done = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("tsc --watch did not report")), EDIT_TIMEOUT_MS);
        const onData = (): void => {
          if (want()) {
            clearTimeout(timer);
            session.child.stdout?.off("data", onData);
            resolve(performance.now());
          }
        };
        session.child.stdout?.on("data", onData);
      });
      save();
      return await done;
    });
  } finally {
    await stop(session);
  }
}

export async function runWatch(options: WatchOptions): Promise<SuiteResult> {
  const section = "codegen incremental (--watch, 1-fn edit)";
  const rows: Row[] = [];
  const notes: string[] = [];
  const targets: Target[] = [];
  if (existsSync(CODEGEN_CLI)) {
    const { samples, reported } = await measureOurs(options);
    const stats = summarize(samples);
    if (reported.length > 0) {
      notes.push(
        `watch: the watch process itself reports ${formatNumber(summarize(reported).median)} ms (median) per regeneration cycle; the rest of the save-to-disk time is the file events' delivery, the 2 ms it waits before reading a saved file, and this bench noticing the new output (a cycle runs during the 10 ms quiet period, not after it).`,
      );
    }
    rows.push({ section, tool: "toolsmith codegen --watch", ours: true, unit: "ms", stats, note: "save -> JSON on disk" });
    targets.push({ section, goal: "< 150 ms from save to regenerated output", measured: `${formatNumber(stats.median)} ms median, ${formatNumber(stats.max)} ms max`, met: stats.median < 150 });
  } else {
    notes.push("watch: packages/codegen/src/cli.ts does not exist yet, so ours was not measured.");
    targets.push({ section, goal: "< 150 ms from save to regenerated output", measured: "not measured", met: undefined });
  }
  const tsc = await measureTscWatch(options);
  rows.push({ section, tool: "tsc --watch --noEmit (TypeScript 6.0)", ours: false, unit: "ms", stats: summarize(tsc), note: "save -> re-check done" });
  return { rows, targets, notes };
}
