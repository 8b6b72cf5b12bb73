/**
 * The analysis API: `analyze` / `createAnalyzer` on the engine the options name - `ts6` (the compiler
 * API through ts-morph, ./analyze.ts) or `ts7` (TypeScript 7's native compiler, ./ts7/analyze.ts) - or,
 * when they name none, the default one (./engine-choice.ts). The CLI loads only the engine it runs
 * (`loadEngine`), so neither loads the other's compiler.
 */
import { analyze as analyzeTs6, createAnalyzer as createTs6Analyzer } from "./analyze.js";
import { engineFor } from "./engine-choice.js";
import type { AnalyzeOptions, AnalyzeResult, Analyzer } from "./model.js";
import { analyzeTs7, createTs7Analyzer } from "./ts7/analyze.js";

/** Analyses the files once. */
export function analyze(options: AnalyzeOptions): AnalyzeResult {
  return engineFor(options) === "ts7" ? analyzeTs7(options) : analyzeTs6(options);
}

/** A long-lived analysis for watch mode; `close()` ends what it keeps running. */
export function createAnalyzer(options: AnalyzeOptions): Analyzer {
  return engineFor(options) === "ts7" ? createTs7Analyzer(options) : createTs6Analyzer(options);
}
