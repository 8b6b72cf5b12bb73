/**
 * A compiled build of our CLI, as a published package runs it (plain node, no TypeScript loader):
 * the CLI and its workspace dependencies bundled by esbuild into one ESM file. esbuild is the one tsx
 * already ships (resolved through tsx, so the benchmark adds no dependency).
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { CODEGEN_CLI, REPO_DIR, TMP_DIR } from "./paths.js";

interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<{ errors: unknown[] }>;
}

// ts-morph's bundled TypeScript is CommonJS and reads these; an ESM bundle must provide them.
const BANNER = [
  "import { createRequire as __createRequire } from 'node:module';",
  "import { fileURLToPath as __fileURLToPath } from 'node:url';",
  "import { dirname as __pathDirname } from 'node:path';",
  "const require = __createRequire(import.meta.url);",
  "const __filename = __fileURLToPath(import.meta.url);",
  "const __dirname = __pathDirname(__filename);",
].join(" ");

/** Builds the bundle; returns its path. */
export async function bundleCli(): Promise<string> {
  const fromTsx = createRequire(createRequire(join(REPO_DIR, "package.json")).resolve("tsx"));
  const esbuild = (await import(fromTsx.resolve("esbuild"))) as unknown as EsbuildApi;
  const outfile = join(TMP_DIR, "toolsmith-bundle", "cli.mjs");
  await esbuild.build({
    entryPoints: [CODEGEN_CLI],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["source"],
    outfile,
    banner: { js: BANNER },
    logLevel: "error",
  });
  return outfile;
}
