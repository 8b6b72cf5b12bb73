#!/usr/bin/env node
// Published entry: runs the bundled CLI (dist/bundle/cli.cjs, built from dist/ by scripts/bundle-cli.mjs:
// one script starts faster than ~150 modules) with V8's code cache (./compile-cache.mjs). In this repo,
// `pnpm toolsmith` runs the source through tsx instead.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadCached } from "./compile-cache.mjs";

const cli = fileURLToPath(new URL("../dist/bundle/cli.cjs", import.meta.url));
if (!existsSync(cli)) {
  // Only a checkout can lack dist/ (packing builds it): say what to run instead of a module-not-found trace.
  console.error("toolsmith: @toolsmith/codegen is not built: run `pnpm build` at the repository root (or `pnpm toolsmith ...` there, which runs the source)");
  process.exit(1);
}
const argv = process.argv.slice(2);
const loaded = loadCached(cli, { variant: argv[0] ?? "", importModule: (specifier) => import(specifier) });
process.exitCode = await loaded.exports.main(argv);
loaded.save();
