import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** packages/bench */
export const BENCH_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = resolve(BENCH_DIR, "../..");
/** Scratch space (gitignored): the synthetic project and every tool's output. */
export const TMP_DIR = join(BENCH_DIR, ".tmp");
export const CODEGEN_CLI = join(REPO_DIR, "packages/codegen/src/cli.ts");
export const PEERS_DIR = join(BENCH_DIR, "src/peers");

const require = createRequire(join(BENCH_DIR, "package.json"));

/** TypeScript 6's tsc, the JS compiler that ts-morph wraps. */
export const TSC6 = require.resolve("typescript/bin/tsc");

/** TypeScript 7's native compiler binary (the npm package's `tsc` is a node wrapper that execs it). */
export async function tsc7Executable(): Promise<string> {
  const url = pathToFileURL(join(BENCH_DIR, "node_modules/typescript7/lib/getExePath.js")).href;
  const mod = (await import(url)) as { default: () => string };
  return mod.default();
}

/**
 * How `pnpm toolsmith` runs the CLI from source in this repo, minus pnpm's own start-up: node with the
 * tsx loader and the `source` export condition.
 */
export function toolsmithCommand(args: readonly string[], nodeFlags: readonly string[] = []): [string, string[]] {
  return [process.execPath, [...nodeFlags, "--import", pathToFileURL(require.resolve("tsx", { paths: [REPO_DIR] })).href, "--conditions=source", CODEGEN_CLI, ...args]];
}

/**
 * The runtime as users install it: its tsc-built dist, not the source this bench's own imports resolve to
 * (`--conditions=source` under tsx, whose transform adds a `__name` call to every function expression it
 * creates, per call for the closures a call makes: a microsecond benchmark would time those). The caller
 * builds the dist first (`buildDist`).
 */
export async function installedRuntime(): Promise<typeof import("@toolsmith/runtime")> {
  return (await import(pathToFileURL(join(REPO_DIR, "packages/runtime/dist/index.js")).href)) as typeof import("@toolsmith/runtime");
}
