/**
 * The local files a set of inputs depends on, through relative imports, found without type-checking or
 * a compiler (./import-scan.ts only scans import syntax). Watch mode watches their folders and refreshes them.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { importSpecifiers } from "./import-scan.js";
import { stampOf } from "./stamp.js";

const SOURCE_FOR_JS: Record<string, string[]> = {
  ".js": [".ts", ".tsx", ".js"],
  ".jsx": [".tsx", ".jsx"],
  ".mjs": [".mts", ".mjs"],
  ".cjs": [".cts", ".cjs"],
};

/** The inputs and every file they reach through relative imports (package imports are not followed). */
export function localImportClosure(inputs: readonly string[]): Set<string> {
  return new LocalImports().closure(inputs);
}

/**
 * `localImportClosure` for a watch: each file's relative import specifiers are kept and scanned again
 * only when the file's stat (mtime, size, inode) moved or the watcher reported it, so a cycle after a
 * one-file edit reads one file instead of all of them. Specifiers are resolved afresh on every call:
 * a file appearing beside an importer can change where `./x.js` leads without the importer changing.
 */
export class LocalImports {
  private readonly scanned = new Map<string, { stamp: string; specifiers: readonly string[] }>();
  /**
   * Where the last closure's unresolved relative imports would resolve once created: creating one of
   * them changes the analysis (a type error may go away), so a watch watches them too.
   */
  missing: ReadonlySet<string> = new Set();

  /**
   * Scans these files (the watcher saw them change) again now, whatever their stat says; true when one's relative imports are not
   * the ones it had (or it was not known): only then can the last closure have changed, as long as no
   * file appeared or went.
   */
  rescan(files: Iterable<string>): boolean {
    let moved = false;
    for (const file of files) {
      const before = this.scanned.get(file)?.specifiers;
      this.scanned.delete(file);
      const after = this.specifiers(file);
      if (before === undefined || before.length !== after.length || before.some((specifier, i) => specifier !== after[i])) moved = true;
    }
    return moved;
  }

  closure(inputs: readonly string[]): Set<string> {
    const seen = new Set<string>();
    const missing = new Set<string>();
    const resolved = new Map<string, string | undefined>();
    const queue = [...inputs];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const specifier of this.specifiers(file)) {
        const target = path.resolve(path.dirname(file), specifier);
        if (!resolved.has(target)) resolved.set(target, resolveRelative(target));
        const next = resolved.get(target);
        if (next === undefined) for (const candidate of candidatesFor(target)) missing.add(candidate);
        else if (!seen.has(next)) queue.push(next);
      }
    }
    this.missing = missing;
    // Files no longer reached are forgotten, so the memory follows the project rather than its history.
    for (const file of this.scanned.keys()) if (!seen.has(file)) this.scanned.delete(file);
    return seen;
  }

  /** The file's relative import specifiers (none when it cannot be read). */
  private specifiers(file: string): readonly string[] {
    const stamp = stampOf(file);
    if (stamp === undefined) {
      this.scanned.delete(file);
      return [];
    }
    const known = this.scanned.get(file);
    if (known?.stamp === stamp) return known.specifiers;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      this.scanned.delete(file);
      return [];
    }
    const specifiers = importSpecifiers(text).filter((fileName) => fileName.startsWith("./") || fileName.startsWith("../"));
    this.scanned.set(file, { stamp, specifiers });
    return specifiers;
  }
}

/** `./types.js` -> `./types.ts` (NodeNext style), also extensionless and folder `index` imports. */
function resolveRelative(target: string): string | undefined {
  return candidatesFor(target).find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** The files an import of `target` (absolute) may resolve to, in resolution order. */
function candidatesFor(target: string): string[] {
  const ext = path.extname(target);
  const stem = target.slice(0, target.length - ext.length);
  return [
    ...(SOURCE_FOR_JS[ext] ?? [ext]).map((e) => stem + e),
    ...[".ts", ".tsx", ".mts", ".cts"].flatMap((e) => [target + e, path.join(target, `index${e}`)]),
  ];
}
