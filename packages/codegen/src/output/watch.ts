/**
 * `--watch`: one long-lived analyzer; directory watchers on the folders of the inputs and of the local
 * files they import, and on the globs' roots; debounced regeneration that re-reads only what changed and
 * writes only outputs whose text changed.
 * Errors in the input are printed and the previous outputs kept; the watch goes on.
 */
import { existsSync, readFileSync, statSync, watch, type FSWatcher } from "node:fs";
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
   * Quiet period after the last change before outputs are written. Default 10 ms: a save's events (one for
   * a plain write, two or three for an editor's truncate-and-write or backup-and-rename) arrive within
   * about 1 ms of each other, and within 8 ms on a CPU-saturated machine; a late event only costs a
   * second, unchanged cycle. An edit of files already read is analyzed at once, during the quiet period,
   * and its outputs written only if the files still hold what was analyzed once it is over (see
   * `speculate` below); other changes (new or deleted files, tsconfig edits) wait it out first.
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

/** How long after a save's first event its content is read for a speculative cycle (see `speculate`). */
const SPECULATION_DELAY_MS = 2;

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

  /**
   * `settled` (a cycle started early by `speculate`): awaited once the analysis is done, before anything
   * is printed or written; false drops the cycle's result.
   */
  const regenerate = async (changed: readonly string[], settled?: () => Promise<boolean>): Promise<void> => {
    const started = performance.now();
    const importsMoved = imports.rescan(changed);
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
    // An edit of files already read that left their imports as they were leaves the closure as it was.
    if (!contentOnly || importsMoved) {
      watched = imports.closure(files);
      syncWatchers();
    }
    const shaped = shape(analyzer.analyze());
    const { result } = shaped;
    if (settled && !(await settled())) return;
    if (!reportDiagnostics(result, io)) {
      finish({ ok: false, written: [], diagnostics: result.diagnostics }, "errors; outputs kept");
      return;
    }
    try {
      const report = writeOutputsAtomically(renderOutputs(result.tools, plan, shaped), writtenOutputs);
      const what = summarizeTools(result, files.length);
      const line = report.written.length ? `${what}: wrote ${listPaths(report.written, io.cwd)}` : `${what}: unchanged`;
      finish({ ok: true, written: report.written, diagnostics: result.diagnostics }, line);
    } catch (error) {
      io.stderr(`toolsmith codegen: could not write the outputs, none changed: ${(error as Error).message}`);
      finish({ ok: false, written: [], diagnostics: result.diagnostics }, "write failed; outputs kept");
    }
  };

  // A crash inside one cycle (a compiler bug, a file vanishing mid-read) must not end the watch.
  const safeRegenerate = async (changed: readonly string[], settled?: () => Promise<boolean>): Promise<void> => {
    try {
      await regenerate(changed, settled);
    } catch (error) {
      io.stderr(`toolsmith codegen: regeneration failed: ${(error as Error).stack ?? String(error)}`);
      options.onCycle?.({ ok: false, written: [], diagnostics: [], ms: 0 });
    }
  };

  /** Cycles queued or running: an event then waits its turn (`schedule`) rather than starting one. */
  let busy = 0;
  /** The file whose speculative cycle is about to start (`speculate`). */
  let starting: string | undefined;
  /**
   * What the latest cycle, a speculative one, read from the file it analyzed: a later event of the same
   * save finds the file holding it and costs nothing. Any other cycle forgets it.
   */
  let analyzedContent: { readonly file: string; readonly content: Buffer } | undefined;
  /** Files of the regular cycles queued and not started yet: such a cycle reads them as they are when it starts. */
  const queuedFiles = new Map<string, number>();
  const enqueue = (changed: readonly string[], settled?: () => Promise<boolean>) => {
    if (!settled) {
      analyzedContent = undefined;
      for (const file of changed) queuedFiles.set(file, (queuedFiles.get(file) ?? 0) + 1);
    }
    busy += 1;
    running = running
      .then(() => {
        if (!settled) {
          for (const file of changed) {
            const left = (queuedFiles.get(file) ?? 1) - 1;
            if (left > 0) queuedFiles.set(file, left);
            else queuedFiles.delete(file);
          }
        }
        return closed ? undefined : safeRegenerate(changed, settled);
      })
      .finally(() => {
        busy -= 1;
      });
  };

  // Cycles run one after another; changes arriving meanwhile are batched into the next one.
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const changed = [...pending];
      pending.clear();
      // A speculative cycle may have taken these changes already.
      if (changed.length > 0) enqueue(changed);
    }, debounceMs);
  };

  /**
   * The first event of a save of a file already read starts its cycle at once, the file's content as
   * it is now noted, instead of after the quiet period: the analysis runs while the period runs. Its
   * outputs are written only when, the period over, every changed file still holds that content and no
   * other file changed; else the cycle is dropped and a normal one follows. The period is counted from
   * the files' modification times, not from when events are delivered (late, after a busy cycle), so an
   * editor's truncate-then-write never reaches the outputs, and a save's second event costs no cycle.
   * True when the event is taken care of that way.
   */
  const speculate = (file: string): boolean => {
    if (starting !== undefined) return starting === file;
    if (busy > 0 || timer !== undefined || pending.size > 0 || analyzer === undefined) return false;
    if (!watched.has(file) || configs.has(file) || imports.missing.has(file)) return false;
    // The save's first event can come before the writer has written (it truncates first): its content is
    // read a moment later, the events meanwhile being the same save's.
    starting = file;
    setTimeout(() => {
      starting = undefined;
      if (closed) return;
      if (pending.size > 0 || timer !== undefined || !startSpeculation(file)) {
        pending.add(file);
        schedule();
      }
    }, SPECULATION_DELAY_MS);
    return true;
  };
  const startSpeculation = (file: string): boolean => {
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch {
      return false;
    }
    analyzedContent = { file, content };
    const dropped = (): false => {
      if (analyzedContent?.content === content) analyzedContent = undefined;
      // A regular cycle queued meanwhile (the quiet period of the save's later events ran out first) reads
      // the file's new content: another one would only find it unchanged.
      if (!queuedFiles.get(file)) {
        pending.add(file);
        schedule();
      }
      return false;
    };
    const settled = async (): Promise<boolean> => {
      try {
        // At most a few periods: a modification time in the future (a skewed network clock) must not stall it.
        for (let round = 0; round < 20; round++) {
          const quietFor = Date.now() - statSync(file).mtimeMs;
          if (quietFor >= debounceMs) break;
          await new Promise((resolve) => setTimeout(resolve, Math.min(debounceMs, debounceMs - quietFor)));
        }
        if ([...pending].some((other) => other !== file) || !sameContent(file, content)) return dropped();
      } catch {
        return dropped();
      }
      // This save's later events are this cycle's own.
      pending.delete(file);
      if (pending.size === 0 && timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
      return true;
    };
    enqueue([file], settled);
    return true;
  };

  const onEvent = (directory: string, filename: string | Buffer | null) => {
    if (closed || filename === null) return;
    const file = path.resolve(directory, filename.toString());
    // Our own outputs and their temporaries change on every write: they are not inputs.
    if (outputs.includes(file) || outputs.some((output) => path.basename(file).startsWith(`.${path.basename(output)}.`))) return;
    if (!SOURCE_FILE.test(file)) return;
    if (analyzedContent?.file === file && sameContent(file, analyzedContent.content)) return;
    if (speculate(file)) return;
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
  enqueue([]);
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

function sameContent(file: string, content: Buffer): boolean {
  try {
    return readFileSync(file).equals(content);
  } catch {
    return false;
  }
}

function sameFiles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((file, i) => file === b[i]);
}
