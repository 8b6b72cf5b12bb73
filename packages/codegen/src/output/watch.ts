/**
 * `--watch`: one long-lived analyzer; directory watchers on the folders of the inputs and of the local
 * files they import, and on the globs' roots; debounced regeneration that re-reads only what changed and
 * writes only outputs whose text changed.
 * Errors in the input are printed and the previous outputs kept; the watch goes on.
 */
import { existsSync, watch, type FSWatcher } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { engineFor, loadEngine } from "../engine-choice.js";
import { configChain } from "../config-chain.js";
import { expandInputs, watchRoots } from "../commands/inputs.js";
import {
  createShaper,
  listPaths,
  outputPaths,
  renderOutputs,
  reportDiagnostics,
  summarizeTools,
  type CommandIO,
  type OutputPlan,
} from "../commands/generate.js";
import type { Analyzer, Diagnostic, Engine } from "../model.js";
import { writeOutputsAtomically } from "./atomic-write.js";
import { LocalImports } from "./local-imports.js";
import { WrittenOutputs } from "./written-outputs.js";

export interface WatchOptions {
  /** Files and globs as given on the command line (relative to `io.cwd`). */
  patterns: readonly string[];
  plan: OutputPlan;
  io: CommandIO;
  tsconfig?: string;
  /** Which TypeScript reads the inputs (default: ts7 where it is installed, else ts6). */
  engine?: Engine;
  /**
   * Quiet period after the last change before regenerating. Default 10 ms: a save's events (one for a
   * plain write, two or three for an editor's truncate-and-write or backup-and-rename) arrive within about
   * 1 ms of each other, and within 8 ms on a CPU-saturated machine; a late event only costs a second,
   * unchanged cycle.
   */
  debounceMs?: number;
  /** Called after every regeneration (the first one included): lets tests and tools follow the watch. */
  onCycle?: (cycle: WatchCycle) => void;
}

export interface WatchCycle {
  /** False when the input had errors (or no input matched): the outputs were left as they were. */
  ok: boolean;
  written: string[];
  diagnostics: Diagnostic[];
  ms: number;
}

export interface WatchHandle {
  /** Stops watching; resolves once a regeneration in progress has finished. */
  close(): Promise<void>;
}

const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|json)$/;

export async function watchCodegen(options: WatchOptions): Promise<WatchHandle> {
  const { io, plan } = options;
  const debounceMs = options.debounceMs ?? 10;
  const outputs = outputPaths(plan);
  const analyzeOptions = {
    style: plan.style,
    strict: plan.strict,
    cwd: io.cwd,
    ...(options.tsconfig ? { tsconfig: options.tsconfig } : {}),
  };
  const engine = engineFor(options);
  const { createAnalyzer } = await loadEngine(engine);

  let files: string[] = [];
  /** The inputs and the local files they import: what an edit must touch to matter. */
  let watched = new Set<string>();
  let analyzer: Analyzer | undefined;
  /** The tsconfig in use and the configs it extends: an edit of one changes the compiler options. */
  let configs = new Set<string>();
  // Kept across cycles so one edit costs one file's worth of work outside the analysis too.
  const imports = new LocalImports();
  const shape = createShaper(plan);
  const writtenOutputs = new WrittenOutputs();
  const watchers = new Map<string, FSWatcher>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  const regenerate = async (changed: readonly string[]): Promise<void> => {
    const started = performance.now();
    imports.forget(changed);
    // An edit of files already read (inputs or their imports, still there) cannot change what the
    // globs match: the walk over the input folders is skipped (the common one-file save).
    const contentOnly = analyzer !== undefined && changed.length > 0 && changed.every((file) => watched.has(file) && !configs.has(file) && existsSync(file));
    const inputs = contentOnly ? { files, problems: [] } : await expandInputs(options.patterns, io.cwd, outputs);
    const finish = (cycle: Omit<WatchCycle, "ms">, line: string) => {
      const ms = Math.round(performance.now() - started);
      io.stdout(`[${new Date().toLocaleTimeString("en-GB")}] ${line} (${ms} ms)`);
      options.onCycle?.({ ...cycle, ms });
    };
    if (inputs.problems.length > 0) {
      for (const problem of inputs.problems) io.stderr(`toolsmith codegen: ${problem}`);
      finish({ ok: false, written: [], diagnostics: [] }, "input problems; outputs kept");
      return;
    }
    // A missing import that now exists changes how its importer resolves: start the analysis afresh.
    // So does an edit of the tsconfig (new compiler options).
    const appeared = changed.some((file) => imports.missing.has(file) || configs.has(file));
    if (analyzer === undefined || appeared || !sameFiles(files, inputs.files)) {
      files = inputs.files;
      analyzer?.close?.();
      analyzer = createAnalyzer({ files, engine, ...analyzeOptions });
      configs = new Set(configChain(files, options.tsconfig));
    } else {
      // Only inputs and files they import are the analysis's business (a new unrelated file is not an input).
      const relevant = changed.filter((file) => watched.has(file));
      if (relevant.length === 0) return;
      analyzer.update(relevant);
    }
    watched = imports.closure(files);
    syncWatchers();
    const { result, schemasJson } = shape(analyzer.analyze());
    if (!reportDiagnostics(result, io)) {
      finish({ ok: false, written: [], diagnostics: result.diagnostics }, "errors; outputs kept");
      return;
    }
    try {
      const report = await writeOutputsAtomically(renderOutputs(result.tools, plan, schemasJson), writtenOutputs);
      const what = summarizeTools(result, files.length);
      const line = report.written.length ? `${what}: wrote ${listPaths(report.written, io.cwd)}` : `${what}: unchanged`;
      finish({ ok: true, written: report.written, diagnostics: result.diagnostics }, line);
    } catch (error) {
      io.stderr(`toolsmith codegen: could not write the outputs, none changed: ${(error as Error).message}`);
      finish({ ok: false, written: [], diagnostics: result.diagnostics }, "write failed; outputs kept");
    }
  };

  // A crash inside one cycle (a compiler bug, a file vanishing mid-read) must not end the watch.
  const safeRegenerate = async (changed: readonly string[]): Promise<void> => {
    try {
      await regenerate(changed);
    } catch (error) {
      io.stderr(`toolsmith codegen: regeneration failed: ${(error as Error).stack ?? String(error)}`);
      options.onCycle?.({ ok: false, written: [], diagnostics: [], ms: 0 });
    }
  };

  // Cycles run one after another; changes arriving meanwhile are batched into the next one.
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const changed = [...pending];
      pending.clear();
      running = running.then(() => (closed ? undefined : safeRegenerate(changed)));
    }, debounceMs);
  };

  const onEvent = (directory: string, filename: string | Buffer | null) => {
    if (closed || filename === null) return;
    const file = path.resolve(directory, filename.toString());
    // Our own outputs and their temporaries change on every write: they are not inputs.
    if (outputs.includes(file) || outputs.some((output) => path.basename(file).startsWith(`.${path.basename(output)}.`))) return;
    if (!SOURCE_FILE.test(file)) return;
    pending.add(file);
    schedule();
  };

  const syncWatchers = () => {
    const wanted = new Map<string, boolean>();
    for (const file of [...watched, ...imports.missing, ...configs]) wanted.set(path.dirname(file), wanted.get(path.dirname(file)) ?? false);
    for (const root of watchRoots(options.patterns, io.cwd)) wanted.set(root.directory, root.recursive || (wanted.get(root.directory) ?? false));
    for (const [key, watcher] of watchers) {
      const [directory, recursive] = [key.slice(2), key.startsWith("r:")];
      if (wanted.get(directory) !== recursive) {
        watcher.close();
        watchers.delete(key);
      }
    }
    for (const [directory, recursive] of wanted) {
      const key = `${recursive ? "r" : "f"}:${directory}`;
      if (watchers.has(key)) continue;
      try {
        const watcher = watch(directory, { recursive }, (_event, filename) => onEvent(directory, filename));
        watcher.on("error", () => undefined);
        watchers.set(key, watcher);
      } catch {
        // A folder that does not exist (yet) cannot be watched; the next regeneration tries again.
      }
    }
  };

  syncWatchers();
  running = safeRegenerate([]);
  await running;

  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      await running;
      analyzer?.close?.();
    },
  };
}

function sameFiles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((file, i) => file === b[i]);
}
