import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import type { HostBridge } from "./bridge.js";
import { watchMemory } from "./memory-watch.js";
import { entryFile, packageDir, permissionFlag, sandboxLauncher } from "./sandbox-paths.js";
import { formatSeconds, maxMessageChars, SandboxProcess, type OutFile, type ProcessReply } from "./sandbox-process.js";

// (the channel's protocol lives in sandbox-process.ts, shared with the cpython backend)
export { formatSeconds, maxMessageChars, parseResult, type ChildDeath, type OutFile, type ProcessReply } from "./sandbox-process.js";

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

type Request =
  // tools: the Python source of the guest's `tools` module (code mode), installed before the code runs
  | { readonly type: "run"; readonly code: string; readonly tools?: string }
  | { readonly type: "reset" }
  // copy-in: input files (base64) into the working directory, and the caps on what comes back from out/
  | { readonly type: "files"; readonly files: readonly OutFile[]; readonly maxFileBytes: number; readonly maxFiles: number };

/** The longest `file` line the host accepts: a 20 MiB file, base64, plus its name. */
const MAX_FILE_LINE_CHARS = Math.ceil((20 * 2 ** 20) / 3) * 4 + 4096;

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

/** Starts the locked-down Node child that loads Pyodide; it speaks the line protocol on fd 3. */
function spawnPyodideChild(options: PythonProcessOptions): ChildProcess {
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
  return spawn(command, args, {
    env: {},
    stdio: ["ignore", "pipe", "pipe", "pipe"],
    // a guest must never be able to read the user's terminal, so nothing is inherited
    windowsHide: true,
  });
}

/**
 * One locked-down Node child running Pyodide. It can be asked to run code, reset its globals or take input
 * files, one request at a time; whatever goes wrong in it (timeout, memory, crash, garbage on the channel)
 * ends the process and comes back as a `died` reply, never as an exception in the host.
 */
export class PythonProcess extends SandboxProcess {
  constructor(options: PythonProcessOptions) {
    const rssLimit = options.rssLimitBytes;
    super(spawnPyodideChild(options), {
      maxLineChars: Math.max(maxMessageChars(options.outputLimit), MAX_FILE_LINE_CHARS),
      outputLimit: options.outputLimit,
      startupTimeoutMs: options.startupTimeoutMs,
      startupFailure: `Pyodide did not finish loading within its ${formatSeconds(options.startupTimeoutMs)} start-up limit (startupTimeoutMs)`,
      exitDetail: (code, signal) => `the interpreter process exited (${signal ?? `code ${code}`})`,
      memoryWatch: {
        during: "life",
        start: (pid, kill) =>
          watchMemory(pid, rssLimit, (rss) => kill(`the interpreter used ${Math.round(rss / 2 ** 20)} MiB, over its ${Math.round(rssLimit / 2 ** 20)} MiB limit`)),
      },
    });
  }

  /** CPU time the child has used so far, in ms (Linux `/proc/PID/stat`); undefined elsewhere or once it is gone. */
  cpuTimeMs(): number | undefined {
    return this.pid === undefined ? undefined : processCpuTimeMs(this.pid);
  }

  /** Runs one request; a missed deadline kills the process (a busy guest cannot hear a softer signal). */
  request(request: Request, timeoutMs: number, bridge?: HostBridge): Promise<ProcessReply> {
    // files the code wrote into out/ arrive as `file` lines before the result
    const files: OutFile[] = [];
    const collect = (message: { readonly type?: unknown }) => {
      const file = message as { type?: unknown; name?: unknown; data?: unknown };
      if (file.type === "file" && typeof file.name === "string" && typeof file.data === "string" && files.length < 200) {
        files.push({ name: file.name.slice(0, 1000), data: file.data });
      }
    };
    return this.send(request, timeoutMs, bridge, collect).then(({ reply }) =>
      reply.kind === "result" && files.length > 0 ? { ...reply, files } : reply,
    );
  }
}
