import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { argsThroughPipe } from "./bubblewrap.js";
import { readLines } from "./line-channel.js";
import { watchTreeMemory } from "./tree-memory-watch.js";
import { maxMessageChars, parseResult, type ChildDeath, type ProcessReply } from "./python-process.js";

/** How to start one sandboxed interpreter process that speaks the line protocol on fd 3. */
export interface ChannelProcessOptions {
  /** The full command line (the sandbox launcher included). bubblewrap's own arguments go through a pipe
   * (`--args 4`), so they (host paths included) do not show in the sandbox's `/proc/1/cmdline`. */
  readonly argv: readonly string[];
  /** Written to the process's stdin, which is then closed (the runner script, read by `python3 -`). */
  readonly stdin?: string;
  /** A compiled seccomp filter, written to fd 5 (the argv says `--seccomp 5`). */
  readonly seccomp?: Buffer;
  /** Characters of output the process keeps per call. */
  readonly outputLimit: number;
  /** How long starting may take before the process is given up on. */
  readonly startupTimeoutMs: number;
  /** Names the engine in messages, e.g. "Python". */
  readonly label: string;
  /** Resident memory of the whole sandbox (every process in it) at which the host kills it. */
  readonly treeMemoryLimitBytes?: number;
}

export type ChannelReply =
  | (Extract<ProcessReply, { kind: "result" }> & { readonly figures: readonly string[] })
  | Extract<ProcessReply, { kind: "died" }>;

type Request = { readonly type: "run"; readonly code: string } | { readonly type: "reset" };

let requestIds = 0;

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

function figuresOf(message: unknown): string[] {
  const figures = (message as { figures?: unknown } | null)?.figures;
  return Array.isArray(figures) ? figures.filter((name): name is string => typeof name === "string").slice(0, 100) : [];
}

/**
 * One sandboxed interpreter process (CPython in bubblewrap) that answers requests on fd 3, one at a time.
 * Whatever goes wrong (timeout, crash, garbage on the channel) ends the process and comes back as a
 * `died` reply, never as an exception in the host. The host kills it (SIGKILL) at a call's deadline;
 * bubblewrap's --die-with-parent takes everything inside the sandbox with it.
 */
export class ChannelProcess {
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  private readonly channel: Socket;
  private pending: { id: number; resolve: (reply: ChannelReply) => void; timer: NodeJS.Timeout } | undefined;
  private killReason: { reason: ChildDeath; detail: string } | undefined;
  private exited = false;
  private stderrTail = "";
  private stopWatching: () => void = () => {};

  constructor(private readonly options: ChannelProcessOptions) {
    // bubblewrap's options go through a pipe (fd 4); the command after its "--" stays on the command line.
    const { argv, payload } = argsThroughPipe(options.argv, 4);
    const [command, ...args] = argv as [string, ...string[]];
    this.child = spawn(command, args, {
      stdio: [
        options.stdin !== undefined ? "pipe" : "ignore",
        "pipe",
        "pipe",
        "pipe",
        payload !== undefined ? "pipe" : "ignore",
        options.seccomp !== undefined ? "pipe" : "ignore",
      ],
      env: { PATH: "/usr/bin:/bin:/usr/sbin:/sbin" }, // for finding the launcher only; bwrap clears it inside
    });
    if (payload !== undefined) {
      const argsPipe = this.child.stdio[4] as Socket;
      argsPipe.on("error", () => {}); // a launcher that died early: its exit is reported
      argsPipe.end(payload);
    }
    if (options.seccomp !== undefined) {
      const filterPipe = (this.child.stdio as unknown as (Socket | null)[])[5] as Socket;
      filterPipe.on("error", () => {});
      filterPipe.end(options.seccomp);
    }
    if (options.stdin !== undefined && this.child.stdin) {
      this.child.stdin.on("error", () => {});
      this.child.stdin.end(options.stdin);
    }
    track(this.child);
    this.channel = this.child.stdio[3] as Socket;
    this.child.stdout?.resume(); // fd-level output of the guest (subprocesses...): not the cell's, drained
    this.child.stderr?.setEncoding("utf8");
    this.child.stderr?.on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    let markReady: () => void = () => {};
    let failReady: (error: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => {});
    const startupTimer = setTimeout(
      () => this.kill("crashed", `the ${options.label} interpreter did not start within ${options.startupTimeoutMs} ms`),
      options.startupTimeoutMs,
    );
    startupTimer.unref();
    readLines(
      this.channel,
      maxMessageChars(options.outputLimit),
      (message) => {
        if ((message as { type?: unknown } | null)?.type === "ready") {
          clearTimeout(startupTimer);
          markReady();
          return;
        }
        const pending = this.pending;
        if (!pending) return;
        const reply = parseResult(message, pending.id, options.outputLimit);
        if (reply?.kind === "result") this.settle({ ...reply, figures: figuresOf(message) });
      },
      (reason) => this.kill("protocol", `the interpreter process ${reason}`),
    );
    const finish = (exitDetail: string) => {
      if (this.exited) return;
      this.exited = true;
      this.stopWatching();
      clearTimeout(startupTimer);
      const death = this.killReason ?? { reason: "crashed" as const, detail: exitDetail };
      const tail = this.stderrTail.trim();
      failReady(new Error(`${death.detail}${tail ? `\n${tail}` : ""}`));
      this.settle({ kind: "died", ...death });
    };
    this.child.on("error", (error) => {
      this.killReason ??= { reason: "crashed", detail: `the interpreter process failed: ${error.message}` };
      if (this.child.pid === undefined) finish(error.message);
    });
    this.child.on("exit", (code, signal) =>
      finish(
        signal === "SIGXCPU" || signal === "SIGKILL"
          ? `the interpreter process was killed (${signal}${signal === "SIGXCPU" ? ": CPU time limit" : ""})`
          : `the interpreter process exited (${signal ?? `code ${code}`})`,
      ),
    );
    this.idle();
  }

  get alive(): boolean {
    return !this.exited && this.killReason === undefined;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves once the interpreter is ready, keeping the host alive meanwhile. */
  async whenReady(): Promise<void> {
    this.busy();
    try {
      await this.ready;
    } finally {
      if (!this.pending) this.idle();
    }
  }

  request(request: Request, timeoutMs: number): Promise<ChannelReply> {
    if (this.pending) throw new Error("ChannelProcess: one request at a time");
    if (!this.alive) {
      return Promise.resolve({ kind: "died", ...(this.killReason ?? { reason: "crashed", detail: "the interpreter process is not running" }) });
    }
    const id = ++requestIds;
    this.busy();
    // Each process has its own address-space limit; together (a cell that forks) they are watched from
    // here while a call runs (processes a cell started are ended when it ends, so idle needs no watch).
    const limit = this.options.treeMemoryLimitBytes;
    if (limit !== undefined && this.child.pid !== undefined) {
      this.stopWatching = watchTreeMemory(this.child.pid, limit, (rss) =>
        this.kill("memory", `the sandbox's processes used ${Math.round(rss / 2 ** 20)} MiB together, over its ${Math.round(limit / 2 ** 20)} MiB limit`),
      );
    }
    return new Promise<ChannelReply>((resolve) => {
      const timer = setTimeout(() => this.kill("timeout", `execution exceeded the ${formatSeconds(timeoutMs)} time limit`), timeoutMs);
      this.pending = { id, resolve, timer };
      this.channel.write(`${JSON.stringify({ ...request, id })}\n`);
    });
  }

  /** Ends the process now (SIGKILL); a request in flight is answered with `reason`. */
  kill(reason: ChildDeath = "crashed", detail = "the interpreter process was stopped"): void {
    this.killReason ??= { reason, detail };
    if (!this.exited) this.child.kill("SIGKILL");
  }

  /** Resolves once the process has exited (at once if it already has). */
  exitedPromise(): Promise<void> {
    if (this.exited || this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => this.child.once("exit", () => resolve()));
  }

  private settle(reply: ChannelReply): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    this.stopWatching();
    this.idle();
    pending.resolve(reply);
  }

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

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
