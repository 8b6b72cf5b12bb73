// The one interface every interpreter backend implements (Pyodide, CPython in bubblewrap, QuickJS, a
// Jupyter kernel...), so the tools, the example chat, the MCP server and later features (code calling
// tools) work with any of them.
import type { CellResult, RunOptions } from "./cell.js";
import type { OutputLimits } from "./workspace.js";

export type { CellResult, RunOptions } from "./cell.js";

/** Which engine runs a language's code. `pyodide` is the zero-install default for Python. */
export type PythonBackend = "pyodide" | "cpython" | "jupyter";
export type JavaScriptBackend = "quickjs";
export type BackendName = PythonBackend | JavaScriptBackend;

/** A file the code wrote into `out/` (or a figure/image the backend captured), copied to the host. */
export interface ProducedFile {
  /** Its name inside `out/`, sanitised (forward slashes for subfolders). */
  readonly name: string;
  /** Where the host copy is: always inside the session's output folder. */
  readonly path: string;
  readonly bytes: number;
  /** `image/png` for PNG images (figures included), otherwise a guess from the extension or absent. */
  readonly mediaType?: string;
  /** Written by the code into `out/`, or captured by the backend (a matplotlib figure, `image/png` display data). */
  readonly source: "written" | "figure" | "display";
}

/** An input file as the code sees it: `name` in its working directory. */
export interface InputFile {
  readonly name: string;
  readonly bytes: number;
}

/** What a session's code can see and has produced: what `files()` returns. */
export interface SessionFiles {
  /** The input files under their own names in the code's working directory (read-only inside). */
  readonly inputs: readonly InputFile[];
  /** The host folder `out/` is copied to after each run; undefined when the session has no output folder. */
  readonly outDir?: string;
  /** Every file copied out so far, latest version of each name. */
  readonly produced: readonly ProducedFile[];
}

/** Files handed to a session and where its `out/` goes. Shared by every backend's options. */
export interface FileOptions {
  /** Host files or folders the code can read, placed under their own names in its working directory. */
  readonly files?: readonly string[];
  /** Host folder that receives what the code writes into `out/` (created if needed). Absent: `out/` is still
   * there, but nothing is copied out. */
  readonly outDir?: string;
}

/**
 * Options every interpreter backend takes (Pyodide, CPython, Jupyter, QuickJS): its files and the limits of
 * each call. Each backend's options extend these with its own; the defaults are the backend's.
 */
export interface InterpreterSessionOptions extends FileOptions {
  /** Wall-clock limit per call, ms. Default 5000 for Pyodide (the call's own code run: waiting for the
   * interpreter to load does not count; past it the interpreter is restarted, state lost) and QuickJS
   * (interrupted, state kept; a built-in that ignores the interrupt is stopped hard a moment later, state
   * lost); 30000 for CPython (the sandbox is killed and replaced, state lost) and Jupyter (the kernel is
   * interrupted, and restarted if that fails). */
  readonly timeoutMs?: number;
  /** Memory limit, MiB: allocations past it raise MemoryError. Default 512 for Pyodide (Python's heap), 128
   * for QuickJS (its heap), 2048 for CPython and a local Jupyter kernel (address space per process,
   * RLIMIT_AS). QuickJS's build counts large allocations exactly but many small ones loosely (it lacks
   * malloc_usable_size): what bounds them is its wasm memory, which cannot grow past the limit plus 32 MiB. */
  readonly memoryLimitMb?: number;
  /** Characters of output (and of the value's text) returned per call; the rest is cut with a note. Default 20000. */
  readonly outputLimit?: number;
}

/** Options every Python backend takes (Pyodide, CPython, Jupyter). */
export interface PythonBackendOptions extends InterpreterSessionOptions {
  /** What `out/` may hand back per run. Default `DEFAULT_OUTPUT_LIMITS`. */
  readonly outputLimits?: Partial<OutputLimits>;
  /** How long starting the interpreter may take: loading Pyodide (a call's wait for it included, apart from its
   * time limit; default 60000), the sandboxed CPython (default 30000), the Jupyter server and a kernel (default 60000). */
  readonly startupTimeoutMs?: number;
}

/**
 * The limits of the bubblewrap sandbox the native Python backends run in: CPython, and a local Jupyter
 * kernel (a kernel on a server given by URL is the server's business: these do not apply to it).
 */
export interface SandboxSessionOptions extends PythonBackendOptions {
  /** Resident memory of all the sandbox's processes together, MiB; past it the host kills the sandbox
   * (CPython) or restarts the kernel (Jupyter): state lost. Default memoryLimitMb + 512. */
  readonly totalMemoryLimitMb?: number;
  /** CPU seconds per process over its life (RLIMIT_CPU). Default 600. */
  readonly cpuSeconds?: number;
  /** Processes and threads inside the sandbox (RLIMIT_NPROC). Default 32 for CPython, 64 for Jupyter. */
  readonly maxProcesses?: number;
  /** Largest file the code may write (RLIMIT_FSIZE), MiB. Default 64. */
  readonly maxFileSizeMb?: number;
  /** Size of the private /tmp, MiB. Default 256. */
  readonly tmpSizeMb?: number;
}

/**
 * One conversation's interpreter: state persists across `run` calls until `reset`, a restart (reported
 * in the result: `stateLost`) or `close`. Calls are queued, one at a time.
 */
export interface InterpreterSession {
  readonly language: "python" | "javascript";
  readonly backend: BackendName;
  /** Starts the engine now rather than on the first call (errors, e.g. a missing sandbox, reject here). */
  start(): Promise<void>;
  /** Runs `code` like a notebook cell. Never rejects: every failure is a `CellResult` with `ok: false`. */
  run(code: string, options?: RunOptions): Promise<CellResult>;
  /** Forgets every variable; input files stay. */
  reset(): Promise<void>;
  /** The input files and what was copied out so far. */
  files(): SessionFiles;
  /** Stops the engine; later calls fail. */
  close(): void;
}
