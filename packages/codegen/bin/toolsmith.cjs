#!/usr/bin/env node
// Published entry: runs the bundled CLI (dist/bundle/cli.cjs, built from dist/ by scripts/bundle-cli.mjs:
// one script starts faster than ~150 modules) with V8's code cache (./compile-cache.cjs), which also
// keeps TypeScript 6's compiled code when the ts6 engine loads it, and with the V8 flags its command runs
// best with (./v8-tuning.cjs). In this repo, `pnpm toolsmith` runs the source through tsx instead.
//
// CommonJS, like the bundle: an ES module entry brings up Node's ES module loader before its first line,
// ~14 ms of a ~350 ms run (packages/bench/method.md). The bundle's one dynamic import (the MCP server, for
// `toolsmith mcp`) loads it when asked for.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const { openCompileCache } = require("./compile-cache.cjs");
const { tuneV8 } = require("./v8-tuning.cjs");

const cli = join(__dirname, "../dist/bundle/cli.cjs");
if (!existsSync(cli)) {
  // Only a checkout can lack dist/ (packing builds it): say what to run instead of a module-not-found trace.
  console.error("toolsmith: @toolsmith/codegen is not built: run `pnpm build` at the repository root (or `pnpm toolsmith ...` there, which runs the source)");
  process.exit(1);
}
const argv = process.argv.slice(2);
tuneV8(argv);
// A cache holds what its first run compiled: one per command and engine (a ts6 run runs other code).
const engine = argv.find((arg, index) => argv[index - 1] === "--engine" || arg.startsWith("--engine=")) ?? "";
const cache = openCompileCache({ variant: `${argv[0] ?? ""} ${engine.replace("--engine=", "")}` });
cache.cacheRequired((file) => /[\\/]node_modules[\\/](?:ts-morph|@ts-morph[\\/]common)[\\/]/.test(file));
const { main } = cache.load(cli, (specifier) => import(specifier));

main(argv).then((code) => {
  process.exitCode = code;
  cache.save();
  // The command is done. Left to end by itself, Node takes ~10 ms more after a codegen run than an exit
  // here (method.md; most likely waiting on V8's background jobs, such as optimizing functions that will
  // never run again) - unless output is still queued for a pipe, which only the event loop flushes
  // (writes to pipes are asynchronous on macOS): then Node ends by itself.
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
});
