import type { ToolContext, ToolSpec } from "../registry.js";
import { formatCell } from "./cell.js";
import { JavaScriptSession, type JavaScriptSessionOptions } from "./javascript-session.js";
import { PythonSession, type PythonSessionOptions } from "./python-session.js";
import { registry, type JavascriptArgs, type PythonArgs } from "./tools.generated.js";

export type InterpreterLanguage = "python" | "javascript";

export interface InterpreterToolsOptions {
  /** Which tools to offer, in this order. Default both: `["python", "javascript"]`. */
  readonly languages?: readonly InterpreterLanguage[];
  readonly python?: PythonSessionOptions;
  readonly javascript?: JavaScriptSessionOptions;
}

/** The interpreter tools of one conversation and the sessions behind them. */
export interface InterpreterTools {
  /** Pass to `createToolbox` (both need confirmation: the toolbox's `confirm` callback decides). */
  readonly tools: readonly ToolSpec<{ code: string }, string>[];
  readonly python: PythonSession;
  readonly javascript: JavaScriptSession;
  /** Forgets the variables of both interpreters. */
  reset(): Promise<void>;
  /** Stops both interpreters. */
  close(): void;
}

// The runtime's per-call limit must not cut in before the session's own (which reports more usefully),
// and the first Python call may include Pyodide's cold start.
const STARTUP_ALLOWANCE_MS = 60_000;

/**
 * `python` and `javascript` tools for one conversation: the schemas the codegen generated from
 * tools.ts, with calls going to sessions owned by this conversation (state persists across calls).
 *
 * ```ts
 * const interpreters = createInterpreterTools();
 * const toolbox = createToolbox(interpreters.tools, { confirm: confirmOnTerminal() });
 * // ... run the conversation ...
 * interpreters.close();
 * ```
 */
export function createInterpreterTools(options: InterpreterToolsOptions = {}): InterpreterTools {
  const python = new PythonSession(options.python);
  const javascript = new JavaScriptSession(options.javascript);
  const specs = {
    python: {
      ...registry.python,
      invoke: async (args: PythonArgs, context?: ToolContext) =>
        formatCell(await python.run(args.code, context ? { signal: context.signal } : {})),
      timeoutMs: (options.python?.timeoutMs ?? 5_000) + STARTUP_ALLOWANCE_MS,
    },
    javascript: {
      ...registry.javascript,
      invoke: async (args: JavascriptArgs, context?: ToolContext) =>
        formatCell(await javascript.run(args.code, context ? { signal: context.signal } : {})),
      timeoutMs: (options.javascript?.timeoutMs ?? 5_000) + (options.javascript?.hardStopGraceMs ?? 1_000) + 10_000,
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
