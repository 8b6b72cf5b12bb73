/**
 * The one ts-morph Project behind an analysis. Compiler options come from `--tsconfig`, else the
 * nearest tsconfig.json above the first input (as tsc and editors do), else strict NodeNext defaults;
 * the tsconfig's own file list is ignored - the inputs decide.
 */
import { existsSync } from "node:fs";
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

export function createProject(files: readonly string[], tsconfig: string | undefined): Project {
  const config = tsconfig ? path.resolve(tsconfig) : files[0] ? findTsconfig(files[0]) : undefined;
  const project = config
    ? new Project({ tsConfigFilePath: config, skipAddingFilesFromTsConfig: true, compilerOptions: { noEmit: true } })
    : new Project({ compilerOptions: defaultOptions });
  for (const file of files) project.addSourceFileAtPathIfExists(file);
  return project;
}
