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

const UNSHARE = ["unshare", "-rn", "--"];
// The kernel kills the child when the host dies, even mid-loop (the child cannot notice by itself then).
const PDEATHSIG = ["setpriv", "--pdeathsig", "KILL", "--"];

const launcherCache = new Map<boolean, readonly string[]>();

/**
 * The command prefix to start a sandbox child with: an empty network namespace (`unshare -rn`) when asked
 * for and allowed here, and a parent-death signal (`setpriv --pdeathsig KILL`) when available. Each
 * candidate is tried once by starting `node` through it; neither is required.
 */
export function sandboxLauncher(isolateNetwork: boolean): readonly string[] {
  const cached = launcherCache.get(isolateNetwork);
  if (cached) return cached;
  const candidates: string[][] =
    process.platform !== "linux"
      ? [[]]
      : isolateNetwork
        ? [[...UNSHARE, ...PDEATHSIG], UNSHARE, PDEATHSIG, []]
        : [PDEATHSIG, []];
  const works = (prefix: string[]) => {
    if (prefix.length === 0) return true;
    const [command, ...args] = prefix as [string, ...string[]];
    const probe = spawnSync(command, [...args, process.execPath, "-e", ""], { stdio: "ignore", timeout: 10_000, env: {} });
    return probe.status === 0;
  };
  const launcher = candidates.find(works) ?? [];
  launcherCache.set(isolateNetwork, launcher);
  return launcher;
}

/** Whether sandbox children of this host run in an empty network namespace. */
export function isolatesNetwork(): boolean {
  return sandboxLauncher(true)[0] === "unshare";
}
