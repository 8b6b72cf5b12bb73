import path from "node:path";

const RUNTIME_EXTENSION: Record<string, string> = { ".ts": ".js", ".tsx": ".js", ".mts": ".mjs", ".cts": ".cjs" };

/**
 * The ESM specifier a module at `fromFile` uses to import `toFile`: relative, `/`-separated, with the
 * extension the compiled file will have (`./tools/sums.js` for `tools/sums.ts`), as NodeNext requires.
 */
export function relativeImportSpecifier(fromFile: string, toFile: string): string {
  const relative = toPosix(path.relative(path.dirname(fromFile), toFile));
  const declaration = /\.d\.([mc]?)ts$/.exec(relative);
  const withExtension = declaration
    ? relative.replace(/\.d\.[mc]?ts$/, `.${declaration[1] ?? ""}js`)
    : relative.replace(/\.(tsx?|mts|cts)$/, (ext) => RUNTIME_EXTENSION[ext] ?? ext);
  return withExtension.startsWith("../") ? withExtension : `./${withExtension}`;
}

/** A path relative to `fromDirectory`, `/`-separated (for headers and messages that must not depend on the OS). */
export function relativeDisplayPath(fromDirectory: string, file: string): string {
  const relative = toPosix(path.relative(fromDirectory, file));
  return relative === "" ? "." : relative;
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
