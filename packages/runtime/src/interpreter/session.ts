// The one interface every interpreter backend implements (Pyodide, CPython in bubblewrap, QuickJS, a
// Jupyter kernel...), so the tools, the example chat, the MCP server and later features (code calling
// tools) work with any of them.
import type { CellResult, RunOptions } from "./cell.js";

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
