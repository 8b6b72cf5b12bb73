/** Which tsconfig an analysis uses: `--tsconfig`, else the nearest tsconfig.json above the first input. */
import { existsSync } from "node:fs";
import path from "node:path";

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

