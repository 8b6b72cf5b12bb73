/**
 * Where TypeScript 7's native binary is: in the optional platform package beside `typescript7`
 * (`@typescript/typescript-linux-x64/lib/tsc`, ...). Resolved here rather than by the API's own lookup so
 * that it works the same from the bundled bin (whose modules no longer sit inside the typescript package)
 * and so that choosing the default engine needs no TypeScript module at all.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

let found: string | null | undefined;

/** The native binary's path, or undefined when this platform's package is not installed. */
export function ts7Executable(): string | undefined {
  if (found === undefined) {
    try {
      const typescript7 = createRequire(import.meta.url).resolve("typescript7/package.json");
      const platformPackage = `@typescript/typescript-${process.platform}-${process.arch}/package.json`;
      const exe = path.join(path.dirname(createRequire(typescript7).resolve(platformPackage)), "lib", process.platform === "win32" ? "tsc.exe" : "tsc");
      found = existsSync(exe) ? exe : null;
    } catch {
      found = null;
    }
  }
  return found ?? undefined;
}
