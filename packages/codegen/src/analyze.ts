/**
 * The analysis on TypeScript 6 (engine `ts6`; src/engines.ts picks the engine): exported functions of
 * the input files -> tools (schemas in the requested style) and located diagnostics. One ts-morph Project serves every input; `createAnalyzer` keeps it alive and
 * re-reads only files whose source (or whose imports' source) changed.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ts, type Project, type SourceFile } from "ts-morph";
import type { AnalyzeOptions, AnalyzeResult, Analyzer, Diagnostic, ToolModel } from "./model.js";
import { analysisProgram, configFor, createProject } from "./project.js";
import { exportedFunctions, type ExportedFunction } from "./reader/exports.js";
import { packageFunctions, resolvePackageTypes } from "./reader/package.js";
import type { DefinitionMemo } from "./reader/context.js";
import { readFunction } from "./reader/functions.js";
import { locationOf } from "./reader/location.js";
import { combine, finish, toolModel, unique, type FileAnalysis } from "./tool-model.js";

/** Analyses the files once (reusing what earlier calls in this process parsed, when still current). */
export function analyze(options: AnalyzeOptions): AnalyzeResult {
  if (options.package !== undefined) return analyzePackage(options.package, options);
  const files = unique(options.files.map((file) => path.resolve(file)));
  const program = setUp(() => analysisProgram(files, options.tsconfig), options);
  if ("diagnostics" in program) return program;
  const memo: DefinitionMemo = new Map();
  return finish(
    combine(
      files.map((file) => analyzeFile(program.getSourceFile(file), file, program, options, memo)),
      options.cwd,
    ),
    options,
  );
}

/**
 * `--package NAME`: the exported functions of an installed package, read from its declaration files,
 * each tool importing its function from the package by name.
 */
function analyzePackage(name: string, options: AnalyzeOptions): AnalyzeResult {
  const cwd = options.cwd ?? process.cwd();
  const entry = resolvePackageTypes(name, cwd);
  if ("problem" in entry) {
    const file = path.join(cwd, "package.json");
    const hint = `install it (and its types, e.g. @types/${name.replace(/^@/, "").replace("/", "__")}) in this project`;
    return { tools: [], diagnostics: [{ severity: "error", file, line: 1, column: 1, message: entry.problem, hint }] };
  }
  const program = setUp(() => analysisProgram([entry.file], options.tsconfig), { ...options, files: [entry.file] });
  if ("diagnostics" in program) return program;
  const source = program.getSourceFile(entry.file);
  if (!source) return analyzeFile(undefined, entry.file, program, options, new Map()) as AnalyzeResult;
  const { functions, access } = packageFunctions(source, program.getTypeChecker());
  const diagnostics: Diagnostic[] = [];
  let chosen = functions;
  if (options.only !== undefined) {
    const wanted = new Set(options.only);
    chosen = functions.filter((fn) => wanted.has(fn.name));
    for (const missing of options.only.filter((only) => !functions.some((fn) => fn.name === only))) {
      diagnostics.push({
        severity: "error",
        file: entry.file,
        line: 1,
        column: 1,
        message: `the package \`${name}\` exports no function \`${missing}\``,
        hint: "check the name in --only (exported names are case-sensitive)",
      });
    }
  }
  const read = readTools(chosen, source, program, options, new Map());
  const module = { specifier: name, access };
  return finish(
    {
      tools: read.tools.map((tool) => ({ ...tool, module })),
      diagnostics: [...diagnostics, ...read.diagnostics],
      skipped: read.skipped,
    },
    options,
  );
}

/** The Project, or the located reason it cannot be made (an unreadable or invalid tsconfig). */
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


/** A long-lived analysis for watch mode. */
export function createAnalyzer(options: AnalyzeOptions): Analyzer {
  const files = unique(options.files.map((file) => path.resolve(file)));
  const project = setUp(() => createProject(files, options.tsconfig), options);
  if ("diagnostics" in project) return { analyze: () => project, update: () => {} };
  const cache = new Map<string, FileAnalysis>();

  return {
    analyze() {
      const program = project.getProgram().compilerObject;
      const memo: DefinitionMemo = new Map();
      const perFile = files.map((file) => {
        const cached = cache.get(file);
        if (cached) return cached;
        const source = program.getSourceFile(project.getSourceFile(file)?.getFilePath() ?? file);
        const fresh = analyzeFile(source, file, program, options, memo);
        cache.set(file, fresh);
        return fresh;
      });
      return finish(combine(perFile, options.cwd), options);
    },
    update(changedPaths) {
      const changed = changedPaths.map((file) => path.resolve(file));
      for (const file of invalidated(project, changed, [...cache.keys()])) cache.delete(file);
      for (const file of changed) {
        const source = project.getSourceFile(file);
        if (!existsSync(file)) {
          if (source) project.removeSourceFile(source);
          const index = files.indexOf(file);
          if (index >= 0) files.splice(index, 1);
          cache.delete(file);
        } else if (source) {
          source.refreshFromFileSystemSync();
        } else {
          project.addSourceFileAtPath(file);
          if (!files.includes(file)) files.push(file);
        }
      }
    },
  };
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

/**
 * The compiler's parse errors in an input, as located errors: a file that does not parse has no
 * trustworthy signatures (a broken parameter list reads as other parameters). Only syntax is checked -
 * type errors in the user's code are the user's compiler's business and would cost a full check.
 */
function syntaxDiagnostics(program: ts.Program, source: ts.SourceFile): Diagnostic[] {
  return program.getSyntacticDiagnostics(source).map((diagnostic) => {
    const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    return {
      severity: "error",
      file: source.fileName,
      line: line + 1,
      column: character + 1,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
      hint: "the file must parse before its functions can become tools",
    };
  });
}

/**
 * The cached files to re-read: the changed ones and every file that imports them, transitively. A
 * changed script (no imports or exports: its declarations are global) can affect any file.
 */
function invalidated(project: Project, changed: readonly string[], cached: Iterable<string>): Set<string> {
  const out = new Set<string>(changed);
  const queue: SourceFile[] = changed.flatMap((file) => project.getSourceFile(file) ?? []);
  if (queue.some((source) => !ts.isExternalModule(source.compilerNode))) {
    for (const file of cached) out.add(file);
  }
  while (queue.length) {
    const source = queue.pop() as SourceFile;
    for (const importer of source.getReferencingSourceFiles()) {
      const file = importer.getFilePath();
      if (!out.has(file)) {
        out.add(file);
        queue.push(importer);
      }
    }
  }
  return out;
}
