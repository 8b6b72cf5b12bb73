// Loads a CommonJS script with V8's code cache, so that a run after the first neither parses nor
// compiles the code it runs: the bin's bundle is ~1 MB of JavaScript, and compiling the part a codegen
// run executes costs about as much as Node's own start. What Node 22's module.enableCompileCache() does,
// on Node 20 too and with more in it: the cache is taken after the command ran, so it holds the functions
// the command compiled on the way (lazily, on first call), not only the script's top level.
//
// One cache file per script version, Node build and command (a `--help` run compiles other functions
// than a codegen run), in $TOOLSMITH_CACHE_DIR, else $XDG_CACHE_HOME/toolsmith or ~/.cache/toolsmith,
// in a directory only its owner can write. TOOLSMITH_COMPILE_CACHE=0 turns it off. V8 checks a cache
// against the source and its own version and flags and rejects one that does not fit; then the script
// is compiled as usual and the cache written anew. Nothing here may fail a run: any error means no cache.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import vm from "node:vm";

/** The cache directory, or undefined when caching is off. */
export function cacheDirectory(env = process.env) {
  if (env.TOOLSMITH_COMPILE_CACHE === "0") return undefined;
  if (env.TOOLSMITH_CACHE_DIR) return env.TOOLSMITH_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "toolsmith");
}

/**
 * Runs `file` (a CommonJS script) as `require` would and returns its exports, and `save()`, which writes
 * the code cache when there was none that fitted (call it when the run is done). `variant` separates
 * caches of runs that execute different parts of the script. `importModule` serves the script's dynamic
 * imports, which a script compiled by node:vm cannot do itself on Node 20 (see scripts/bundle-cli.mjs).
 *
 * @param {string} file
 * @param {{ variant?: string, importModule?: (specifier: string) => Promise<unknown> }} [options]
 * @returns {{ exports: any, status: "off" | "missing" | "used" | "rejected", save: () => void }}
 */
export function loadCached(file, options = {}) {
  const source = readFileSync(file, "utf8");
  const directory = cacheDirectory();
  const cacheFile = directory === undefined ? undefined : join(directory, `${cacheKey(file, options.variant ?? "")}.v8cache`);
  let cachedData;
  if (cacheFile !== undefined && ownDirectory(dirname(cacheFile))) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // none yet
    }
  }
  // The same wrapper as Node's CommonJS loader, so the script sees what `require` would give it.
  const wrapper = `(function (exports, require, module, __filename, __dirname, __importModule) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  const run = script.runInThisContext();
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file), options.importModule);
  module.loaded = true;
  const status = cacheFile === undefined ? "off" : cachedData === undefined ? "missing" : script.cachedDataRejected ? "rejected" : "used";
  return {
    exports: module.exports,
    status,
    save() {
      if (cacheFile === undefined || status === "used") return;
      try {
        writeCache(cacheFile, script.createCachedData());
      } catch {
        // A read-only home, a full disk: the next run compiles again, that is all.
      }
    },
  };
}

/** Names the cache of one script version (path, size, mtime), Node build, flags and variant. */
function cacheKey(file, variant) {
  const { size, mtimeMs } = statSync(file);
  const identity = [process.version, process.arch, process.execArgv.join(" "), file, size, mtimeMs, variant];
  return createHash("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, 32);
}

/** Written whole or not at all (a concurrent run reads either the old file or the new one). */
function writeCache(cacheFile, data) {
  const directory = dirname(cacheFile);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  if (!ownDirectory(directory)) return;
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(temporary, data, { mode: 0o600 });
  renameSync(temporary, cacheFile);
}

/** The cache is code this process runs: never from (or into) a directory someone else can write. */
function ownDirectory(directory) {
  try {
    const { uid, mode } = statSync(directory);
    return typeof process.getuid !== "function" || (uid === process.getuid() && (mode & 0o022) === 0);
  } catch {
    return false;
  }
}
