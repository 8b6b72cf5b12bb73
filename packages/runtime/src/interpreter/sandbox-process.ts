// The host's side of a sandboxed interpreter process (Pyodide in a locked Node child, CPython in bubblewrap):
// newline-delimited JSON on the child's fd 3, one request at a time, a deadline per request that stops
// while a code-mode tool call is out to the host, and SIGKILL for whatever goes wrong. Each backend spawns
// its own child and adds what only it has (Pyodide's files over the channel, CPython's figures).
import type { ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { answerGuestCall, type HostBridge } from "./bridge.js";
import { readLines } from "./line-channel.js";

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

/**
 * The longest line the child may send, and the host accepts. The child gets this number and shortens its
 * texts until the serialized line fits (JSON writes a control character as six), so only a broken or
 * hostile child ever crosses it. Room for output and a value or error at the limit, mostly escaped.
 */
export function maxMessageChars(outputLimit: number): number {
  return outputLimit * 12 + 65_536;
}

/** The child's messages are untrusted: only well-formed replies to the request in flight count. */
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

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

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

/** How the host watches a child's memory: `kill` ends it with a `memory` death naming `detail`. */
export interface MemoryWatch {
  /** Over the child's whole life, or only while a request runs. */
  readonly during: "life" | "requests";
  start(pid: number, kill: (detail: string) => void): () => void;
}

export interface SandboxProcessOptions {
  /** The longest line the host accepts from the child. */
  readonly maxLineChars: number;
  /** Characters of output the child keeps per call (texts in a reply are cut a little past it). */
  readonly outputLimit: number;
  /** How long starting may take before the child is given up on, and what the reply then says. */
  readonly startupTimeoutMs: number;
  readonly startupFailure: string;
  /** What an exit nobody asked for reads like in a reply. */
  readonly exitDetail: (code: number | null, signal: NodeJS.Signals | null) => string;
  readonly memoryWatch?: MemoryWatch;
}

/** A request's reply, with the child's raw result message (for what a backend adds to it). */
export interface SentReply {
  readonly reply: ProcessReply;
  readonly message?: unknown;
}

interface Pending {
  readonly id: number;
  readonly resolve: (sent: SentReply) => void;
  timer: NodeJS.Timeout;
  /** The code's time left, and since when it is running: the clock stops while a tool call from code is out. */
  remainingMs: number;
  runningSince: number;
  readonly limitMs: number;
  callOut: boolean;
  readonly bridge: HostBridge | undefined;
  /** The request's other messages (neither a tool call nor its result), e.g. Pyodide's `file` lines. */
  readonly onMessage: ((message: { readonly type?: unknown }) => void) | undefined;
}

let requestIds = 0;

/**
 * One sandboxed interpreter process that answers requests on fd 3, one at a time. Whatever goes wrong in it
 * (timeout, memory, crash, garbage on the channel) ends the process and comes back as a `died` reply, never
 * as an exception in the host. The host kills it (SIGKILL) at a request's deadline: a busy guest cannot hear
 * a softer signal.
 */
export class SandboxProcess {
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private readonly channel: Socket;
  private pending: Pending | undefined;
  private killReason: { reason: ChildDeath; detail: string } | undefined;
  private exited = false;
  private isLoaded = false;
  private stderrTail = "";
  private stopWatching: () => void = () => {};

  /** `child` was just spawned with a pipe on fd 3 (the channel); from here on this object owns it. */
  constructor(
    child: ChildProcess,
    private readonly processOptions: SandboxProcessOptions,
  ) {
    const options = processOptions;
    this.child = child;
    track(child);
    this.channel = child.stdio[3] as Socket;
    // Drain the child's own stdout/stderr so it can never block on a full pipe; keep a short tail for diagnostics.
    child.stdout?.resume();
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2_000);
    });

    let markReady: () => void = () => {};
    let failReady: (error: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => {});
    const startupTimer = setTimeout(() => this.kill("crashed", options.startupFailure), options.startupTimeoutMs);
    startupTimer.unref();

    readLines(
      this.channel,
      options.maxLineChars,
      (message) => {
        const m = message as { type?: unknown; id?: unknown; name?: unknown; args?: unknown } | null;
        if (m?.type === "ready") {
          clearTimeout(startupTimer);
          this.isLoaded = true;
          markReady();
          return;
        }
        const pending = this.pending;
        if (!pending || typeof m !== "object" || m === null || m.id !== pending.id) return;
        if (m.type === "call") {
          this.answerCall(pending, m.name, m.args);
          return;
        }
        const reply = parseResult(message, pending.id, options.outputLimit);
        if (!reply) {
          pending.onMessage?.(m);
          return;
        }
        // A tool call (from a thread) still waiting for its reply would read the next request: end this process.
        const callLeftOver = pending.callOut;
        this.settle({ reply, message });
        if (callLeftOver) this.kill("crashed", "a tool call the code started in a thread was still waiting when its run ended");
      },
      (reason) => this.kill("protocol", `the interpreter process ${reason}`),
    );

    const watch = options.memoryWatch;
    if (watch?.during === "life" && child.pid !== undefined) this.stopWatching = watch.start(child.pid, (detail) => this.kill("memory", detail));

    const finish = (exitDetail: string) => {
      if (this.exited) return;
      this.exited = true;
      clearTimeout(startupTimer);
      this.stopWatching();
      const death = this.killReason ?? { reason: "crashed" as const, detail: exitDetail };
      const tail = this.stderrTail.trim();
      failReady(new Error(`${death.detail}${tail ? `\n${tail}` : ""}`));
      this.settle({ reply: { kind: "died", ...death } });
    };
    child.on("error", (error) => {
      this.killReason ??= { reason: "crashed", detail: `the interpreter process failed: ${error.message}` };
      // a process that never started emits no "exit"
      if (child.pid === undefined) finish(error.message);
    });
    child.on("exit", (code, signal) => finish(options.exitDetail(code, signal)));
    this.idle();
  }

  get alive(): boolean {
    return !this.exited && this.killReason === undefined;
  }

  /** Whether the interpreter has finished starting, so a call would not wait for it. */
  get loaded(): boolean {
    return this.isLoaded && this.alive;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves once the interpreter is ready, keeping the host alive meanwhile (an idle child would not). */
  async whenReady(): Promise<void> {
    this.busy();
    try {
      await this.ready;
    } finally {
      if (!this.pending) this.idle();
    }
  }

  /** Ends the child now (SIGKILL); a request in flight is answered with `reason`. */
  kill(reason: ChildDeath = "crashed", detail = "the interpreter process was stopped"): void {
    this.killReason ??= { reason, detail };
    if (!this.exited) this.child.kill("SIGKILL");
  }

  /** Resolves once the process has exited (at once if it already has). */
  exitedPromise(): Promise<void> {
    if (this.exited || this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => this.child.once("exit", () => resolve()));
  }

  /**
   * Sends one request; past `timeoutMs` of the code's own run (tool calls out to the host do not count)
   * the process is killed. `onMessage` sees the request's other messages.
   */
  protected send(request: object, timeoutMs: number, bridge?: HostBridge, onMessage?: (message: { readonly type?: unknown }) => void): Promise<SentReply> {
    if (this.pending) throw new Error(`${this.constructor.name}: one request at a time`);
    if (!this.alive) {
      return Promise.resolve({ reply: { kind: "died", ...(this.killReason ?? { reason: "crashed", detail: "the interpreter process is not running" }) } });
    }
    const id = ++requestIds;
    this.busy();
    const watch = this.processOptions.memoryWatch;
    if (watch?.during === "requests" && this.child.pid !== undefined) {
      this.stopWatching = watch.start(this.child.pid, (detail) => this.kill("memory", detail));
    }
    return new Promise<SentReply>((resolve) => {
      const timer = this.deadline(timeoutMs, timeoutMs);
      this.pending = { id, resolve, timer, remainingMs: timeoutMs, runningSince: performance.now(), limitMs: timeoutMs, callOut: false, bridge, onMessage };
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
    const answered = answerGuestCall(pending.bridge, name, args);
    void answered.then((reply) => {
      if (this.pending !== pending || !this.alive) return;
      pending.callOut = false;
      pending.runningSince = performance.now();
      pending.timer = this.deadline(Math.max(0, pending.remainingMs), pending.limitMs);
      this.channel.write(`${JSON.stringify({ type: "reply", id: pending.id, reply })}\n`);
    });
  }

  private settle(sent: SentReply): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    if (this.processOptions.memoryWatch?.during === "requests") this.stopWatching();
    this.idle();
    pending.resolve(sent);
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
