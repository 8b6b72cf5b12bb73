// Code mode: a toolbox's tools made callable from the interpreters' code. One description per language
// for the model, and one bridge per run (its own limits and cancellation).
import type { ConfirmFn, Toolbox } from "../toolbox.js";
import { DEFAULT_BRIDGE_LIMITS, RunBridge, type BridgeLimits, type BridgeObserver } from "./bridge.js";
import { describeTools, javascriptPrelude, pythonModule } from "./guest-api.js";

export interface CodeModeOptions extends Partial<BridgeLimits> {
  /** Sees every call from code: which tool, its (validated) arguments, the toolbox's result and the guest's reply. */
  readonly onCall?: BridgeObserver["onCall"];
  /** Decides on `@confirm` tools called from code, per call (default: the toolbox's own `confirm`). */
  readonly confirm?: ConfirmFn;
}

export interface CodeMode {
  readonly toolbox: Toolbox;
  readonly limits: BridgeLimits;
  /** The text added to an interpreter tool's description: the callable tools and how to call them. */
  describe(language: "python" | "javascript"): string;
  /** A bridge for one run; call `end()` on it when the run is over. */
  forRun(): RunBridge;
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
    forRun: () => new RunBridge(toolbox, limits, python, javascript, observer, options.confirm),
  };
}
