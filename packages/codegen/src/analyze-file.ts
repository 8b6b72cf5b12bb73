/**
 * The analysis both engines share: one input file -> its exported functions -> tools, with located
 * diagnostics, read over the compiler the engine hands in (`Compiler`, src/reader/context.ts). The
 * engines (./analyze.ts on TypeScript 6, ./ts7/analyze.ts on TypeScript 7) own the program and the
 * syntax check. This module imports no compiler, so the ts7 engine loads no TypeScript 6 through it.
 */
import path from "node:path";
import { compareCodePoints } from "./emit/schema/key-order.js";
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
  const exports = exportsOf(engine, source, program);
  const results = exports.functions.map((exported) => readOne(exported, source, program, engine.ts, options, memo));
  return fileAnalysis(source, exports, results);
}

/** A parsed input's exported functions, and a warning at each export that is no tool. */
export function exportsOf(
  engine: Engine,
  source: ts.SourceFile,
  program: ts.Program,
): { functions: readonly ExportedFunction[]; diagnostics: readonly Diagnostic[] } {
  const { functions, skipped } = exportedFunctions(source, program.getTypeChecker(), engine.ts);
  const diagnostics = skipped.map(({ node, message, hint }): Diagnostic => ({ severity: "warning", file: source.fileName, ...locationOf(node, source), message, hint }));
  return { functions, diagnostics };
}

/** A file's analysis from its exports and their functions' results (one each, in order). */
export function fileAnalysis(
  source: ts.SourceFile,
  exports: { readonly functions: readonly ExportedFunction[]; readonly diagnostics: readonly Diagnostic[] },
  results: readonly FunctionResult[],
): FileAnalysis {
  const read = assembled(results, exports.functions);
  const diagnostics = [...exports.diagnostics, ...read.diagnostics];
  if (exports.functions.length === 0) {
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

/** What reading one exported function gave: its tool (unless left out), its diagnostics, and why it is missing. */
export interface FunctionResult {
  readonly tool?: ToolModel;
  readonly diagnostics: readonly Diagnostic[];
  /** Where the function is declared (`file:offset`), for a tool: see FileAnalysis.origins. */
  readonly origin?: string;
  /** Left out for its errors (`skipInvalid`). */
  readonly skipped: boolean;
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
  return assembled(functions.map((exported) => readOne(exported, source, program, compiler, options, memo)), functions);
}

/** One function's reading (see readTools). */
export function readOne(
  exported: ExportedFunction,
  source: ts.SourceFile,
  program: ts.Program,
  compiler: Compiler,
  options: AnalyzeOptions,
  memo: DefinitionMemo,
): FunctionResult {
  const reading = readFunction(exported, source, program, compiler, memo);
  // In source order: the order the reader meets problems in depends on what the run read before (a
  // memoized definition's are said where it is replayed, a waiting judgment's when it is made).
  const diagnostics = [...reading.diagnostics].sort(inSourceOrder);
  const readable = !reading.diagnostics.some((d) => d.severity === "error");
  if (!reading.fn) return { diagnostics, skipped: !readable && (options.skipInvalid ?? false) };
  const before = diagnostics.length;
  const tool = toolModel(reading.fn, { ...options, strict: (options.strict ?? false) && readable }, diagnostics);
  const strictErrors = diagnostics.slice(before).some((d) => d.severity === "error");
  // Strict mode's own problems among the reading's, in source order too.
  if (diagnostics.length > before) diagnostics.sort(inSourceOrder);
  if (options.skipInvalid && (!readable || strictErrors)) return { diagnostics, skipped: true };
  const declaration = exported.declarations[exported.declarations.length - 1] ?? exported.nameNode;
  return { tool, diagnostics, origin: `${declaration.getSourceFile().fileName}:${declaration.pos}`, skipped: false };
}

/** The functions' results as readTools gives them. */
export function assembled(
  results: readonly FunctionResult[],
  functions: readonly { readonly name: string }[],
): { tools: ToolModel[]; diagnostics: Diagnostic[]; origins: Map<ToolModel, string>; skipped: string[] } {
  const tools: ToolModel[] = [];
  const diagnostics: Diagnostic[] = [];
  const origins = new Map<ToolModel, string>();
  const skipped: string[] = [];
  results.forEach((result, index) => {
    diagnostics.push(...result.diagnostics);
    if (result.skipped) skipped.push((functions[index] as { name: string }).name);
    if (!result.tool) return;
    if (result.origin !== undefined) origins.set(result.tool, result.origin);
    tools.push(result.tool);
  });
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

/** By file, line, column, then severity and message: a total order, so that any order of the same problems sorts alike. */
function inSourceOrder(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.line - b.line ||
    a.column - b.column ||
    compareCodePoints(a.severity, b.severity) ||
    compareCodePoints(a.message, b.message) ||
    compareCodePoints(a.hint ?? "", b.hint ?? "")
  );
}
