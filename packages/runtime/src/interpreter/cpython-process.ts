import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { argsThroughPipe } from "./bubblewrap.js";
import type { HostBridge } from "./bridge.js";
import { maxMessageChars, SandboxProcess, type ProcessReply } from "./sandbox-process.js";
import { watchTreeMemory } from "./tree-memory-watch.js";

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

// tools: the Python source of the guest's `tools` module (code mode)
type Request = { readonly type: "run"; readonly code: string; readonly tools?: string } | { readonly type: "reset" };

function figuresOf(message: unknown): string[] {
  const figures = (message as { figures?: unknown } | null)?.figures;
  return Array.isArray(figures) ? figures.filter((name): name is string => typeof name === "string").slice(0, 100) : [];
}

/** Starts the launcher (bubblewrap) with its arguments, runner script and seccomp filter on their pipes. */
function spawnSandboxed(options: ChannelProcessOptions): ChildProcess {
  // bubblewrap's options go through a pipe (fd 4); the command after its "--" stays on the command line.
  const { argv, payload } = argsThroughPipe(options.argv, 4);
  const [command, ...args] = argv as [string, ...string[]];
  const child = spawn(command, args, {
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
    const argsPipe = child.stdio[4] as Socket;
    argsPipe.on("error", () => {}); // a launcher that died early: its exit is reported
    argsPipe.end(payload);
  }
  if (options.seccomp !== undefined) {
    const filterPipe = (child.stdio as unknown as (Socket | null)[])[5] as Socket;
    filterPipe.on("error", () => {});
    filterPipe.end(options.seccomp);
  }
  if (options.stdin !== undefined && child.stdin) {
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin);
  }
  return child;
}

/**
 * One sandboxed interpreter process (CPython in bubblewrap) that answers requests on fd 3, one at a time
 * (see SandboxProcess). bubblewrap's --die-with-parent takes everything inside the sandbox with it when
 * the host kills the launcher.
 */
export class ChannelProcess extends SandboxProcess {
  constructor(options: ChannelProcessOptions) {
    const limit = options.treeMemoryLimitBytes;
    super(spawnSandboxed(options), {
      maxLineChars: maxMessageChars(options.outputLimit),
      outputLimit: options.outputLimit,
      startupTimeoutMs: options.startupTimeoutMs,
      startupFailure: `the ${options.label} interpreter did not start within ${options.startupTimeoutMs} ms`,
      exitDetail: (code, signal) =>
        signal === "SIGXCPU" || signal === "SIGKILL"
          ? `the interpreter process was killed (${signal}${signal === "SIGXCPU" ? ": CPU time limit" : ""})`
          : `the interpreter process exited (${signal ?? `code ${code}`})`,
      // Each process has its own address-space limit; together (a cell that forks) they are watched from
      // here while a call runs (processes a cell started are ended when it ends, so idle needs no watch).
      ...(limit !== undefined
        ? {
            memoryWatch: {
              during: "requests" as const,
              start: (pid: number, kill: (detail: string) => void) =>
                watchTreeMemory(pid, limit, (rss) =>
                  kill(`the sandbox's processes used ${Math.round(rss / 2 ** 20)} MiB together, over its ${Math.round(limit / 2 ** 20)} MiB limit`),
                ),
            },
          }
        : {}),
    });
  }

  request(request: Request, timeoutMs: number, bridge?: HostBridge): Promise<ChannelReply> {
    return this.send(request, timeoutMs, bridge).then(({ reply, message }) =>
      reply.kind === "result" ? { ...reply, figures: figuresOf(message) } : reply,
    );
  }
}
