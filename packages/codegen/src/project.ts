/**
 * The compiler setup behind an analysis. Compiler options come from `--tsconfig`, else the nearest
 * tsconfig.json above the first input (as tsc and editors do), else strict NodeNext defaults; the
 * tsconfig's own file list is ignored - the inputs decide.
 *
 * One-shot `analyze()` builds a raw compiler program (`program.ts`: files parsed for one call are
 * reused by the next while unchanged). Watch mode's long-lived analyzer edits a ts-morph Project.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Project, ts } from "ts-morph";
import { createAnalysisProgram, modified } from "./program.js";
import { configFor } from "./tsconfig-path.js";

export { configFor, findTsconfig } from "./tsconfig-path.js";

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

/** The conditions to set so @toolsmith/runtime resolves to its types, or undefined to leave them. */
function conditionsWithTypes(options: ts.CompilerOptions): string[] | undefined {
  const resolution = options.moduleResolution ?? impliedResolution(options.module);
  const conditional =
    resolution === ts.ModuleResolutionKind.Node16 ||
    resolution === ts.ModuleResolutionKind.NodeNext ||
    resolution === ts.ModuleResolutionKind.Bundler;
  const own = options.customConditions ?? [];
  return conditional && !own.includes(typesCondition) ? [typesCondition, ...own] : undefined;
}

function withTypesCondition(project: Project): Project {
  const customConditions = conditionsWithTypes(project.getCompilerOptions());
  if (customConditions) project.compilerOptions.set({ customConditions });
  return project;
}

/** A ts-morph Project of its own (for a long-lived analyzer, which edits it). */
export function createProject(files: readonly string[], tsconfig: string | undefined): Project {
  const config = configFor(files, tsconfig);
  if (config) optionsOf(config); // throws, as for a one-shot analysis, when the tsconfig is broken
  const project = withTypesCondition(
    config
      ? new Project({ tsConfigFilePath: config, skipAddingFilesFromTsConfig: true, compilerOptions: { noEmit: true } })
      : new Project({ compilerOptions: defaultOptions }),
  );
  for (const file of files) project.addSourceFileAtPathIfExists(file);
  return project;
}

/** The compiler options of a tsconfig (its file list ignored); throws when it cannot be read. */
function optionsOf(config: string): ts.CompilerOptions {
  const read = ts.readConfigFile(config, ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(config), { noEmit: true }, config);
  // The tsconfig's own file list is not used, so "no inputs found" is no problem; anything else (an
  // `extends` that does not resolve, an unknown option) would silently change the analysis.
  const problem = parsed.errors.find((error) => error.code !== NO_INPUTS_FOUND);
  if (problem) throw new Error(`${path.basename(config)}: ${ts.flattenDiagnosticMessageText(problem.messageText, "\n")}`);
  return parsed.options;
}

const NO_INPUTS_FOUND = 18003;

/** A compiler program for a one-shot analysis of `files` (absolute), as they are on disk now. */
export function analysisProgram(files: readonly string[], tsconfig: string | undefined): ts.Program {
  const config = configFor(files, tsconfig);
  const options = { ...(config ? optionsOf(config) : defaultOptions), noEmit: true };
  const customConditions = conditionsWithTypes(options);
  const key = config ? `${config}@${modified(config) ?? 0}` : "(defaults)";
  return createAnalysisProgram(files, customConditions ? { ...options, customConditions } : options, key);
}
