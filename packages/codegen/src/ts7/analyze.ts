/**
 * The analysis on TypeScript 7 (`engine: "ts7"`): the same pipeline as ../analyze.ts - exported
 * functions -> IR -> tools, each file read by ../analyze-file.ts (the same reader) over ./api.ts's
 * `ts` - with the native compiler process opened per one-shot analysis, or kept for a long-lived
 * (watch) analyzer. Loads no TypeScript 6.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { analyzeFile, engineFailed, setUp, type Engine } from "../analyze-file.js";
import type { AnalyzeOptions, AnalyzeResult, Analyzer, Diagnostic } from "../model.js";
import type { DefinitionMemo } from "../reader/context.js";
import { combine, finish, unique, type FileAnalysis } from "../tool-model.js";
import { FileReadings } from "../file-readings.js";
import { configFor } from "../tsconfig-path.js";
import { diagnosticMessage, openProject, ts, type NativeDiagnostic, type OpenedProject } from "./api.js";
import { EngineFailure } from "../engine-failure.js";
import { configChain } from "../config-chain.js";
import { setsBaseUrl } from "../engine-choice.js";

/** The shared per-file analysis (../analyze-file.ts) on TypeScript 7. */
/** The ts7 engine as analyzeFile takes it (exported for tests that drive the per-file seam). */
export const ts7: Engine = { ts, syntaxDiagnostics };

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
    return withBaseUrlWarning(analyzeOpened(project, files, options), files, options);
  } catch (error) {
    if (error instanceof EngineFailure) return engineFailed(error, options);
    throw error;
  } finally {
    project.close();
  }
}

/**
 * `--engine ts7` asked for on a project whose tsconfig sets `baseUrl` (the default engine is ts6 there):
 * TypeScript 7 no longer reads it, so say so at the tsconfig, beside the imports it leaves unresolved.
 */
function withBaseUrlWarning(result: AnalyzeResult, files: readonly string[], options: AnalyzeOptions): AnalyzeResult {
  const chain = configChain(files, options.tsconfig);
  const [config] = chain;
  if (!config || !setsBaseUrl(chain)) return result;
  const warning: Diagnostic = {
    severity: "warning",
    file: config,
    line: 1,
    column: 1,
    message: "`baseUrl` is set, and TypeScript 7 no longer reads it: imports that rely on it do not resolve with --engine ts7",
    hint: "leave --engine out (a project with `baseUrl` reads with ts6), or write `paths` entries relative to the tsconfig instead",
  };
  return { ...result, diagnostics: [warning, ...result.diagnostics] };
}

/** The one-shot analysis of an opened project (the caller closes it). */
function analyzeOpened(project: OpenedProject, files: readonly string[], options: AnalyzeOptions): AnalyzeResult {
  const program = project.program;
  const memo: DefinitionMemo = new Map();
  // While one part of the files is read (JavaScript), the native process checks the next part.
  const parts = inParts(files, READ_AHEAD_PARTS);
  project.prepare(parts[0] ?? []);
  const perFile: FileAnalysis[] = [];
  parts.forEach((part, index) => {
    const next = parts[index + 1];
    if (next) project.prepareAhead(next);
    for (const file of part) perFile.push(analyzeFile(ts7, program.getSourceFile(file), file, program, options, memo));
    if (next) project.finishAhead();
  });
  return finish(combine(perFile, options.cwd), options);
}

/** Into how many parts a one-shot analysis splits its files, to overlap reading with checking. */
const READ_AHEAD_PARTS = 5;

function inParts<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.max(1, Math.ceil(items.length / parts));
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/**
 * A long-lived analysis for watch mode: one native process; an edit refreshes the snapshot. Should the
 * process fail (an EngineFailure), or the project not open, that cycle reports it and the next one opens
 * it anew.
 */
export function createTs7Analyzer(options: AnalyzeOptions): Analyzer {
  if (options.package !== undefined) return { analyze: () => packageUnsupported(options), update: () => {} };
  const files = unique(options.files.map((file) => path.resolve(file)));
  /** Opened by the first analysis, and again by the one after a failure. */
  let project: OpenedProject | undefined;
  const readings = new FileReadings();
  let pending: string[] = [];
  const failed = (error: unknown): AnalyzeResult => {
    if (!(error instanceof EngineFailure)) throw error;
    project?.close();
    project = undefined;
    return engineFailed(error, options);
  };
  return {
    rereads: readings.counts,
    analyze() {
      if (project === undefined) {
        const opened = setUp(() => open(files, options), options);
        if ("diagnostics" in opened) return opened;
        project = opened;
        readings.clear();
        pending = [];
      }
      try {
        return analyzeWith(project);
      } catch (error) {
        return failed(error);
      }
    },
    update(changedPaths) {
      const changed = changedPaths.map((file) => path.resolve(file));
      try {
        if (project !== undefined) readings.invalidate(invalidated(project.localSourceFiles(), changed, readings.files()), changed);
      } catch (error) {
        failed(error);
      }
      for (const file of changed) {
        if (!existsSync(file)) {
          const index = files.indexOf(file);
          if (index >= 0) files.splice(index, 1);
          readings.drop(file);
        } else if (!files.includes(file) && (project === undefined || !project.program.getSourceFile(file))) {
          files.push(file);
        }
      }
      pending.push(...changed);
    },
    close: () => project?.close(),
  };

  function analyzeWith(live: OpenedProject): AnalyzeResult {
    if (pending.length) {
      live.update(pending, files);
      pending = [];
    }
    live.prepare(
      files.filter((file) => !readings.get(file)),
      (file, text) => readings.partOf(file, text),
    );
    const program = live.program;
    const memo: DefinitionMemo = new Map();
    const perFile = files.map((file) => readings.get(file) ?? readings.read(ts7, program.getSourceFile(file), file, program, options, memo));
    return finish(combine(perFile, options.cwd), options);
  }
}

/**
 * The cached files to re-read: the changed ones and every file that imports them (relative imports,
 * transitively). A changed script (no imports or exports: its declarations are global) affects all.
 */
function invalidated(sources: readonly ts.SourceFile[], changed: readonly string[], cached: readonly string[]): Set<string> {
  const out = new Set<string>(changed);
  const known = new Set(sources.map((source) => source.fileName));
  const changedSet = new Set(changed);
  if (sources.some((source) => changedSet.has(source.fileName) && !ts.isExternalModule(source))) {
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
