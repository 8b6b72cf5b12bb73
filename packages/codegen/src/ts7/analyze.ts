/**
 * The analysis on TypeScript 7 (`engine: "ts7"`): the same pipeline as ../analyze.ts - exported
 * functions -> IR (the generated reader over ./api.ts) -> tools - with the native compiler process
 * opened per one-shot analysis, or kept for a long-lived (watch) analyzer. Loads no TypeScript 6.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { AnalyzeOptions, AnalyzeResult, Analyzer, Diagnostic, ToolModel } from "../model.js";
import { combine, toolModel, unique, type FileAnalysis } from "../tool-model.js";
import { configFor } from "../tsconfig-path.js";
import { diagnosticMessage, openProject, ts, type NativeDiagnostic, type OpenedProject } from "./api.js";
import type { DefinitionMemo } from "./reader/context.js";
import { exportedFunctions } from "./reader/exports.js";
import { readFunction } from "./reader/functions.js";
import { locationOf } from "./reader/location.js";

/** Without a tsconfig: the ts6 engine's defaults (src/project.ts), in tsconfig spelling. */
const defaultCompilerOptions = {
  target: "es2023",
  lib: ["es2023"],
  module: "nodenext",
  moduleResolution: "nodenext",
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
};

/** The @toolsmith/runtime types-only export condition (see src/project.ts). */
const typesCondition = "toolsmith-types";

function open(files: readonly string[], options: AnalyzeOptions): OpenedProject {
  const tsconfig = configFor(files, options.tsconfig);
  return openProject({
    files,
    tsconfig,
    compilerOptions: tsconfig ? { noEmit: true } : defaultCompilerOptions,
    conditions: [typesCondition],
  });
}

export function analyzeTs7(options: AnalyzeOptions): AnalyzeResult {
  const files = unique(options.files.map((file) => path.resolve(file)));
  const project = setUp(() => open(files, options), options);
  if ("diagnostics" in project) return project;
  try {
    const program = project.program;
    const memo: DefinitionMemo = new Map();
    return combine(
      files.map((file) => analyzeFile(program.getSourceFile(file), file, program, options, memo)),
      options.cwd,
    );
  } finally {
    project.close();
  }
}

/** A long-lived analysis for watch mode: one native process; an edit refreshes the snapshot. */
export function createTs7Analyzer(options: AnalyzeOptions): Analyzer {
  const files = unique(options.files.map((file) => path.resolve(file)));
  const project = setUp(() => open(files, options), options);
  if ("diagnostics" in project) return { analyze: () => project, update: () => {} };
  const cache = new Map<string, FileAnalysis>();
  let pending: string[] = [];
  return {
    analyze() {
      if (pending.length) {
        project.update(pending, files);
        pending = [];
      }
      const program = project.program;
      const memo: DefinitionMemo = new Map();
      const perFile = files.map((file) => {
        const cached = cache.get(file);
        if (cached) return cached;
        const fresh = analyzeFile(program.getSourceFile(file), file, program, options, memo);
        cache.set(file, fresh);
        return fresh;
      });
      return combine(perFile, options.cwd);
    },
    update(changedPaths) {
      const changed = changedPaths.map((file) => path.resolve(file));
      // Types flow across files: any edit may change what another input's functions read as. The
      // native checker re-checks only what it must; re-reading the inputs' exports is the cheap part.
      cache.clear();
      for (const file of changed) {
        if (!existsSync(file)) {
          const index = files.indexOf(file);
          if (index >= 0) files.splice(index, 1);
        } else if (!files.includes(file) && isInput(file, options)) {
          files.push(file);
        }
      }
      pending.push(...changed);
    },
    close: () => project.close(),
  };
}

/** A file that appeared is read when the watcher says it is an input (it passes inputs it expanded). */
function isInput(file: string, options: AnalyzeOptions): boolean {
  return options.files.some((input) => path.resolve(input) === file);
}

function setUp<T extends object>(make: () => T, options: AnalyzeOptions): T | AnalyzeResult {
  try {
    return make();
  } catch (error) {
    const inputs = options.files.map((f) => path.resolve(f));
    const file = configFor(inputs, options.tsconfig) ?? inputs[0] ?? path.resolve(".");
    const message = error instanceof Error ? error.message.split("\n")[0] ?? String(error) : String(error);
    return {
      tools: [],
      diagnostics: [
        {
          severity: "error",
          file,
          line: 1,
          column: 1,
          message: `cannot set up the TypeScript project: ${message}`,
          hint: "check the tsconfig (or pass one with --tsconfig)",
        },
      ],
    };
  }
}

function analyzeFile(
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
  const syntax = syntaxDiagnostics(program, source);
  if (syntax.length) return { tools: [], diagnostics: syntax };
  const tools: ToolModel[] = [];
  const diagnostics: Diagnostic[] = [];
  const origins = new Map<ToolModel, string>();
  const { functions, skipped } = exportedFunctions(source, program.getTypeChecker());
  for (const { node, message, hint } of skipped) {
    diagnostics.push({ severity: "warning", file: source.fileName, ...locationOf(node, source), message, hint });
  }
  for (const exported of functions) {
    const reading = readFunction(exported, source, program, memo);
    diagnostics.push(...reading.diagnostics);
    const readable = !reading.diagnostics.some((d) => d.severity === "error");
    if (!reading.fn) continue;
    const tool = toolModel(reading.fn, { ...options, strict: (options.strict ?? false) && readable }, diagnostics);
    const declaration = exported.declarations[exported.declarations.length - 1] ?? exported.nameNode;
    origins.set(tool, `${declaration.getSourceFile().fileName}:${declaration.pos}`);
    tools.push(tool);
  }
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
  return { tools, diagnostics, origins };
}

/** Parse errors: a file that does not parse has no trustworthy signatures (see ../analyze.ts). */
function syntaxDiagnostics(program: ts.Program, source: ts.SourceFile): Diagnostic[] {
  const found = program.getSyntacticDiagnostics(source) as unknown as readonly NativeDiagnostic[];
  return found.map((diagnostic) => {
    const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.pos);
    return {
      severity: "error",
      file: source.fileName,
      line: line + 1,
      column: character + 1,
      message: diagnosticMessage(diagnostic),
      hint: "the file must parse before its functions can become tools",
    };
  });
}
