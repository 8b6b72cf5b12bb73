/**
 * The local files a set of inputs depends on, through relative imports, found without type-checking
 * (`ts.preProcessFile` only scans import syntax). Watch mode watches their folders and refreshes them.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ts } from "ts-morph";

const SOURCE_FOR_JS: Record<string, string[]> = {
  ".js": [".ts", ".tsx", ".js"],
  ".jsx": [".tsx", ".jsx"],
  ".mjs": [".mts", ".mjs"],
  ".cjs": [".cts", ".cjs"],
};

/** The inputs and every file they reach through relative imports (package imports are not followed). */
export function localImportClosure(inputs: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...inputs];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    const { importedFiles } = ts.preProcessFile(text, true, false);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith("./") && !fileName.startsWith("../")) continue;
      const resolved = resolveRelative(path.resolve(path.dirname(file), fileName));
      if (resolved && !seen.has(resolved)) queue.push(resolved);
    }
  }
  return seen;
}

/** `./types.js` -> `./types.ts` (NodeNext style), also extensionless and folder `index` imports. */
function resolveRelative(target: string): string | undefined {
  const ext = path.extname(target);
  const stem = target.slice(0, target.length - ext.length);
  const candidates = [
    ...(SOURCE_FOR_JS[ext] ?? [ext]).map((e) => stem + e),
    ...[".ts", ".tsx", ".mts", ".cts"].flatMap((e) => [target + e, path.join(target, `index${e}`)]),
  ];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}
