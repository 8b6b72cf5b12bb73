/**
 * Runs a command as a separate process and measures its wall time and peak RSS. Peak RSS comes from
 * GNU time (`/usr/bin/time -f %M`, which reports the largest process of the waited tree, so a wrapper
 * that spawns the real compiler is still counted) when it exists; otherwise it is not reported.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

const GNU_TIME = "/usr/bin/time";
const MARK = "__bench_time__";

export interface RunResult {
  readonly ms: number;
  /** Peak resident set size in MiB, when measurable. */
  readonly peakRssMiB?: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

export async function timedRun(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const useTime = hasGnuTime();
  const [file, argv] = useTime ? [GNU_TIME, ["-f", `${MARK} %M`, command, ...args]] : [command, [...args]];
  const started = performance.now();
  return await new Promise<RunResult>((resolve, reject) => {
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      if (timer) clearTimeout(timer);
      let peakRssMiB: number | undefined;
      const match = new RegExp(`${MARK} (\\d+)\\s*$`).exec(stderr);
      if (match?.[1] !== undefined) {
        peakRssMiB = Number(match[1]) / 1024;
        stderr = stderr.slice(0, match.index);
      }
      resolve({ ms, code, stdout, stderr, ...(peakRssMiB !== undefined ? { peakRssMiB } : {}) });
    });
  });
}

/** A failed run is a broken benchmark, not a data point: say what the command printed. */
export function assertOk(label: string, result: RunResult): void {
  if (result.code !== 0) {
    const output = (result.stderr + "\n" + result.stdout).trim().split("\n").slice(0, 30).join("\n");
    throw new Error(`${label} exited with ${result.code}:\n${output}`);
  }
}
