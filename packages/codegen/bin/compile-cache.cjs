// Runs CommonJS code with V8's code cache, so that a run after the first neither parses nor compiles the
// code it runs: the bin's bundle is ~1 MB of JavaScript, TypeScript 6 (the ts6 engine) ~9 MB, and
// compiling the part a run executes costs about as much as Node's own start. What Node 22's
// module.enableCompileCache() does, on Node 20 too and with more in it: the cache is taken after the
// command ran, so it holds the functions the command compiled on the way (lazily, on first call), not
// only the scripts' top level.
//
// One cache file per script version, Node build and command (a `--help` run compiles other functions
// than a codegen run), in $TOOLSMITH_CACHE_DIR, else $XDG_CACHE_HOME/toolsmith or ~/.cache/toolsmith,
// in a directory only its owner can write. TOOLSMITH_COMPILE_CACHE=0 turns it off. V8 checks a cache
// against the source and its own version and flags and rejects one that does not fit; then the script
// is compiled as usual and the cache written anew. Nothing here may fail a run: any error means no cache.
"use strict";
const { createHash } = require("node:crypto");
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { isAscii } = require("node:buffer");
const Module = require("node:module");
const { createRequire } = Module;
const { homedir } = require("node:os");
const { dirname, join } = require("node:path");
const vm = require("node:vm");

/** The cache directory, or undefined when caching is off. */
function cacheDirectory(env = process.env) {
  if (env.TOOLSMITH_COMPILE_CACHE === "0") return undefined;
  if (env.TOOLSMITH_CACHE_DIR) return env.TOOLSMITH_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "toolsmith");
}

/**
 * A compile cache for one run. `variant` separates caches of runs that execute different parts of the
 * same scripts (the bin passes its command).
 *
 * @param {{ variant?: string }} [options]
 */
function openCompileCache(options = {}) {
  const variant = options.variant ?? "";
  const directory = cacheDirectory();
  /** @type {{ file: string, cacheFile: string | undefined, script: vm.Script, status: "off" | "missing" | "used" | "rejected" }[]} */
  const compiled = [];

  /** The script of `source` wrapped as Node's CommonJS loader wraps a module, compiled with its cache. */
  function compile(file, source, parameters) {
    const cacheFile = directory === undefined ? undefined : join(directory, `${cacheKey(file, variant)}.v8cache`);
    let cachedData;
    if (cacheFile !== undefined && ownDirectory(dirname(cacheFile))) {
      try {
        cachedData = readFileSync(cacheFile);
      } catch {
        // none yet
      }
    }
    const script = new vm.Script(`(function (${parameters}) {${source}\n})`, { filename: file, cachedData });
    const status = cacheFile === undefined ? "off" : cachedData === undefined ? "missing" : script.cachedDataRejected ? "rejected" : "used";
    compiled.push({ file, cacheFile, script, status });
    return script;
  }

  return {
    /**
     * Runs `file` (a CommonJS script) as `require` would and returns its exports. `importModule` serves
     * the script's dynamic imports, which a script compiled by node:vm cannot do itself on Node 20 (see
     * scripts/bundle-cli.mjs): it is the script's `__importModule`.
     *
     * @param {string} file
     * @param {(specifier: string) => Promise<unknown>} [importModule]
     * @returns {any}
     */
    load(file, importModule) {
      const script = compile(file, readSource(file), "exports, require, module, __filename, __dirname, __importModule");
      const module = { exports: {}, filename: file, id: file, loaded: false };
      script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file), importModule);
      module.loaded = true;
      return module.exports;
    },

    /**
     * From now on, CommonJS modules that `require` loads from a file for which `wanted` says yes are
     * compiled with the cache too (a big dependency loaded on demand, such as TypeScript 6).
     *
     * @param {(file: string) => boolean} wanted
     */
    cacheRequired(wanted) {
      const original = Module.prototype._compile;
      Module.prototype._compile = function compileCached(content, file, format) {
        if ((format !== undefined && format !== "commonjs") || !wanted(file)) return original.call(this, content, file, format);
        const script = compile(file, content, "exports, require, module, __filename, __dirname");
        const require = createRequire(file);
        return script.runInThisContext().call(this.exports, this.exports, require, this, file, dirname(file));
      };
    },

    /** How each script was compiled, in order: from its cache (`used`), or not and why. */
    statuses() {
      return compiled.map(({ file, status }) => ({ file, status }));
    },

    /** Writes the cache of every script that had none that fitted: call it when the run is done. */
    save() {
      let wrote = false;
      for (const { cacheFile, script, status } of compiled) {
        if (cacheFile === undefined || status === "used") continue;
        try {
          writeCache(cacheFile, script.createCachedData());
          wrote = true;
        } catch {
          // A read-only home, a full disk: the next run compiles again, that is all.
        }
      }
      if (wrote && directory !== undefined) prune(directory);
    },
  };
}

/**
 * A script's text. An ASCII file (the bin's bundle is built so: scripts/bundle-cli.mjs) is read as a
 * one-byte string, which takes half as long as decoding it as UTF-8 (~8 against ~16 ms for the 1 MB
 * bundle here); the same text either way.
 */
function readSource(file) {
  const bytes = readFileSync(file);
  return bytes.toString(isAscii(bytes) ? "latin1" : "utf8");
}

/** Names the cache of one script version (path, size, mtime), Node build, flags and variant. */
function cacheKey(file, variant) {
  const { size, mtimeMs } = statSync(file);
  const identity = [process.version, process.arch, process.execArgv.join(" "), file, size, mtimeMs, variant];
  return createHash("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, 32);
}

/**
 * `mkdirSync(directory, { recursive: true, mode: 0o700 })` one level at a time: Node's own spins for ever
 * where mkdir keeps answering ENOENT under an existing parent (a cache directory under /proc).
 */
function makeDirectory(directory) {
  const parent = dirname(directory);
  if (parent !== directory && !existsSync(parent)) makeDirectory(parent);
  if (!existsSync(directory)) mkdirSync(directory, { mode: 0o700 });
}

/** Written whole or not at all (a concurrent run reads either the old file or the new one). */
function writeCache(cacheFile, data) {
  const directory = dirname(cacheFile);
  makeDirectory(directory);
  if (!ownDirectory(directory)) return;
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(temporary, data, { mode: 0o600 });
  renameSync(temporary, cacheFile);
}

/**
 * Each new version of a script (an upgrade) or of Node starts new cache files: the old ones go once they
 * are a month old, checked when a cache is written (a first run), never on a run that used its cache. A
 * cache still in use that goes with them is written again by its next run.
 */
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
function prune(directory) {
  try {
    const now = Date.now();
    for (const name of readdirSync(directory)) {
      if (!/\.v8cache(\.\d+\.tmp)?$/.test(name)) continue;
      const file = join(directory, name);
      if (now - statSync(file).mtimeMs > MAX_AGE_MS) rmSync(file, { force: true });
    }
  } catch {
    // another run pruning at the same time, a file gone: nothing to do
  }
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

module.exports = { openCompileCache };
