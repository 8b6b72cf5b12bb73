/**
 * The analysis both engines share: one input file -> its exported functions -> tools, with located
 * diagnostics, read over the compiler the engine hands in (`Compiler`, src/reader/context.ts). The
 * engines (./analyze.ts on TypeScript 6, ./ts7/analyze.ts on TypeScript 7) own the program and the
 * syntax check. This module imports no compiler, so the ts7 engine loads no TypeScript 6 through it.
 */
import path from "node:path";
import type { ts } from "ts-morph";
import type { AnalyzeOptions, AnalyzeResult, Diagnostic, ToolModel } from "./model.js";
import type { Compiler, DefinitionMemo } from "./reader/context.js";
import { exportedFunctions, type ExportedFunction } from "./reader/exports.js";
import { readFunction } from "./reader/functions.js";
import { locationOf } from "./reader/location.js";
import { toolModel, type FileAnalysis } from "./tool-model.js";
import { configFor } from "./tsconfig-path.js";
import { EngineFailure } from "./engine-failure.js";

/** What an engine brings to the shared analysis. */
export interface Engine {
  /** The compiler's values: TypeScript 6's `ts`, or src/ts7/api.ts's over TypeScript 7. */
  readonly ts: Compiler;
  /**
   * The compiler's parse errors in an input, as located errors: a file that does not parse has no
   * trustworthy signatures (a broken parameter list reads as other parameters), so it is not read.
   */
  syntaxDiagnostics(program: ts.Program, source: ts.SourceFile): Diagnostic[];
}

/** One input's tools and diagnostics (`source` undefined: the program does not hold the file). */
export function analyzeFile(
  engine: Engine,
  source: ts.SourceFile | undefined,
  file: string,
  program: ts.Program,
  options: AnalyzeOptions,
  memo: DefinitionMemo,
): FileAnalysis {
  if (!source) {
    return {
      tools: [],
      diagnostics: [
        { severity: "error", file, line: 1, column: 1, message: `cannot read ${file}`, hint: "check the path or glob" },
      ],
    };
  }
  const syntax = engine.syntaxDiagnostics(program, source);
  if (syntax.length) return { tools: [], diagnostics: syntax };
  const diagnostics: Diagnostic[] = [];
  const { functions, skipped } = exportedFunctions(source, program.getTypeChecker(), engine.ts);
  for (const { node, message, hint } of skipped) {
    diagnostics.push({ severity: "warning", file: source.fileName, ...locationOf(node, source), message, hint });
  }
  const read = readTools(functions, source, program, engine.ts, options, memo);
  diagnostics.push(...read.diagnostics);
  if (functions.length === 0) {
    diagnostics.push({
      severity: "warning",
      file: source.fileName,
      line: 1,
      column: 1,
      message: "exports no function, so it gives no tools",
      hint: "export the functions the model may call (`export function name(...)`), or leave this file out",
    });
  }
  return { tools: read.tools, diagnostics, origins: read.origins, skipped: read.skipped };
}

/** Reads each function into a tool; with `skipInvalid`, a function with an error is left out (and named). */
export function readTools(
  functions: readonly ExportedFunction[],
  source: ts.SourceFile,
  program: ts.Program,
  compiler: Compiler,
  options: AnalyzeOptions,
  memo: DefinitionMemo,
): { tools: ToolModel[]; diagnostics: Diagnostic[]; origins: Map<ToolModel, string>; skipped: string[] } {
  const tools: ToolModel[] = [];
  const diagnostics: Diagnostic[] = [];
  const origins = new Map<ToolModel, string>();
  const skipped: string[] = [];
  for (const exported of functions) {
    const reading = readFunction(exported, source, program, compiler, memo);
    diagnostics.push(...reading.diagnostics);
    const readable = !reading.diagnostics.some((d) => d.severity === "error");
    if (!reading.fn) {
      if (!readable && options.skipInvalid) skipped.push(exported.name);
      continue;
    }
    const before = diagnostics.length;
    const tool = toolModel(reading.fn, { ...options, strict: (options.strict ?? false) && readable }, diagnostics);
    const strictErrors = diagnostics.slice(before).some((d) => d.severity === "error");
    if (options.skipInvalid && (!readable || strictErrors)) {
      skipped.push(exported.name);
      continue;
    }
    const declaration = exported.declarations[exported.declarations.length - 1] ?? exported.nameNode;
    origins.set(tool, `${declaration.getSourceFile().fileName}:${declaration.pos}`);
    tools.push(tool);
  }
  return { tools, diagnostics, origins, skipped };
}

/** The engine's project, or the located reason it cannot be made (an unreadable or invalid tsconfig). */
export function setUp<T extends object>(make: () => T, options: AnalyzeOptions): T | AnalyzeResult {
  try {
    return make();
  } catch (error) {
    if (error instanceof EngineFailure) return engineFailed(error, options);
    const message = error instanceof Error ? error.message.split("\n")[0] ?? String(error) : String(error);
    return {
      tools: [],
      diagnostics: [
        {
          severity: "error",
          file: projectFile(options),
          line: 1,
          column: 1,
          message: `cannot set up the TypeScript project: ${message}`,
          hint: "check the tsconfig (or pass one with --tsconfig)",
        },
      ],
    };
  }
}

/** The analysis's result when the engine itself failed: one error, at the project's tsconfig or first input. */
export function engineFailed(error: EngineFailure, options: AnalyzeOptions): AnalyzeResult {
  return { tools: [], diagnostics: [{ severity: "error", file: projectFile(options), line: 1, column: 1, message: error.message, hint: error.hint }] };
}

/** Where a problem of the whole project is reported: its tsconfig, else the first input. */
function projectFile(options: AnalyzeOptions): string {
  const inputs = options.files.map((f) => path.resolve(f));
  return configFor(inputs, options.tsconfig) ?? inputs[0] ?? path.resolve(".");
}
