/**
 * The analysis on TypeScript 7 (`engine: "ts7"`): the same pipeline as ../analyze.ts - exported
 * functions -> IR (the generated reader over ./api.ts) -> tools - with the native compiler process
 * opened per one-shot analysis, or kept for a long-lived (watch) analyzer. Loads no TypeScript 6.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { AnalyzeOptions, AnalyzeResult, Analyzer, Diagnostic, ToolModel } from "../model.js";
import { combine, finish, toolModel, unique, type FileAnalysis } from "../tool-model.js";
import { configFor } from "../tsconfig-path.js";
import { diagnosticMessage, openProject, ts, type NativeDiagnostic, type OpenedProject } from "./api.js";
import type { DefinitionMemo } from "./reader/context.js";
import { exportedFunctions, type ExportedFunction } from "./reader/exports.js";
import { readFunction } from "./reader/functions.js";
import { locationOf } from "./reader/location.js";

/** `--package` resolves packages with TypeScript 6's module resolution, which TypeScript 7's API lacks. */
function packageUnsupported(options: AnalyzeOptions): AnalyzeResult {
  return {
    tools: [],
    diagnostics: [
      {
        severity: "error",
        file: path.join(options.cwd ?? process.cwd(), "package.json"),
        line: 1,
        column: 1,
        message: "--package is read with the ts6 engine only",
        hint: "leave out --engine ts7 (or pass --engine ts6) with --package",
      },
    ],
  };
}

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
  if (options.package !== undefined) return packageUnsupported(options);
  const files = unique(options.files.map((file) => path.resolve(file)));
  const project = setUp(() => open(files, options), options);
  if ("diagnostics" in project) return project;
  try {
    const program = project.program;
    const memo: DefinitionMemo = new Map();
    return finish(
      combine(
        files.map((file) => analyzeFile(program.getSourceFile(file), file, program, options, memo)),
        options.cwd,
      ),
      options,
    );
  } finally {
    project.close();
  }
}

/** A long-lived analysis for watch mode: one native process; an edit refreshes the snapshot. */
export function createTs7Analyzer(options: AnalyzeOptions): Analyzer {
  if (options.package !== undefined) return { analyze: () => packageUnsupported(options), update: () => {} };
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
      return finish(combine(perFile, options.cwd), options);
    },
    update(changedPaths) {
      const changed = changedPaths.map((file) => path.resolve(file));
      for (const file of invalidated(project.program, changed, [...cache.keys()])) cache.delete(file);
      for (const file of changed) {
        if (!existsSync(file)) {
          const index = files.indexOf(file);
          if (index >= 0) files.splice(index, 1);
          cache.delete(file);
        } else if (!files.includes(file) && !project.program.getSourceFile(file)) {
          files.push(file);
        }
      }
      pending.push(...changed);
    },
    close: () => project.close(),
  };
}

/**
 * The cached files to re-read: the changed ones and every file that imports them (relative imports,
 * transitively). A changed script (no imports or exports: its declarations are global) affects all.
 */
function invalidated(program: ts.Program, changed: readonly string[], cached: readonly string[]): Set<string> {
  const out = new Set<string>(changed);
  const sources = program.getSourceFiles().filter((source) => !source.fileName.includes("/node_modules/"));
  const known = new Set(sources.map((source) => source.fileName));
  if (changed.some((file) => { const source = program.getSourceFile(file); return source !== undefined && !ts.isExternalModule(source); })) {
    for (const file of cached) out.add(file);
  }
  const importers = new Map<string, string[]>();
  for (const source of sources) {
    for (const imported of localImports(source, known)) importers.set(imported, [...(importers.get(imported) ?? []), source.fileName]);
  }
  const queue = [...changed];
  while (queue.length) {
    for (const importer of importers.get(queue.pop() as string) ?? []) {
      if (!out.has(importer)) {
        out.add(importer);
        queue.push(importer);
      }
    }
  }
  return out;
}

/** The program's files a source imports by relative path (`./types.js` -> `types.ts`). */
function localImports(source: ts.SourceFile, known: ReadonlySet<string>): string[] {
  const specifiers = (source as unknown as { imports?: readonly { text: string }[] }).imports ?? [];
  const out: string[] = [];
  for (const { text } of specifiers) {
    if (!text.startsWith(".")) continue;
    const base = path.resolve(path.dirname(source.fileName), text);
    const stem = base.replace(/\.(m|c)?js$/, "");
    for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, `${stem}.d.ts`, `${base}/index.ts`]) {
      if (known.has(candidate)) {
        out.push(candidate);
        break;
      }
    }
  }
  return out;
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
  const diagnostics: Diagnostic[] = [];
  const { functions, skipped } = exportedFunctions(source, program.getTypeChecker());
  for (const { node, message, hint } of skipped) {
    diagnostics.push({ severity: "warning", file: source.fileName, ...locationOf(node, source), message, hint });
  }
  const read = readTools(functions, source, program, options, memo);
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
function readTools(
  functions: readonly ExportedFunction[],
  source: ts.SourceFile,
  program: ts.Program,
  options: AnalyzeOptions,
  memo: DefinitionMemo,
): { tools: ToolModel[]; diagnostics: Diagnostic[]; origins: Map<ToolModel, string>; skipped: string[] } {
  const tools: ToolModel[] = [];
  const diagnostics: Diagnostic[] = [];
  const origins = new Map<ToolModel, string>();
  const skipped: string[] = [];
  for (const exported of functions) {
    const reading = readFunction(exported, source, program, memo);
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
