// The CLI as the package's bin runs it: dist/cli.js and everything it imports, TypeScript 7's API client
// included, bundled by esbuild into dist/bundle/ (ESM, code-split so that each engine's modules load only
// when that engine runs). One file per chunk instead of ~150 modules to resolve, read and link: the
// start-up the ts7 engine pays on every run. Left outside: ts-morph (the ts6 engine's 9 MB CommonJS
// TypeScript, loaded only with --engine ts6) and @toolsmith/runtime (a peer: the user's own copy).
import { rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const packageDir = path.resolve(import.meta.dirname, "..");
const outdir = path.join(packageDir, "dist", "bundle");
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { cli: path.join(packageDir, "dist", "cli.js") },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outExtension: { ".js": ".mjs" },
  chunkNames: "chunk-[hash]",
  external: ["ts-morph", "@ts-morph/common", "@toolsmith/runtime", "@toolsmith/runtime/*"],
  legalComments: "none",
  logLevel: "warning",
});
if (result.errors.length > 0) process.exit(1);
