/**
 * Which engine runs an analysis, and loading only that one: ts7 (TypeScript 7's native compiler) is the
 * default wherever its native binary is installed - it is the faster one and gives the same tools and
 * diagnostics - and ts6 (the compiler API through ts-morph) otherwise, for `--package`, whose module
 * resolution TypeScript 7's API does not offer, and for a project whose tsconfig sets `baseUrl`.
 */
import type { AnalyzeOptions, AnalyzeResult, Analyzer, Engine } from "./model.js";
import { readFileSync } from "node:fs";
import { configChain, stripJsonc } from "./config-chain.js";
import { ts7Executable } from "./ts7/executable.js";

/** Whether TypeScript 7's native binary for this platform is installed (an optional dependency). */
export function ts7Available(): boolean {
  return ts7Executable() !== undefined;
}

/**
 * The engine an analysis runs on: the one asked for, else ts7 where it is installed - unless the
 * project's tsconfig (or one it extends) sets `baseUrl`, which TypeScript 7 no longer reads (its
 * imports would not resolve). `--package` reads with ts6.
 */
export function engineFor(options: Pick<AnalyzeOptions, "engine" | "package"> & { readonly files?: readonly string[]; readonly tsconfig?: string }): Engine {
  if (options.package !== undefined) return "ts6";
  if (options.engine) return options.engine;
  if (!ts7Available()) return "ts6";
  return options.files && setsBaseUrl(configChain(options.files, options.tsconfig)) ? "ts6" : "ts7";
}

/** Whether a config of the chain sets `compilerOptions.baseUrl`. */
export function setsBaseUrl(chain: readonly string[]): boolean {
  return chain.some((file) => {
    try {
      const parsed = JSON.parse(stripJsonc(readFileSync(file, "utf8"))) as { compilerOptions?: { baseUrl?: unknown } } | null;
      return typeof parsed?.compilerOptions?.baseUrl === "string";
    } catch {
      return false;
    }
  });
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
