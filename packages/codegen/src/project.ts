/**
 * The ts-morph Project behind an analysis. Compiler options come from `--tsconfig`, else the nearest
 * tsconfig.json above the first input (as tsc and editors do), else strict NodeNext defaults; the
 * tsconfig's own file list is ignored - the inputs decide.
 *
 * One-shot `analyze()` calls in one process share a Project per compiler setup, so files parsed for one
 * call (libraries, `node_modules` declarations, shared types) are not parsed again by the next: a test
 * suite analysing sixty fixtures parses the runtime's declarations once. Files whose modification time
 * changed since are re-read.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { Project, ts } from "ts-morph";

const defaultOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  // Without a tsconfig, no DOM library: parsing lib.dom costs more than most tool files together.
  lib: ["lib.es2023.d.ts"],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
};

/**
 * The export condition under which @toolsmith/runtime resolves to its types-only entry: a tool file
 * importing `Int` then costs a handful of files instead of the runtime's whole import graph. Added in
 * front of the user's own conditions (package.json order decides, and the runtime lists it first).
 */
export const typesCondition = "toolsmith-types";

/** What `module` implies when `moduleResolution` is not set (only the kinds that honour conditions). */
function impliedResolution(module: ts.ModuleKind | undefined): ts.ModuleResolutionKind | undefined {
  if (module === undefined) return undefined;
  if (module === ts.ModuleKind.Preserve) return ts.ModuleResolutionKind.Bundler;
  return module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext ? ts.ModuleResolutionKind.NodeNext : undefined;
}

function withTypesCondition(project: Project): Project {
  const options = project.getCompilerOptions();
  const resolution = options.moduleResolution ?? impliedResolution(options.module);
  const conditional =
    resolution === ts.ModuleResolutionKind.Node16 ||
    resolution === ts.ModuleResolutionKind.NodeNext ||
    resolution === ts.ModuleResolutionKind.Bundler;
  if (!conditional) return project;
  const own = options.customConditions ?? [];
  if (!own.includes(typesCondition)) project.compilerOptions.set({ customConditions: [typesCondition, ...own] });
  return project;
}

export function findTsconfig(from: string): string | undefined {
  let dir = path.dirname(from);
  for (;;) {
    const candidate = path.join(dir, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function configFor(files: readonly string[], tsconfig: string | undefined): string | undefined {
  return tsconfig ? path.resolve(tsconfig) : files[0] ? findTsconfig(files[0]) : undefined;
}

function newProject(config: string | undefined): Project {
  return withTypesCondition(
    config
      ? new Project({ tsConfigFilePath: config, skipAddingFilesFromTsConfig: true, compilerOptions: { noEmit: true } })
      : new Project({ compilerOptions: defaultOptions }),
  );
}

/** A Project of its own (for a long-lived analyzer, which edits it). */
export function createProject(files: readonly string[], tsconfig: string | undefined): Project {
  const project = newProject(configFor(files, tsconfig));
  for (const file of files) project.addSourceFileAtPathIfExists(file);
  return project;
}

interface Pooled {
  readonly project: Project;
  /** Modification times of the files the last program read, to notice edits. */
  readonly seen: Map<string, number>;
}

const pool = new Map<string, Pooled>();
/** Past this many files a pooled Project is dropped rather than grown further. */
const maxPooledFiles = 5000;

const modified = (file: string): number | undefined => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
};

/** The shared Project for this compiler setup, holding `files` as they are on disk now. */
export function sharedProject(files: readonly string[], tsconfig: string | undefined): Project {
  const config = configFor(files, tsconfig);
  const key = config ? `${config}@${modified(config) ?? 0}` : "(defaults)";
  let pooled = pool.get(key);
  if (pooled && pooled.seen.size > maxPooledFiles) {
    pool.delete(key);
    pooled = undefined;
  }
  if (!pooled) {
    pooled = { project: newProject(config), seen: new Map() };
    pool.set(key, pooled);
  }
  const { project, seen } = pooled;
  for (const [file, mtime] of seen) {
    if (modified(file) === mtime) continue;
    seen.delete(file);
    project.getSourceFile(file)?.refreshFromFileSystemSync();
  }
  // Also marks a file known so far only as an earlier input's import as a root of the program.
  for (const file of files) project.addSourceFileAtPathIfExists(file);
  return project;
}

/** Remembers the modification times of what `program` read, for the next `sharedProject` call. */
export function rememberRead(project: Project, program: ts.Program): void {
  for (const pooled of pool.values()) {
    if (pooled.project !== project) continue;
    for (const source of program.getSourceFiles()) {
      if (program.isSourceFileDefaultLibrary(source) || pooled.seen.has(source.fileName)) continue;
      const mtime = modified(source.fileName);
      if (mtime !== undefined) pooled.seen.set(source.fileName, mtime);
    }
  }
}
