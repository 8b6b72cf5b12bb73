// Code mode: a toolbox's tools made callable from the interpreters' code. One description per language
// for the model, and one bridge per run (its own limits and cancellation).
import type { ConfirmFn, Toolbox } from "../toolbox.js";
import { DEFAULT_BRIDGE_LIMITS, RunBridge, type BridgeLimits, type BridgeObserver } from "./bridge.js";
import { describeTools, javascriptPrelude, pythonModule } from "./guest-api.js";

export interface CodeModeOptions extends Partial<BridgeLimits> {
  /** Sees every call from code: which tool, its (validated) arguments, the toolbox's result and the guest's reply. */
  readonly onCall?: BridgeObserver["onCall"];
  /**
   * Decides on `@confirm` tools called from code, per call. Default: the `confirm` given to the interpreter
   * tool's own call (`toolbox.call(..., { confirm })`, e.g. an MCP client's elicitation), else the toolbox's.
   */
  readonly confirm?: ConfirmFn;
}

/** What one run's bridge takes from the interpreter call that runs the code. */
export interface CodeModeRunContext {
  /** The confirmation callback given to that call (its `ToolContext.confirm`), used unless `CodeModeOptions.confirm` is set. */
  readonly confirm?: ConfirmFn;
  /** That call's cancellation: when it aborts, the run's pending tool calls (and their confirmations) are cancelled. */
  readonly signal?: AbortSignal;
}

export interface CodeMode {
  readonly toolbox: Toolbox;
  readonly limits: BridgeLimits;
  /** The text added to an interpreter tool's description: the callable tools and how to call them. */
  describe(language: "python" | "javascript"): string;
  /** A bridge for one run; call `end()` on it when the run is over. */
  forRun(run?: CodeModeRunContext): RunBridge;
}

export function createCodeMode(toolbox: Toolbox, options: CodeModeOptions = {}): CodeMode {
  const limits: BridgeLimits = {
    maxCalls: options.maxCalls ?? DEFAULT_BRIDGE_LIMITS.maxCalls,
    maxCallTimeMs: options.maxCallTimeMs ?? DEFAULT_BRIDGE_LIMITS.maxCallTimeMs,
    maxArgumentChars: options.maxArgumentChars ?? DEFAULT_BRIDGE_LIMITS.maxArgumentChars,
    maxResultChars: options.maxResultChars ?? DEFAULT_BRIDGE_LIMITS.maxResultChars,
  };
  const python = pythonModule(toolbox.specs);
  const javascript = javascriptPrelude(toolbox.specs);
  const descriptions = { python: describeTools(toolbox.specs, "python"), javascript: describeTools(toolbox.specs, "javascript") };
  const observer: BridgeObserver = options.onCall ? { onCall: options.onCall } : {};
  return {
    toolbox,
    limits,
    describe: (language) => descriptions[language],
    // Precedence: this code mode's own callback, then the one the run's caller gave, then the toolbox's.
    forRun: (run = {}) => new RunBridge(toolbox, limits, python, javascript, observer, options.confirm ?? run.confirm, run.signal),
  };
}
