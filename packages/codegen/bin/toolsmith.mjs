#!/usr/bin/env node
// Published entry: runs the bundled CLI (dist/bundle/, built from dist/ by scripts/bundle-cli.mjs: one
// module graph of a few files starts faster than ~150 modules). In this repo, `pnpm toolsmith` runs the
// source through tsx instead.
import { existsSync } from "node:fs";

const cli = new URL("../dist/bundle/cli.mjs", import.meta.url);
if (!existsSync(cli)) {
  // Only a checkout can lack dist/ (packing builds it): say what to run instead of a module-not-found trace.
  console.error("toolsmith: @toolsmith/codegen is not built: run `pnpm build` at the repository root (or `pnpm toolsmith ...` there, which runs the source)");
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
