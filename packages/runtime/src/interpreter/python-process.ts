import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Socket } from "node:net";
import type { HostBridge } from "./bridge.js";
import { readLines } from "./line-channel.js";
import { watchMemory } from "./memory-watch.js";
import { entryFile, packageDir, permissionFlag, sandboxLauncher } from "./sandbox-paths.js";

export interface PythonProcessOptions {
  /** Cap on Pyodide's wasm heap; allocations past it raise MemoryError inside Python. */
  readonly wasmMemoryLimitBytes: number;
  /** Resident memory at which the host kills the child (the backstop for what the wasm cap misses). */
  readonly rssLimitBytes: number;
  /** Characters of output the child keeps per call. */
  readonly outputLimit: number;
  /** Run the child in an empty network namespace when `unshare -rn` works here. */
  readonly isolateNetwork: boolean;
  /** How long loading Pyodide may take before the child is given up on. */
  readonly startupTimeoutMs: number;
}

/** Why a child process ended while a call was running. */
export type ChildDeath = "timeout" | "memory" | "crashed" | "protocol";

export type ProcessReply =
  | {
      readonly kind: "result";
      readonly ok: boolean;
      readonly output: string;
      readonly outputChars: number;
      readonly value?: string;
      readonly error?: string;
      /** Files the code wrote into `out/` during this request (base64), when the session copies files out. */
      readonly files?: readonly OutFile[];
    }
  | { readonly kind: "died"; readonly reason: ChildDeath; readonly detail: string };

/** A file from the sandbox's `out/` folder, as the child sent it (untrusted: the host sanitises the name). */
export interface OutFile {
  readonly name: string;
  readonly data: string;
}

type Request =
  // tools: the Python source of the guest's `tools` module (code mode), installed before the code runs
  | { readonly type: "run"; readonly code: string; readonly tools?: string }
  | { readonly type: "reset" }
  // copy-in: input files (base64) into the working directory, and the caps on what comes back from out/
  | { readonly type: "files"; readonly files: readonly OutFile[]; readonly maxFileBytes: number; readonly maxFiles: number };

/** The longest `file` line the host accepts: a 20 MiB file, base64, plus its name. */
const MAX_FILE_LINE_CHARS = Math.ceil((20 * 2 ** 20) / 3) * 4 + 4096;

interface Pending {
  readonly id: number;
  readonly files: OutFile[];
  readonly resolve: (reply: ProcessReply) => void;
  timer: NodeJS.Timeout;
  /** The code's time left, and since when it is running: the clock stops while a tool call from code is out. */
  remainingMs: number;
  runningSince: number;
  readonly limitMs: number;
  callOut: boolean;
  readonly bridge: HostBridge | undefined;
}

/** The child's messages are untrusted: only well-formed replies to the request in flight count. */
/**
 * The longest line the child may send, and the host accepts. The child gets this number and shortens its
 * texts until the serialized line fits (JSON writes a control character as six), so only a broken or
 * hostile child ever crosses it. Room for output and a value or error at the limit, mostly escaped.
 */
export function maxMessageChars(outputLimit: number): number {
  return outputLimit * 12 + 65_536;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux the project runs on

/** utime + stime of a process in ms, from `/proc/PID/stat` (fields 14 and 15, counted after the `(comm)`). */
export function processCpuTimeMs(pid: number): number | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

export function parseResult(message: unknown, id: number, limit: number): ProcessReply | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const m = message as Record<string, unknown>;
  if (m["type"] !== "result" || m["id"] !== id || typeof m["ok"] !== "boolean") return undefined;
  const text = (key: string): string | undefined => {
    const value = m[key];
    // room for the child's own truncation note
    return typeof value === "string" ? value.slice(0, limit + 200) : undefined;
  };
  const output = text("output") ?? "";
  const outputChars = typeof m["outputChars"] === "number" && Number.isFinite(m["outputChars"]) ? m["outputChars"] : output.length;
  const value = text("value");
  const error = text("error");
  return {
    kind: "result",
    ok: m["ok"],
    output,
    outputChars: Math.max(outputChars, output.length),
    ...(value === undefined ? {} : { value }),
    ...(error === undefined ? {} : { error }),
  };
}

let requestIds = 0;

// Children still running when the host exits are killed with it (where the kernel does not already do
// that through the launcher's parent-death signal).
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const live of liveChildren) live.kill("SIGKILL");
    });
  }
}

/**
 * One locked-down Node child running Pyodide. It can be asked to run code or reset its globals, one
 * request at a time; whatever goes wrong in it (timeout, memory, crash, garbage on the channel) ends
 * the process and comes back as a `died` reply, never as an exception in the host.
 */
export class PythonProcess {
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private readonly channel: Socket;
  private readonly stopWatching: () => void;
  private pending: Pending | undefined;
  private killReason: { reason: ChildDeath; detail: string } | undefined;
  private exited = false;
  private isLoaded = false;
  private stderrTail = "";

  constructor(private readonly options: PythonProcessOptions) {
    const pyodide = packageDir("pyodide");
    const entry = entryFile("python-child.mjs");
    const nodeArgs = [
      permissionFlag(),
      `--allow-fs-read=${pyodide}/`,
      `--allow-fs-read=${entry}`,
      "--disallow-code-generation-from-strings",
      "--max-old-space-size=256",
      "--no-warnings",
      entry,
      pyodide,
      String(options.wasmMemoryLimitBytes),
      String(options.outputLimit),
      String(maxMessageChars(options.outputLimit)),
    ];
    const [command, ...args] = [...sandboxLauncher(options.isolateNetwork), process.execPath, ...nodeArgs] as [string, ...string[]];
    this.child = spawn(command, args, {
      env: {},
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      // a guest must never be able to read the user's terminal, so nothing is inherited
      windowsHide: true,
    });
    track(this.child);
    this.channel = this.child.stdio[3] as Socket;
    // Drain the child's own stdout/stderr so it can never block on a full pipe; keep a short tail for diagnostics.
    this.child.stdout?.resume();
    this.child.stderr?.setEncoding("utf8");
    this.child.stderr?.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2_000);
    });

    let markReady: () => void = () => {};
    let failReady: (error: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => {});
    const startupTimer = setTimeout(
      () => this.kill("crashed", `Pyodide did not start within ${options.startupTimeoutMs} ms`),
      options.startupTimeoutMs,
    );
    startupTimer.unref();

    readLines(
      this.channel,
      Math.max(maxMessageChars(options.outputLimit), MAX_FILE_LINE_CHARS),
      (message) => {
        if (typeof message === "object" && message !== null && (message as { type?: unknown }).type === "ready") {
          clearTimeout(startupTimer);
          this.isLoaded = true;
          markReady();
          return;
        }
        const pending = this.pending;
        if (!pending) return;
        const call = message as { type?: unknown; id?: unknown; name?: unknown; args?: unknown };
        if (call.type === "call" && call.id === pending.id) {
          this.answerCall(pending, call.name, call.args);
          return;
        }
        const file = message as { type?: unknown; id?: unknown; name?: unknown; data?: unknown };
        if (file.type === "file" && file.id === pending.id && typeof file.name === "string" && typeof file.data === "string") {
          if (pending.files.length < 200) pending.files.push({ name: file.name.slice(0, 1000), data: file.data });
          return;
        }
        const reply = parseResult(message, pending.id, options.outputLimit);
        if (reply) this.settle(reply.kind === "result" && pending.files.length > 0 ? { ...reply, files: pending.files } : reply);
      },
      (reason) => this.kill("protocol", `the interpreter process ${reason}`),
    );

    this.stopWatching = this.child.pid
      ? watchMemory(this.child.pid, options.rssLimitBytes, (rss) =>
          this.kill("memory", `the interpreter used ${Math.round(rss / 2 ** 20)} MiB, over its ${Math.round(options.rssLimitBytes / 2 ** 20)} MiB limit`),
        )
      : () => {};

    const finish = (exitDetail: string) => {
      if (this.exited) return;
      this.exited = true;
      clearTimeout(startupTimer);
      this.stopWatching();
      const death = this.killReason ?? { reason: "crashed" as const, detail: exitDetail };
      failReady(new Error(`${death.detail}${this.stderrTail ? `\n${this.stderrTail}` : ""}`));
      this.settle({ kind: "died", ...death });
    };
    this.child.on("error", (error) => {
      this.killReason ??= { reason: "crashed", detail: `the interpreter process failed: ${error.message}` };
      // a process that never started emits no "exit"
      if (this.child.pid === undefined) finish(error.message);
    });
    this.child.on("exit", (code, signal) => finish(`the interpreter process exited (${signal ?? `code ${code}`})`));
    this.idle();
  }

  get alive(): boolean {
    return !this.exited && this.killReason === undefined;
  }

  /** Whether Pyodide has finished loading, so a call would not wait for a cold start. */
  get loaded(): boolean {
    return this.isLoaded && this.alive;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** CPU time the child has used so far, in ms (Linux `/proc/PID/stat`); undefined elsewhere or once it is gone. */
  cpuTimeMs(): number | undefined {
    return this.child.pid === undefined ? undefined : processCpuTimeMs(this.child.pid);
  }

  /** Resolves once Pyodide has loaded, keeping the host alive meanwhile (an idle child would not). */
  async whenReady(): Promise<void> {
    this.busy();
    try {
      await this.ready;
    } finally {
      if (!this.pending) this.idle();
    }
  }

  /**
   * Runs one request; a missed deadline kills the process (a busy guest cannot hear a softer signal).
   * `limitMs` is the limit the message names, when part of it was already used before the request.
   */
  request(request: Request, timeoutMs: number, limitMs = timeoutMs, bridge?: HostBridge): Promise<ProcessReply> {
    if (this.pending) throw new Error("PythonProcess: one request at a time");
    if (!this.alive) {
      return Promise.resolve({ kind: "died", ...(this.killReason ?? { reason: "crashed", detail: "the interpreter process is not running" }) });
    }
    const id = ++requestIds;
    this.busy();
    return new Promise<ProcessReply>((resolve) => {
      const timer = this.deadline(timeoutMs, limitMs);
      this.pending = { id, files: [], resolve, timer, remainingMs: timeoutMs, runningSince: performance.now(), limitMs, callOut: false, bridge };
      this.channel.write(`${JSON.stringify({ ...request, id })}\n`);
    });
  }

  private deadline(afterMs: number, limitMs: number): NodeJS.Timeout {
    return setTimeout(() => this.kill("timeout", `execution exceeded the ${formatSeconds(limitMs)} time limit`), afterMs);
  }

  /**
   * Code mode: the guest called a tool (untrusted name and JSON text). Its code's clock stops until the
   * host answers; the child waits for exactly one reply per call.
   */
  private answerCall(pending: Pending, name: unknown, args: unknown): void {
    if (pending.callOut) {
      this.kill("protocol", "the interpreter process made a second tool call before the first was answered");
      return;
    }
    pending.callOut = true;
    clearTimeout(pending.timer);
    pending.remainingMs -= performance.now() - pending.runningSince;
    const answered = !pending.bridge
      ? Promise.resolve(JSON.stringify({ ok: false, kind: "unknown_tool", error: "no tools can be called from this run" }))
      : typeof name !== "string" || typeof args !== "string"
        ? Promise.resolve(JSON.stringify({ ok: false, kind: "invalid_json", error: "a tool call needs a name and JSON arguments" }))
        : pending.bridge.call(name, args);
    void answered.then((reply) => {
      if (this.pending !== pending || !this.alive) return;
      pending.callOut = false;
      pending.runningSince = performance.now();
      pending.timer = this.deadline(Math.max(0, pending.remainingMs), pending.limitMs);
      this.channel.write(`${JSON.stringify({ type: "reply", id: pending.id, reply })}\n`);
    });
  }

  /** Ends the child now (SIGKILL); a request in flight is answered with `reason`. */
  kill(reason: ChildDeath = "crashed", detail = "the interpreter process was stopped"): void {
    this.killReason ??= { reason, detail };
    if (!this.exited) this.child.kill("SIGKILL");
  }

  private settle(reply: ProcessReply): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    this.idle();
    pending.resolve(reply);
  }

  // While idle the child must not keep the host's event loop alive; while a call runs it must.
  private busy(): void {
    this.child.ref();
    this.channel.ref();
  }

  private idle(): void {
    this.child.unref();
    this.channel.unref();
    (this.child.stdout as Socket | null)?.unref?.();
    (this.child.stderr as Socket | null)?.unref?.();
  }
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
