/**
 * The compiler program behind a one-shot `analyze()`, built on the raw compiler API (watch mode keeps a
 * ts-morph Project, which it edits). What it saves over a plain program, without changing any output:
 * - bodies: a function that declares its return type cannot affect any parameter or return type, so
 *   after parsing (which keeps every syntax error, and every position) its body's statements are dropped
 *   before the binder and checker see them - binding bodies is most of what binding costs;
 * - TypeScript's default libraries come from memory (ts-morph's copy), parsed without their JSDoc, and
 *   no file gets the parent pointers a language service sets up front (the binder sets them);
 * - a process that analyses again (a test suite, a script) reuses every parsed file whose modification
 *   time is unchanged, and the previous program's structure.
 */
import { statSync } from "node:fs";
import { getLibFiles } from "@ts-morph/common";
import { ts } from "ts-morph";
import { bodyIsPrivate } from "./private-body.js";

const libFolder = "/__toolsmith__/typescript/lib";
let libTexts: Map<string, string> | undefined;
const libText = (fileName: string): string | undefined => {
  libTexts ??= new Map(getLibFiles().map((file) => [`${libFolder}/${file.fileName}`, file.text]));
  return libTexts.get(fileName);
};

interface Parsed {
  readonly mtime: number | undefined;
  readonly source: ts.SourceFile;
}

/** Parsed files by name and parse settings, across calls. */
const parsed = new Map<string, Parsed>();
const maxParsedFiles = 5000;
/** The modification time each parsed file had when it was read. */
const readAt = new WeakMap<ts.SourceFile, number | undefined>();
/** The last program per compiler setup, for structure reuse. */
const lastPrograms = new Map<string, ts.Program>();

/** The file's modification time (ms), undefined when it cannot be read. */
export const modified = (file: string): number | undefined => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

/** A program holding `files` (absolute) as they are on disk now, with `options`. */
export function createAnalysisProgram(files: readonly string[], options: ts.CompilerOptions, key: string): ts.Program {
  const host = ts.createCompilerHost(options, false);
  host.getDefaultLibLocation = () => libFolder;
  host.getDefaultLibFileName = (compilerOptions) => `${libFolder}/${ts.getDefaultLibFileName(compilerOptions)}`;
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.fileExists = (file) => libText(file) !== undefined || fileExists(file);
  host.readFile = (file) => libText(file) ?? readFile(file);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError) => {
    const settings =
      typeof languageVersionOrOptions === "object" ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
    const lib = libText(fileName);
    const cacheKey = `${fileName}\0${settings.languageVersion}\0${settings.impliedNodeFormat ?? ""}`;
    const mtime = lib === undefined ? modified(fileName) : 0;
    const cached = parsed.get(cacheKey);
    if (cached && cached.mtime === mtime) return cached.source;
    const text = lib ?? readFile(fileName);
    if (text === undefined) {
      onError?.(`cannot read ${fileName}`);
      return undefined;
    }
    const source = ts.createSourceFile(fileName, text, {
      ...settings,
      // Nothing reads the libraries' documentation.
      jsDocParsingMode: lib === undefined ? ts.JSDocParsingMode.ParseAll : ts.JSDocParsingMode.ParseNone,
    });
    if (!source.isDeclarationFile) dropTypedBodies(source);
    if (parsed.size > maxParsedFiles) parsed.clear();
    parsed.set(cacheKey, { mtime, source });
    readAt.set(source, mtime);
    return source;
  };
  const oldProgram = lastPrograms.get(key);
  if (oldProgram && unchanged(oldProgram, files)) return oldProgram;
  const program = ts.createProgram({ rootNames: files, options, host, ...(oldProgram ? { oldProgram } : {}) });
  lastPrograms.set(key, program);
  return program;
}

/**
 * Whether `program` already is the program of `files` as they are now (same inputs, no file it read
 * modified since): then its checker, with every type it resolved, serves the next analysis as well.
 */
function unchanged(program: ts.Program, files: readonly string[]): boolean {
  const roots = program.getRootFileNames();
  if (roots.length !== files.length || roots.some((root, index) => root !== files[index])) return false;
  return program.getSourceFiles().every((source) => {
    if (program.isSourceFileDefaultLibrary(source)) return true;
    return readAt.has(source) && readAt.get(source) === modified(source.fileName);
  });
}

/**
 * Empties the body of every function, method and accessor whose body nothing else can see (it declares
 * its return type, and more: src/private-body.ts). The parse
 * diagnostics stay on the source file; positions of everything else are untouched.
 */
function dropTypedBodies(source: ts.SourceFile): void {
  const visit = (node: ts.Node): void => {
    if (
      (ts.isFunctionDeclaration(node) ||
        ts.isFunctionExpression(node) ||
        ts.isArrowFunction(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isGetAccessorDeclaration(node)) &&
      node.body &&
      ts.isBlock(node.body) &&
      bodyIsPrivate(node, source.text, ts)
    ) {
      const statements = node.body.statements;
      if (statements.length) {
        const empty = ts.setTextRange(ts.factory.createNodeArray<ts.Statement>([]), statements);
        (node.body as { statements: ts.NodeArray<ts.Statement> }).statements = empty;
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
