import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { answerGuestCall, type HostBridge } from "./bridge.js";
import { capText, TRUNCATION_NOTE, type CellResult, type RunOptions } from "./cell.js";
import { entryFile, packageDir } from "./sandbox-paths.js";
import { oneAtATime } from "./one-at-a-time.js";
import type { FileOptions, InterpreterSession, InterpreterSessionOptions, ProducedFile, SessionFiles } from "./session.js";
import { DEFAULT_OUTPUT_LIMITS, OutputFolder, resolveInputs, type InputEntry } from "./workspace.js";

/** The quickjs backend's options: every backend's and its own. */
export interface JavaScriptSessionOptions extends InterpreterSessionOptions {
  /** QuickJS stack limit in KiB: deep recursion ends in an error instead of taking the host down. Default 256. */
  readonly stackSizeKb?: number;
  /** How long past the deadline to wait for the interrupt before terminating the worker. Default 1000. */
  readonly hardStopGraceMs?: number;
}

type WorkerReply =
  | {
      kind: "result";
      ok: boolean;
      output: string;
      outputChars: number;
      value?: string;
      error?: string;
      errorKind?: CellResult["errorKind"];
      written?: { name: string; text: string }[];
      /** The heap was still mostly full after an out-of-memory error: the worker must be replaced. */
      memoryFull?: boolean;
    }
  | { kind: "died"; reason: "timeout" | "memory" | "crashed"; detail: string };

const MiB = 2 ** 20;
const STATE_LOST =
  "The JavaScript interpreter was restarted: every variable and function from earlier calls is gone.";
const MEMORY_CLEARED =
  "[The interpreter's memory was still full after this error, so it was restarted to free it: every variable and function from earlier calls is gone.]";
const CANCELLED_SINCE =
  "[The previous JavaScript call was cancelled, which stopped the interpreter; it was restarted: every variable and function from earlier calls is gone.]";

function parseReply(message: unknown, id: number, limit: number): WorkerReply | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const m = message as Record<string, unknown>;
  if (m["id"] !== id) return undefined;
  if (m["type"] === "fatal") {
    return { kind: "died", reason: "crashed", detail: `the interpreter failed: ${String(m["message"]).slice(0, 500)}` };
  }
  if (m["type"] !== "result" || typeof m["ok"] !== "boolean") return undefined;
  const text = (key: string) => (typeof m[key] === "string" ? (m[key] as string).slice(0, limit + 200) : undefined);
  const errorKind = m["errorKind"];
  const written = Array.isArray(m["written"])
    ? (m["written"] as unknown[]).filter(
        (file): file is { name: string; text: string } =>
          typeof (file as { name?: unknown })?.name === "string" && typeof (file as { text?: unknown })?.text === "string",
      )
    : [];
  const value = text("value");
  const error = text("error");
  return {
    kind: "result",
    ok: m["ok"],
    output: text("output") ?? "",
    outputChars: typeof m["outputChars"] === "number" ? m["outputChars"] : 0,
    ...(value === undefined ? {} : { value }),
    ...(error === undefined ? {} : { error }),
    ...(errorKind === "timeout" || errorKind === "memory" || errorKind === "exception" ? { errorKind } : {}),
    ...(written.length > 0 ? { written } : {}),
    ...(m["memoryFull"] === true ? { memoryFull: true } : {}),
  };
}

let requestIds = 0;

// Compiling QuickJS's wasm is most of a cold start; a compiled module can be shared by every worker.
// (typed loosely: the project's TypeScript lib has no WebAssembly declarations)
type CompiledModule = object;
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<CompiledModule> } };
let compiled: Promise<CompiledModule | undefined> | undefined;
function compiledQuickJS(): Promise<CompiledModule | undefined> {
  compiled ??= readFile(join(packageDir("@jitl/quickjs-wasmfile-release-sync"), "dist", "emscripten-module.wasm"))
    .then((bytes) => wasm.compile(bytes))
    .catch(() => undefined); // the worker then loads it the usual way
  return compiled;
}

type WorkerOptions = Required<Omit<JavaScriptSessionOptions, keyof FileOptions>>;

/** One worker thread holding a QuickJS runtime and context. */
class QuickJSWorker {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private pending:
    | {
        id: number;
        resolve: (reply: WorkerReply) => void;
        timer: NodeJS.Timeout;
        // code mode: the code's clock stops while a tool call is out (the worker moves its own deadline too)
        remainingMs: number;
        runningSince: number;
        callsOut: number;
        bridge: HostBridge | undefined;
      }
    | undefined;
  private death: { reason: "timeout" | "memory" | "crashed"; detail: string } | undefined;
  private exited = false;

  constructor(
    private readonly options: WorkerOptions,
    files: readonly { name: string; text: string }[],
    fileAccess: boolean,
  ) {
    this.worker = new Worker(entryFile("quickjs-worker.mjs"), {
      workerData: {
        files,
        fileAccess,
        maxOutFileChars: DEFAULT_OUTPUT_LIMITS.maxFileBytes,
        memoryLimitBytes: options.memoryLimitMb * MiB,
        stackSizeBytes: options.stackSizeKb * 1024,
        outputLimit: options.outputLimit,
      },
      // the worker's own V8 heap; QuickJS lives in a wasm memory with its own cap
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 32 },
      stdin: false,
      stdout: true,
      stderr: true,
      env: {},
    });
    void compiledQuickJS().then((wasmModule) => this.worker.postMessage({ type: "init", wasmModule }));
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if ((message as { type?: unknown } | null)?.type === "ready") {
          this.worker.off("message", onMessage);
          resolve();
        }
      };
      this.worker.on("message", onMessage);
      this.worker.once("exit", () => reject(new Error(this.death?.detail ?? "the interpreter worker stopped while starting")));
    });
    this.ready.catch(() => {});
    this.worker.on("message", (message: unknown) => {
      const pending = this.pending;
      if (!pending) return;
      const call = message as { type?: unknown; id?: unknown; callId?: unknown; name?: unknown; args?: unknown } | null;
      if (call?.type === "call" && call.id === pending.id) {
        this.answerCall(pending, call.callId, call.name, call.args);
        return;
      }
      const reply = parseReply(message, pending.id, options.outputLimit);
      if (reply) this.settle(reply);
    });
    this.worker.on("error", (error: Error & { code?: string }) => {
      this.death ??=
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? { reason: "memory", detail: "the interpreter ran out of memory" }
          : { reason: "crashed", detail: `the interpreter failed: ${error.message}` };
    });
    this.worker.on("exit", () => {
      this.exited = true;
      this.settle({ kind: "died", ...(this.death ?? { reason: "crashed", detail: "the interpreter stopped" }) });
    });
    this.worker.unref();
  }

  get alive(): boolean {
    return !this.exited && this.death === undefined;
  }

  request(message: { type: "run"; code: string; tools?: string } | { type: "reset" }, timeoutMs: number, bridge?: HostBridge): Promise<WorkerReply> {
    if (!this.alive) return Promise.resolve({ kind: "died", ...(this.death ?? { reason: "crashed", detail: "the interpreter is not running" }) });
    const id = ++requestIds;
    this.worker.ref();
    return new Promise<WorkerReply>((resolve) => {
      const timer = this.hardStop(timeoutMs, timeoutMs + this.options.hardStopGraceMs);
      this.pending = { id, resolve, timer, remainingMs: timeoutMs + this.options.hardStopGraceMs, runningSince: performance.now(), callsOut: 0, bridge };
      this.worker.postMessage({ ...message, id, timeoutMs });
    });
  }

  private hardStop(limitMs: number, afterMs: number): NodeJS.Timeout {
    return setTimeout(
      () => this.stop("timeout", `execution exceeded the ${limitMs / 1000} s time limit inside a built-in that could not be interrupted`),
      afterMs,
    );
  }

  /** Code mode: a tool call from the guest (untrusted name and JSON text), answered through the run's bridge. */
  private answerCall(pending: NonNullable<QuickJSWorker["pending"]>, callId: unknown, name: unknown, args: unknown): void {
    if (pending.callsOut === 0) {
      clearTimeout(pending.timer);
      pending.remainingMs -= performance.now() - pending.runningSince;
    }
    pending.callsOut += 1;
    const answered = answerGuestCall(pending.bridge, name, args);
    void answered.then((reply) => {
      if (this.pending !== pending || !this.alive) return;
      pending.callsOut -= 1;
      if (pending.callsOut === 0) {
        pending.runningSince = performance.now();
        pending.timer = this.hardStop(this.options.timeoutMs, Math.max(0, pending.remainingMs));
      }
      this.worker.postMessage({ type: "reply", id: pending.id, callId, reply });
    });
  }

  stop(reason: "timeout" | "memory" | "crashed" = "crashed", detail = "the interpreter was stopped"): void {
    this.death ??= { reason, detail };
    if (!this.exited) void this.worker.terminate();
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    this.worker.unref();
    pending.resolve(reply);
  }
}

/**
 * A JavaScript interpreter session for one conversation: QuickJS (compiled to wasm) in a worker
 * thread, so the guest sees only the language and `console`, never Node. State persists across
 * `run` calls until `reset`, a hard stop or a crash.
 */
export class JavaScriptSession implements InterpreterSession {
  readonly language = "javascript" as const;
  readonly backend = "quickjs" as const;
  private readonly options: WorkerOptions;
  // Files: input texts handed to each new worker; what the guest writes under out/ is copied to the host.
  private readonly inputs: readonly InputEntry[];
  private inputTexts: { name: string; text: string }[] | undefined;
  private readonly output: OutputFolder | undefined;
  private readonly outDir: string | undefined;
  private current: QuickJSWorker | undefined;
  private readonly enqueue = oneAtATime();
  private closed = false;
  /** A call was cancelled (its worker stopped, state lost) and the canceller may not have shown that result. */
  private cancelledUnseen = false;

  constructor(options: JavaScriptSessionOptions = {}) {
    this.options = {
      timeoutMs: options.timeoutMs ?? 5_000,
      memoryLimitMb: options.memoryLimitMb ?? 128,
      stackSizeKb: options.stackSizeKb ?? 256,
      outputLimit: options.outputLimit ?? 20_000,
      hardStopGraceMs: options.hardStopGraceMs ?? 1_000,
    };
    this.inputs = resolveInputs(options.files ?? []);
    this.outDir = options.outDir;
    this.output = options.outDir !== undefined ? new OutputFolder(options.outDir) : undefined;
  }

  /** The input files and what was copied out so far. */
  files(): SessionFiles {
    return {
      inputs: this.inputs.map(({ name, bytes }) => ({ name, bytes })),
      ...(this.outDir !== undefined ? { outDir: this.outDir } : {}),
      produced: this.output?.list() ?? [],
    };
  }

  /** The inputs as text (QuickJS has strings, not bytes): read once, lazily. */
  private texts(): { name: string; text: string }[] {
    this.inputTexts ??= this.inputs.map((input) => ({ name: input.name, text: readFileSync(input.hostPath, "utf8") }));
    return this.inputTexts;
  }

  private async receiveFiles(written: readonly { name: string; text: string }[] | undefined): Promise<ProducedFile[]> {
    if (!this.output || !written) return [];
    const produced: ProducedFile[] = [];
    for (const file of written.slice(0, this.output.limits.maxFiles)) {
      const saved = await this.output.write(file.name, Buffer.from(file.text, "utf8")).catch(() => undefined);
      if (saved) produced.push(saved);
    }
    return produced;
  }

  /** Starts the interpreter now rather than on the first call. */
  async start(): Promise<void> {
    await this.worker().ready;
  }

  /** Runs `code` as a script: console output plus the value of the last expression (awaited if a promise). */
  run(code: string, options: RunOptions = {}): Promise<CellResult> {
    return this.enqueue(() => this.runNow(code, options.signal, options.bridge));
  }

  /** A fresh global scope; the runtime stays loaded. */
  reset(): Promise<void> {
    return this.enqueue(async () => {
      const worker = this.current;
      if (!worker?.alive) return;
      const reply = await worker.request({ type: "reset" }, this.options.timeoutMs);
      if (reply.kind === "died") this.discard();
    });
  }

  close(): void {
    this.closed = true;
    this.discard();
  }

  private worker(): QuickJSWorker {
    if (this.closed) throw new Error("JavaScriptSession is closed");
    if (!this.current?.alive) this.current = new QuickJSWorker(this.options, this.texts(), this.inputs.length > 0 || this.output !== undefined);
    return this.current;
  }

  private discard(): void {
    this.current?.stop();
    this.current = undefined;
  }

  private async runNow(code: string, signal: AbortSignal | undefined, bridge?: HostBridge): Promise<CellResult> {
    if (signal?.aborted) return { ok: false, output: "", error: "Cancelled before it ran.", errorKind: "crashed" };
    // A toolbox answers a cancelled call without waiting for its result: the next call says the state went.
    const cancelledBefore = this.cancelledUnseen;
    this.cancelledUnseen = false;
    const diedSinceLastCall = this.current !== undefined && !this.current.alive;
    const worker = this.worker();
    const cancel = () => {
      this.cancelledUnseen = true;
      worker.stop("crashed", "the call was cancelled");
    };
    signal?.addEventListener("abort", cancel, { once: true });
    try {
      const cell = await this.runIn(worker, code, bridge);
      if (cancelledBefore && !cell.stateLost) return { ...cell, notice: CANCELLED_SINCE, stateLost: true };
      return diedSinceLastCall && !cell.stateLost
        ? { ...cell, notice: "[The JavaScript interpreter stopped after the previous call and was restarted: every variable and function from earlier calls is gone.]", stateLost: true }
        : cell;
    } finally {
      signal?.removeEventListener("abort", cancel);
    }
  }

  private async runIn(worker: QuickJSWorker, code: string, bridge?: HostBridge): Promise<CellResult> {
    try {
      await worker.ready;
    } catch (error) {
      this.discard();
      return { ok: false, output: "", error: `Error: the JavaScript interpreter could not start: ${(error as Error).message}`, errorKind: "crashed" };
    }
    const reply = await worker.request({ type: "run", code, ...(bridge ? { tools: bridge.javascriptPrelude } : {}) }, this.options.timeoutMs, bridge);
    if (reply.kind === "died") {
      this.discard();
      const name = reply.reason === "timeout" ? "TimeoutError" : reply.reason === "memory" ? "RangeError" : "Error";
      return { ok: false, output: "", error: `${name}: ${reply.detail}; the code was stopped.\n${STATE_LOST}`, errorKind: reply.reason, stateLost: true };
    }
    // what fills the heap would fail every later call: a fresh worker frees it (the result says the state went)
    if (reply.memoryFull) this.discard();
    const limit = this.options.outputLimit;
    const hidden = reply.outputChars - reply.output.length;
    const output = hidden > 0 ? `${reply.output}\n[output truncated: ${hidden} more characters not shown]\n` : capText(reply.output, limit).text;
    const errorKind = reply.errorKind ?? "exception";
    const error =
      reply.error === undefined
        ? undefined
        : errorKind === "timeout"
          ? `TimeoutError: execution exceeded the ${this.options.timeoutMs / 1000} s time limit and was interrupted (variables from earlier calls are kept).`
          : reply.memoryFull
            ? `${reply.error}\n${MEMORY_CLEARED}`
            : reply.error;
    const files = await this.receiveFiles(reply.written);
    return {
      ...(files.length > 0 ? { files } : {}),
      ok: reply.ok,
      output,
      ...(reply.value === undefined ? {} : { value: reply.value }),
      ...(error === undefined ? {} : { error, errorKind }),
      ...(reply.memoryFull ? { stateLost: true } : {}),
      ...(hidden > 0 || reply.value?.includes(TRUNCATION_NOTE) ? { truncated: true } : {}),
    };
  }
}
