#!/usr/bin/env node
// Published entry: runs the bundled CLI (dist/bundle/cli.cjs, built from dist/ by scripts/bundle-cli.mjs:
// one script starts faster than ~150 modules) with V8's code cache (./compile-cache.mjs), which also
// keeps TypeScript 6's compiled code when the ts6 engine loads it, and with the V8 flags its command runs
// best with (./v8-tuning.mjs). In this repo, `pnpm toolsmith` runs the source through tsx instead.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { openCompileCache } from "./compile-cache.mjs";
import { tuneV8 } from "./v8-tuning.mjs";

const cli = fileURLToPath(new URL("../dist/bundle/cli.cjs", import.meta.url));
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
process.exitCode = await main(argv);
cache.save();
