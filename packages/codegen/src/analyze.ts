/**
 * The analysis on TypeScript 6 (engine `ts6`; src/engines.ts picks the engine): exported functions of
 * the input files -> tools (schemas in the requested style) and located diagnostics, each file read by
 * ./analyze-file.ts over TypeScript 6's `ts`. One ts-morph Project serves every input; `createAnalyzer`
 * keeps it alive and re-reads only files whose source (or whose imports' source) changed.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ts, type Project, type SourceFile } from "ts-morph";
import { analyzeFile, readTools, setUp, type Engine } from "./analyze-file.js";
import type { AnalyzeOptions, AnalyzeResult, Analyzer, Diagnostic } from "./model.js";
import { analysisProgram, createProject } from "./project.js";
import { packageFunctions, resolvePackageTypes } from "./reader/package.js";
import type { DefinitionMemo } from "./reader/context.js";
import { combine, finish, unique } from "./tool-model.js";
import { FileReadings } from "./file-readings.js";

/** The shared per-file analysis (./analyze-file.ts) on TypeScript 6. */
/** The ts6 engine as analyzeFile takes it (exported for tests that drive the per-file seam). */
export const ts6: Engine = { ts, syntaxDiagnostics };

/** Analyses the files once (reusing what earlier calls in this process parsed, when still current). */
export function analyze(options: AnalyzeOptions): AnalyzeResult {
  if (options.package !== undefined) return analyzePackage(options.package, options);
  const files = unique(options.files.map((file) => path.resolve(file)));
  const program = setUp(() => analysisProgram(files, options.tsconfig), options);
  if ("diagnostics" in program) return program;
  const memo: DefinitionMemo = new Map();
  return finish(
    combine(
      files.map((file) => analyzeFile(ts6, program.getSourceFile(file), file, program, options, memo)),
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
  const entry = resolvePackageTypes(name, cwd, ts);
  if ("problem" in entry) {
    const file = path.join(cwd, "package.json");
    const hint = `install it (and its types, e.g. @types/${name.replace(/^@/, "").replace("/", "__")}) in this project`;
    return { tools: [], diagnostics: [{ severity: "error", file, line: 1, column: 1, message: entry.problem, hint }] };
  }
  const program = setUp(() => analysisProgram([entry.file], options.tsconfig), { ...options, files: [entry.file] });
  if ("diagnostics" in program) return program;
  const source = program.getSourceFile(entry.file);
  if (!source) return analyzeFile(ts6, undefined, entry.file, program, options, new Map()) as AnalyzeResult;
  const { functions, access } = packageFunctions(source, program.getTypeChecker(), ts);
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
  const read = readTools(chosen, source, program, ts, options, new Map());
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

/** A long-lived analysis for watch mode. */
export function createAnalyzer(options: AnalyzeOptions): Analyzer {
  const files = unique(options.files.map((file) => path.resolve(file)));
  const project = setUp(() => createProject(files, options.tsconfig), options);
  if ("diagnostics" in project) return { analyze: () => project, update: () => {} };
  const readings = new FileReadings();

  return {
    rereads: readings.counts,
    analyze() {
      const program = project.getProgram().compilerObject;
      const memo: DefinitionMemo = new Map();
      const perFile = files.map(
        (file) => readings.get(file) ?? readings.read(ts6, program.getSourceFile(project.getSourceFile(file)?.getFilePath() ?? file), file, program, options, memo),
      );
      return finish(combine(perFile, options.cwd), options);
    },
    update(changedPaths) {
      const changed = changedPaths.map((file) => path.resolve(file));
      readings.invalidate(invalidated(project, changed, readings.files()), changed);
      for (const file of changed) {
        const source = project.getSourceFile(file);
        if (!existsSync(file)) {
          if (source) project.removeSourceFile(source);
          const index = files.indexOf(file);
          if (index >= 0) files.splice(index, 1);
          readings.drop(file);
        } else if (source) {
          readAgain(project, source);
        } else {
          project.addSourceFileAtPath(file);
          if (!files.includes(file)) files.push(file);
        }
      }
    },
  };
}

/**
 * The compiler's parse errors in an input, as located errors (see `Engine`). Only syntax is checked -
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
 * A saved file's new text, read as the first reading read it (its byte order mark dropped, its line ends
 * kept: ts-morph's refreshFromFileSystemSync keeps the mark and turns CRLF into LF, which moves columns
 * and changes quoted text). The file keeps its place: an input stays one, an imported file does not
 * become one, and ts-morph still knows its importers. Through ts-morph's compiler factory (an internal of
 * the pinned 28.0.0; without it, the refresh, which the watch tests' BOM and CRLF cases would catch).
 */
function readAgain(project: Project, source: SourceFile): void {
  const text = ts.sys.readFile(source.getFilePath());
  const factory = (project as unknown as { _context?: { compilerFactory?: CompilerFactory } })._context?.compilerFactory;
  if (text === undefined || typeof factory?.createSourceFileFromText !== "function") {
    source.refreshFromFileSystemSync();
    return;
  }
  if (text !== source.compilerNode.text) factory.createSourceFileFromText(source.getFilePath(), text, { overwrite: true, markInProject: false });
}

interface CompilerFactory {
  createSourceFileFromText(filePath: string, text: string, options: { overwrite: boolean; markInProject: boolean }): unknown;
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
