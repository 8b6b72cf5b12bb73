import type { ToolContext, ToolSpec } from "../registry.js";
import type { Toolbox } from "../toolbox.js";
import { formatCell, type CellResult } from "./cell.js";
import { insideBridgeCall } from "./bridge.js";
import { createCodeMode, type CodeMode, type CodeModeOptions } from "./code-mode.js";
import { CPythonSession, type CPythonSessionOptions } from "./cpython-session.js";
import { JavaScriptSession, type JavaScriptSessionOptions } from "./javascript-session.js";
import { JupyterSession, type JupyterSessionOptions } from "./jupyter/session.js";
import { PythonSession, type PythonSessionOptions } from "./python-session.js";
import type { FileOptions, InterpreterSession, PythonBackend } from "./session.js";
import { registry, type JavascriptArgs, type PythonArgs } from "./tools.generated.js";
import { imagesOf } from "./images.js";
import { describeFiles, resolveInputs } from "./workspace.js";

export type InterpreterLanguage = "python" | "javascript";

/** Starts a Python session of a backend defined outside this module (e.g. `jupyter`). */
export type PythonSessionFactory = (files: FileOptions) => InterpreterSession;

export interface InterpreterToolsOptions extends FileOptions {
  /** Which tools to offer, in this order. Default both: `["python", "javascript"]`. */
  readonly languages?: readonly InterpreterLanguage[];
  /** Which engine runs Python. Default `pyodide` (nothing to install); `cpython` needs bubblewrap. */
  readonly backend?: PythonBackend;
  /** Options of the `pyodide` backend. */
  readonly python?: PythonSessionOptions;
  /** Options of the `cpython` backend. */
  readonly cpython?: CPythonSessionOptions;
  /** Options of the `jupyter` backend (a server URL and token; none: a sandboxed local server). */
  readonly jupyter?: JupyterSessionOptions;
  readonly javascript?: JavaScriptSessionOptions;
  /** Called with every call's full result, before the model's text is made from it: where a host can show
   * the files and images a call produced (`imagesOf(cell.files)` for APIs that take images in tool results). */
  readonly onCell?: (language: InterpreterLanguage, cell: CellResult) => void;
  /** Backends provided elsewhere, by name (the `jupyter` backend registers itself here). */
  readonly backends?: Partial<Record<PythonBackend, PythonSessionFactory>>;
  /** Code mode: these tools become callable from the code (`from tools import sums` / `await tools.sums({...})`),
   * each call going through `toolbox.call` (validation, defaults, time limit, confirmation per call). */
  readonly tools?: Toolbox;
  /** Code mode's limits per run and an observer of its calls. */
  readonly codeMode?: CodeModeOptions;
}

/** An interpreter tool as offered (name, schema, description, time limit, `confirm`), without its `invoke`. */
export type InterpreterToolShape = Omit<ToolSpec<{ code: string }, string>, "invoke">;

/** The interpreter tools of one conversation and the sessions behind them. */
export interface InterpreterTools {
  /** Pass to `createToolbox` (both need confirmation: the toolbox's `confirm` callback decides). */
  readonly tools: readonly ToolSpec<{ code: string }, string>[];
  readonly python: InterpreterSession;
  readonly javascript: InterpreterSession;
  /** Forgets the variables of both interpreters. */
  reset(): Promise<void>;
  /** Stops both interpreters. */
  close(): void;
}

/**
 * The interpreter tools `createInterpreterTools(options)` would offer (names, schemas, descriptions naming
 * the files and the callable tools, time limits), without creating a session: for listing them before any
 * code runs (an MCP server's `tools/list`, say).
 */
export function interpreterToolShapes(options: InterpreterToolsOptions = {}): InterpreterToolShape[] {
  const shapes = toolShapes(options, options.tools ? createCodeMode(options.tools, options.codeMode) : undefined);
  return (options.languages ?? ["python", "javascript"]).map((language) => shapes[language]);
}

function toolShapes(options: InterpreterToolsOptions, codeMode: CodeMode | undefined): Record<InterpreterLanguage, InterpreterToolShape> {
  // Resolved now so a bad path is an error before any conversation, and so the model is told its files.
  const inputs = resolveInputs(options.files ?? []);
  const aboutFiles = describeFiles(inputs, options.outDir !== undefined, "python");
  const jsFiles = describeFiles(inputs, options.outDir !== undefined, "javascript");
  const pythonTimeout =
    options.backend === "cpython"
      ? (options.cpython?.timeoutMs ?? 30_000)
      : options.backend === "jupyter"
        ? // interrupt grace, then a kernel restart that may take as long as a start
          (options.jupyter?.timeoutMs ?? 30_000) + (options.jupyter?.interruptGraceMs ?? 3_000) + (options.jupyter?.startupTimeoutMs ?? 60_000)
        : // the limit is the code's own; waiting for Pyodide to load is bounded by its start-up limit
          (options.python?.timeoutMs ?? 5_000) + Math.max(0, (options.python?.startupTimeoutMs ?? 60_000) - STARTUP_ALLOWANCE_MS);
  const { invoke: _python, ...python } = registry.python;
  const { invoke: _javascript, ...javascript } = registry.javascript;
  return {
    python: {
      ...python,
      description: `${registry.python.description}${aboutFiles}${codeMode?.describe("python") ?? ""}`,
      timeoutMs: pythonTimeout + STARTUP_ALLOWANCE_MS + (codeMode?.limits.maxCallTimeMs ?? 0),
    },
    javascript: {
      ...javascript,
      description: `${registry.javascript.description}${jsFiles}${codeMode?.describe("javascript") ?? ""}`,
      timeoutMs: (options.javascript?.timeoutMs ?? 5_000) + (options.javascript?.hardStopGraceMs ?? 1_000) + 10_000 + (codeMode?.limits.maxCallTimeMs ?? 0),
    },
  };
}

// The runtime's per-call limit must not cut in before the session's own (which reports more usefully),
// and the first Python call may include Pyodide's cold start.
const STARTUP_ALLOWANCE_MS = 60_000;

function pythonSession(options: InterpreterToolsOptions, files: FileOptions): InterpreterSession {
  const backend = options.backend ?? "pyodide";
  const provided = options.backends?.[backend];
  if (provided) return provided(files);
  switch (backend) {
    case "pyodide":
      return new PythonSession({ ...options.python, ...files });
    case "cpython":
      return new CPythonSession({ ...options.cpython, ...files });
    case "jupyter":
      return new JupyterSession({ ...options.jupyter, ...files });
    default:
      throw new Error(`the ${backend} Python backend is not available here (known: pyodide, cpython, jupyter)`);
  }
}

/**
 * `python` and `javascript` tools for one conversation: the schemas the codegen generated from
 * tools.ts, with calls going to sessions owned by this conversation (state persists across calls).
 * `files` are readable by the code under their own names in its working directory; what it writes into
 * `out/` is copied to `outDir` after each call, and the tool result lists those files.
 *
 * ```ts
 * const interpreters = createInterpreterTools({ backend: "cpython", files: ["sales.csv"], outDir: "out" });
 * const toolbox = createToolbox(interpreters.tools, { confirm: confirmOnTerminal() });
 * // ... run the conversation ...
 * interpreters.close();
 * ```
 */
export function createInterpreterTools(options: InterpreterToolsOptions = {}): InterpreterTools {
  const files: FileOptions = {
    ...(options.files ? { files: options.files } : {}),
    ...(options.outDir !== undefined ? { outDir: options.outDir } : {}),
  };
  const codeMode = options.tools ? createCodeMode(options.tools, options.codeMode) : undefined;
  // Built first: a bad path in `files` is an error before any session exists.
  const shapes = toolShapes(options, codeMode);
  const python = pythonSession(options, files);
  const javascript = new JavaScriptSession({ ...options.javascript, ...files });
  // Each run gets its own bridge (limits per run); when the run is over its pending calls are cancelled.
  const run = async (session: InterpreterSession, code: string, context: ToolContext | undefined): Promise<CellResult> => {
    if (insideBridgeCall()) {
      return { ok: false, output: "", error: `RuntimeError: the ${session.language} interpreter cannot be run from code running in an interpreter`, errorKind: "exception" };
    }
    // The confirmation given to this call (an MCP client's, say) decides on the code's `@confirm` calls, and
    // cancelling this call cancels them.
    const bridge = codeMode?.forRun(context ? { signal: context.signal, ...(context.confirm ? { confirm: context.confirm } : {}) } : {});
    try {
      return await session.run(code, { ...(context ? { signal: context.signal } : {}), ...(bridge ? { bridge } : {}) });
    } finally {
      bridge?.end();
    }
  };
  const observe = (language: InterpreterLanguage, cell: CellResult, context: ToolContext | undefined): CellResult => {
    try {
      options.onCell?.(language, cell);
    } catch {
      // an observer's failure must not lose the call's result
    }
    // The images themselves, for the APIs that take images in a tool result; the text still names every file.
    if (context?.attachImages && cell.files && cell.files.length > 0) {
      const images = imagesOf(cell.files);
      if (images.length > 0) context.attachImages(images);
    }
    return cell;
  };
  const specs = {
    python: {
      ...shapes.python,
      invoke: async (args: PythonArgs, context?: ToolContext) => formatCell(observe("python", await run(python, args.code, context), context)),
    },
    javascript: {
      ...shapes.javascript,
      invoke: async (args: JavascriptArgs, context?: ToolContext) => formatCell(observe("javascript", await run(javascript, args.code, context), context)),
    },
  } satisfies Record<InterpreterLanguage, ToolSpec<{ code: string }, string>>;
  const languages = options.languages ?? ["python", "javascript"];
  return {
    tools: languages.map((language) => specs[language]),
    python,
    javascript,
    async reset() {
      await Promise.all([python.reset(), javascript.reset()]);
    },
    close() {
      python.close();
      javascript.close();
    },
  };
}
