import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** The real (symlink-free) directory of an installed package: the permission model compares real paths. */
export function packageDir(name: string): string {
  return realpathSync(dirname(require.resolve(`${name}/package.json`)));
}

/**
 * A plain-JS entry file shipped next to this module. A build that only compiles .ts leaves the .mjs
 * files in src/, so look there as well.
 */
export function entryFile(name: string): string {
  const beside = fileURLToPath(new URL(`./${name}`, import.meta.url));
  if (existsSync(beside)) return realpathSync(beside);
  const inSource = fileURLToPath(new URL(`../../src/interpreter/${name}`, import.meta.url));
  if (existsSync(inSource)) return realpathSync(inSource);
  throw new Error(`toolsmith interpreter: cannot find ${name} next to ${fileURLToPath(import.meta.url)}`);
}

/** How to spell the permission-model flag on this Node (`--permission` from 22.13/23.5 on). */
export function permissionFlag(): string {
  return process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";
}

let unshareWorks: boolean | undefined;
/** Whether `unshare -rn` (a private, empty network namespace) is allowed here; checked once. */
export function canIsolateNetwork(): boolean {
  if (unshareWorks === undefined) {
    if (process.platform !== "linux") {
      unshareWorks = false;
    } else {
      const probe = spawnSync("unshare", ["-rn", "true"], { stdio: "ignore", timeout: 5_000 });
      unshareWorks = probe.status === 0;
    }
  }
  return unshareWorks;
}
