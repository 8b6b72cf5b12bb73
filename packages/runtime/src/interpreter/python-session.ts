import type { HostBridge } from "./bridge.js";
import { capText, TRUNCATION_NOTE, type CellResult, type RunOptions } from "./cell.js";
import { PythonProcess, type ChildDeath, type PythonProcessOptions } from "./python-process.js";
import { oneAtATime } from "./one-at-a-time.js";
import type { InterpreterSession, ProducedFile, PythonBackendOptions, SessionFiles } from "./session.js";
import { DEFAULT_OUTPUT_LIMITS, OutputFolder, readInputs, resolveInputs, type InputEntry, type OutputLimits } from "./workspace.js";

/** The pyodide backend's options: every Python backend's and its own. */
export interface PythonSessionOptions extends PythonBackendOptions {
  /** Resident memory (MiB) at which the host kills the interpreter outright. Default memoryLimitMb + 384. */
  readonly processMemoryLimitMb?: number;
  /** Also run the interpreter in an empty network namespace where `unshare -rn` works. Default true. */
  readonly isolateNetwork?: boolean;
  /** Keep a preloaded interpreter ready so a restart does not pay Pyodide's cold start. Default true. */
  readonly warmSpare?: boolean;
}

const MiB = 2 ** 20;

function processOptions(options: PythonSessionOptions): PythonProcessOptions {
  const memoryLimitMb = options.memoryLimitMb ?? 512;
  return {
    wasmMemoryLimitBytes: memoryLimitMb * MiB,
    rssLimitBytes: (options.processMemoryLimitMb ?? memoryLimitMb + 384) * MiB,
    outputLimit: options.outputLimit ?? 20_000,
    isolateNetwork: options.isolateNetwork ?? true,
    startupTimeoutMs: options.startupTimeoutMs ?? 60_000,
  };
}

/**
 * Preloaded interpreters, one per distinct configuration, shared by all sessions of this host process.
 * A spare is started only after a process of the same configuration finished loading, so cold starts
 * never compete for the CPU.
 */
const spares = new Map<string, PythonProcess>();

function takeProcess(options: PythonProcessOptions, keepSpare: boolean): PythonProcess {
  const key = JSON.stringify(options);
  const spare = spares.get(key);
  spares.delete(key);
  const process = spare?.alive ? spare : new PythonProcess(options);
  if (spare && !spare.alive) spare.kill();
  if (keepSpare) {
    process.ready.then(
      () => {
        if (!spares.get(key)?.alive) spares.set(key, new PythonProcess(options));
      },
      () => {},
    );
  }
  return process;
}

/** Whether a call starting now would find a loaded interpreter for `options` (else it waits for a cold start). */
function spareLoaded(options: PythonProcessOptions): boolean {
  return spares.get(JSON.stringify(options))?.loaded === true;
}

/** Stops the preloaded spare interpreters (they never keep the host alive, but tests like a clean exit). */
export function closeWarmSpares(): void {
  for (const spare of spares.values()) spare.kill();
  spares.clear();
}

const deathMessages: Record<ChildDeath, (detail: string) => string> = {
  timeout: (detail) => `TimeoutError: ${detail}; the code was stopped.`,
  memory: (detail) => `MemoryError: ${detail}; the code was stopped.`,
  crashed: (detail) => `SystemError: ${detail}.`,
  protocol: (detail) => `SystemError: ${detail}; it was stopped.`,
};
const STATE_LOST_SINCE =
  "The Python interpreter stopped after the previous call and was restarted: every variable, function and import from earlier calls is gone.";
const BUSY_WHILE_IDLE =
  "The Python interpreter was still busy with leftover background work from an earlier call (a scheduled callback or task that never finished) and was restarted: every variable, function and import from earlier calls is gone.";
const STATE_LOST =
  "The Python interpreter was restarted: every variable, function and import from earlier calls is gone.";
const CANCELLED_SINCE =
  "The previous Python call was cancelled, which stopped the interpreter; it was restarted: every variable, function and import from earlier calls is gone.";
const COLD_START_NEXT =
  "No preloaded interpreter is ready yet: the next call first waits for one to load (a cold start, a few seconds); that wait does not count against its time limit.";

/**
 * A Python interpreter session for one conversation: state persists across `run` calls until `reset`
 * or a restart. The code runs in Pyodide inside a locked-down child process (see python-child.mjs);
 * calls are queued, one at a time.
 */
export class PythonSession implements InterpreterSession {
  readonly language = "python" as const;
  readonly backend = "pyodide" as const;
  private readonly processOptions: PythonProcessOptions;
  // Files: copied into each new child (its memory filesystem) before its first call; out/ copied back after each.
  private readonly inputs: readonly InputEntry[];
  private readonly output: OutputFolder | undefined;
  private readonly outputLimits: OutputLimits;
  private readonly outDir: string | undefined;
  private readonly filesSent = new WeakSet<PythonProcess>();
  private readonly timeoutMs: number;
  private readonly warmSpare: boolean;
  private current: PythonProcess | undefined;
  private readonly enqueue = oneAtATime();
  private closed = false;
  /** Where the current child's CPU clock stood when its last call ended: work after that is leftover. */
  private idleSince: { cpuMs: number; at: number } | undefined;
  /** A call was cancelled (its interpreter killed, state lost) and the canceller may not have shown that result. */
  private cancelledUnseen = false;

  constructor(options: PythonSessionOptions = {}) {
    this.processOptions = processOptions(options);
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.warmSpare = options.warmSpare ?? true;
    this.inputs = resolveInputs(options.files ?? []);
    this.outputLimits = { ...DEFAULT_OUTPUT_LIMITS, ...options.outputLimits };
    this.outDir = options.outDir;
    this.output = options.outDir !== undefined ? new OutputFolder(options.outDir, this.outputLimits) : undefined;
  }

  /** The input files and what was copied out so far. */
  files(): SessionFiles {
    return {
      inputs: this.inputs.map(({ name, bytes }) => ({ name, bytes })),
      ...(this.outDir !== undefined ? { outDir: this.outDir } : {}),
      produced: this.output?.list() ?? [],
    };
  }

  /** Copies the inputs into a child that has not had them yet (a fresh one, after a restart too). */
  private async sendFiles(process: PythonProcess): Promise<string | undefined> {
    if (this.filesSent.has(process) || (this.inputs.length === 0 && this.output === undefined)) return undefined;
    this.filesSent.add(process);
    const files = (await readInputs(this.inputs)).map(({ name, data }) => ({ name, data: data.toString("base64") }));
    const reply = await process.request(
      { type: "files", files, maxFileBytes: this.outputLimits.maxFileBytes, maxFiles: this.outputLimits.maxFiles },
      this.processOptions.startupTimeoutMs,
    );
    return reply.kind === "died" ? reply.detail : undefined;
  }

  /** Writes what the child sent back from out/ into the output folder. */
  private async receiveFiles(sent: readonly { name: string; data: string }[] | undefined): Promise<ProducedFile[]> {
    if (!this.output || !sent) return [];
    const produced: ProducedFile[] = [];
    let total = 0;
    for (const file of sent.slice(0, this.outputLimits.maxFiles)) {
      const bytes = Buffer.from(file.data, "base64");
      if (bytes.length > this.outputLimits.maxFileBytes || total + bytes.length > this.outputLimits.maxTotalBytes) continue;
      total += bytes.length;
      const written = await this.output.write(file.name, bytes).catch(() => undefined);
      if (written) produced.push(written);
    }
    return produced;
  }

  /** Loads the interpreter now rather than on the first call. */
  async start(): Promise<void> {
    await this.process().whenReady();
  }

  /** Runs `code` like a notebook cell: printed output plus the repr of the last expression. */
  run(code: string, options: RunOptions = {}): Promise<CellResult> {
    return this.enqueue(() => this.runNow(code, options.signal, options.bridge));
  }

  /** Forgets every variable (a fresh `__main__` namespace); imported modules stay loaded. */
  reset(): Promise<void> {
    return this.enqueue(async () => {
      const process = this.current;
      if (!process?.alive) return;
      await process.whenReady().catch(() => {});
      const reply = await process.request({ type: "reset" }, this.timeoutMs);
      if (reply.kind === "died") this.discard();
    });
  }

  /** Stops the interpreter; later calls fail. */
  close(): void {
    this.closed = true;
    this.discard();
  }

  private process(): PythonProcess {
    if (this.closed) throw new Error("PythonSession is closed");
    if (!this.current?.alive) this.current = takeProcess(this.processOptions, this.warmSpare);
    return this.current;
  }

  private discard(): void {
    this.current?.kill();
    this.current = undefined;
  }

  private async runNow(code: string, signal: AbortSignal | undefined, bridge?: HostBridge): Promise<CellResult> {
    if (signal?.aborted) return { ok: false, output: "", error: "Cancelled before it ran.", errorKind: "crashed" };
    // A cancelled call's own result said the state was lost, but a toolbox answers a cancelled call without
    // waiting for it, so the model may never have read that: this call says it.
    const cancelledBefore = this.cancelledUnseen;
    this.cancelledUnseen = false;
    // The interpreter may have died between calls (memory watch, a background task); the model must know.
    const diedSinceLastCall = this.current !== undefined && !this.current.alive;
    // Leftover work (a loop callback spinning) would eat this call's time limit: restart rather than blame the call.
    const busyWhileIdle = !diedSinceLastCall && this.busySinceLastCall();
    if (busyWhileIdle) this.discard();
    const process = this.process();
    const cancel = () => {
      this.cancelledUnseen = true;
      process.kill("crashed", "the call was cancelled");
    };
    signal?.addEventListener("abort", cancel, { once: true });
    try {
      const cell = await this.runIn(process, code, bridge);
      if (cell.stateLost) return cell;
      if (cancelledBefore) return { ...cell, notice: `[${CANCELLED_SINCE}]`, stateLost: true };
      if (busyWhileIdle) return { ...cell, notice: `[${BUSY_WHILE_IDLE}]`, stateLost: true };
      return diedSinceLastCall ? { ...cell, notice: `[${STATE_LOST_SINCE}]`, stateLost: true } : cell;
    } finally {
      signal?.removeEventListener("abort", cancel);
      // (a child still loading uses the CPU for that: only a loaded one's clock says anything about leftovers)
      const cpuMs = this.current?.loaded ? this.current.cpuTimeMs() : undefined;
      this.idleSince = cpuMs === undefined ? undefined : { cpuMs, at: performance.now() };
    }
  }

  /** Whether the child used a busy share of a CPU since its last call ended (an idle Pyodide uses next to none). */
  private busySinceLastCall(): boolean {
    const since = this.idleSince;
    const cpuMs = this.current?.alive ? this.current.cpuTimeMs() : undefined;
    if (since === undefined || cpuMs === undefined) return false;
    const used = cpuMs - since.cpuMs;
    return used >= 100 && used >= 0.25 * (performance.now() - since.at);
  }

  private async runIn(process: PythonProcess, code: string, bridge?: HostBridge): Promise<CellResult> {
    // The time limit is the code's own: waiting for the interpreter to load (a first start, or a replacement
    // after a restart that is still loading) does not count against it. That wait has its own bound, the
    // start-up limit, past which the process kills the child (and its message names that limit).
    try {
      await process.whenReady();
    } catch (error) {
      this.discard();
      return {
        ok: false,
        output: "",
        error: `SystemError: the Python interpreter could not start, so the code did not run: ${(error as Error).message}`,
        errorKind: "crashed",
      };
    }
    const filesFailed = await this.sendFiles(process);
    if (filesFailed !== undefined) {
      this.discard();
      return { ok: false, output: "", error: `SystemError: the input files could not be copied in: ${filesFailed}`, errorKind: "crashed" };
    }
    const reply = await process.request({ type: "run", code, ...(bridge ? { tools: bridge.pythonModule } : {}) }, this.timeoutMs, bridge);
    if (reply.kind === "died") {
      this.discard();
      const coldNext = this.warmSpare && spareLoaded(this.processOptions) ? "" : `\n${COLD_START_NEXT}`;
      return {
        ok: false,
        output: "",
        error: `${deathMessages[reply.reason](reply.detail)}\n${STATE_LOST}${coldNext}`,
        errorKind: reply.reason === "timeout" || reply.reason === "memory" ? reply.reason : "crashed",
        stateLost: true,
      };
    }
    const limit = this.processOptions.outputLimit;
    const output = capText(reply.output, limit);
    const hiddenOutput = reply.outputChars - reply.output.length;
    const outputText =
      hiddenOutput > 0 && !output.truncated
        ? `${reply.output}\n[output truncated: ${hiddenOutput} more characters not shown]\n`
        : output.text;
    const value = reply.value === undefined ? undefined : capText(reply.value, limit + 200);
    const error = reply.error === undefined ? undefined : capText(reply.error, limit + 200);
    const memoryError = reply.error !== undefined && /^MemoryError\b/m.test(reply.error);
    const files = await this.receiveFiles(reply.files);
    return {
      ...(files.length > 0 ? { files } : {}),
      ok: reply.ok,
      output: outputText,
      ...(value ? { value: value.text } : {}),
      ...(error ? { error: error.text, errorKind: memoryError ? ("memory" as const) : ("exception" as const) } : {}),
      ...(hiddenOutput > 0 || output.truncated || value?.truncated || reply.value?.includes(TRUNCATION_NOTE)
        ? { truncated: true }
        : {}),
    };
  }
}
