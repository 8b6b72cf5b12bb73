// V8 settings for the bin's own process, set before any script is compiled: the compile cache is made and
// checked under V8's flags, so every run of a command must set the same ones.
"use strict";
const { setFlagsFromString } = require("node:v8");

/**
 * The V8 flags a command runs with, or undefined for V8's defaults.
 *
 * `codegen`: a smaller inlining budget for the optimizing compiler (TurboFan). A codegen run is short; the
 * reader's hot functions are optimized while it works, on V8's background threads, and in a 1,000-function
 * project those compilations took ~0.85 s of CPU beside ~1.25 s on the main thread (`perf`), on the same
 * cores as the main thread and the native TypeScript 7 process. With about a sixth of V8's default
 * cumulative budget (920 bytecodes) they cost much less, and 1,000-function runs were 3-12% faster on both
 * engines (packages/bench/method.md); short runs, where little gets optimized, and watch cycles were
 * unchanged. Only for the V8 versions known to have the flag (Node 20-25): V8 prints an error for one it
 * does not know.
 *
 * @param {readonly string[]} argv the CLI's arguments
 * @param {string} v8Version `process.versions.v8`
 * @returns {string | undefined}
 */
function v8FlagsFor(argv, v8Version) {
  const major = Number(v8Version.split(".")[0]);
  if (argv[0] !== "codegen" || !(major >= 11 && major <= 14)) return undefined;
  return "--max-inlined-bytecode-size-cumulative=150";
}

/** Sets the command's V8 flags (see v8FlagsFor) in this process. */
function tuneV8(argv) {
  const flags = v8FlagsFor(argv, process.versions.v8);
  if (flags !== undefined) setFlagsFromString(flags);
}

module.exports = { v8FlagsFor, tuneV8 };
