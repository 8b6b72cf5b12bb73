/** Turns the command line's files and globs into the list of input files, in the order given. */
import { statSync } from "node:fs";
import path from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";

export interface ExpandedInputs {
  files: string[];
  /** Patterns that matched nothing, missing files: usage problems, reported before any analysis. */
  problems: string[];
}

const IGNORED = ["**/node_modules/**", "**/*.d.ts", "**/*.d.mts", "**/*.d.cts"];
/** What a folder given as an input stands for. */
const SOURCES = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"];
/** What a glob keeps of its matches: `tools/*` must not feed a README or a .js file to the analysis. */
const SOURCE_FILE = /\.(?:ts|tsx|mts|cts)$/;

/**
 * Globs (tinyglobby syntax, relative to `cwd`) expand to their TypeScript matches sorted by path; a folder stands for
 * the TypeScript files under it; plain paths must exist. Files that are also outputs are left out of
 * glob and folder matches (a registry never reads itself).
 */
export async function expandInputs(
  patterns: readonly string[],
  cwd: string,
  outputs: readonly string[] = [],
): Promise<ExpandedInputs> {
  const files: string[] = [];
  const problems: string[] = [];
  const isOutput = (file: string) => outputs.includes(file);
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      const matches = await glob(pattern, { cwd, absolute: true, onlyFiles: true, ignore: IGNORED });
      const inputs = matches.map((match) => path.resolve(match)).filter((file) => SOURCE_FILE.test(file) && !isOutput(file));
      if (inputs.length === 0) problems.push(`no TypeScript files match \`${pattern}\``);
      files.push(...inputs.sort());
    } else if (isDirectory(path.resolve(cwd, pattern))) {
      const matches = await glob(SOURCES, { cwd: path.resolve(cwd, pattern), absolute: true, onlyFiles: true, ignore: IGNORED });
      const inputs = matches.map((match) => path.resolve(match)).filter((file) => !isOutput(file));
      if (inputs.length === 0) problems.push(`no TypeScript files in ${pattern}`);
      files.push(...inputs.sort());
    } else {
      const file = path.resolve(cwd, pattern);
      if (!isFile(file)) problems.push(`input file not found: ${pattern}`);
      else if (isOutput(file)) problems.push(`${pattern} is both an input and an output`);
      else files.push(file);
    }
  }
  return { files: [...new Set(files)], problems };
}

/** The directories to watch for files appearing or disappearing under a pattern. */
export function watchRoots(patterns: readonly string[], cwd: string): { directory: string; recursive: boolean }[] {
  return patterns.map((pattern) => {
    const plain = path.resolve(cwd, pattern);
    if (!isDynamicPattern(pattern)) {
      return isDirectory(plain) ? { directory: plain, recursive: true } : { directory: path.dirname(plain), recursive: false };
    }
    const segments = pattern.split(/[\\/]/);
    const firstDynamic = segments.findIndex((segment) => isDynamicPattern(segment));
    const base = segments.slice(0, firstDynamic).join("/");
    const recursive = segments.slice(firstDynamic, -1).length > 0;
    return { directory: path.resolve(cwd, base === "" && pattern.startsWith("/") ? "/" : base), recursive };
  });
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
