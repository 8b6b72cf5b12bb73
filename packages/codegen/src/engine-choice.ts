/**
 * Which engine runs an analysis, and loading only that one: ts7 (TypeScript 7's native compiler) is the
 * default wherever its native binary is installed - it is the faster one and gives the same tools and
 * diagnostics - and ts6 (the compiler API through ts-morph) otherwise, and for `--package`, whose module
 * resolution TypeScript 7's API does not offer.
 */
import type { AnalyzeOptions, AnalyzeResult, Analyzer, Engine } from "./model.js";
import { ts7Executable } from "./ts7/executable.js";

/** Whether TypeScript 7's native binary for this platform is installed (an optional dependency). */
export function ts7Available(): boolean {
  return ts7Executable() !== undefined;
}

/** The engine an analysis runs on: the one asked for, else ts7 where it is installed; `--package` reads with ts6. */
export function engineFor(options: Pick<AnalyzeOptions, "engine" | "package">): Engine {
  if (options.package !== undefined) return "ts6";
  return options.engine ?? (ts7Available() ? "ts7" : "ts6");
}

export interface EngineModule {
  analyze(options: AnalyzeOptions): AnalyzeResult;
  createAnalyzer(options: AnalyzeOptions): Analyzer;
}

/** Loads one engine's modules only: ts7 never loads TypeScript 6 (ts-morph's 9 MB compiler), ts6 never the native API. */
export async function loadEngine(engine: Engine): Promise<EngineModule> {
  if (engine === "ts7") {
    const ts7 = await import("./ts7/analyze.js");
    return { analyze: ts7.analyzeTs7, createAnalyzer: ts7.createTs7Analyzer };
  }
  const ts6 = await import("./analyze.js");
  return { analyze: ts6.analyze, createAnalyzer: ts6.createAnalyzer };
}
