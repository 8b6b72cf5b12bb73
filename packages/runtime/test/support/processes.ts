// Waiting on what processes do, read from /proc (Linux): a test waits for the work itself, not a fixed delay.
import { readdirSync, readFileSync } from "node:fs";
import { processCpuTimeMs } from "../../src/interpreter/python-process.js";

/** Resolves once `pids` together have used `ms` more CPU time than when called (polled); fails past `withinMs`. */
export async function cpuSpent(pids: number | readonly number[], ms: number, withinMs = 120_000): Promise<void> {
  const all = typeof pids === "number" ? [pids] : pids;
  const spent = () => all.reduce((sum, pid) => sum + (processCpuTimeMs(pid) ?? 0), 0);
  const start = spent();
  const deadline = performance.now() + withinMs;
  while (spent() - start < ms) {
    if (performance.now() > deadline) throw new Error(`processes ${all.join(", ")} did not use ${ms} ms of CPU within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The fields of /proc/PID/stat after the command name (so field 3, the state, is [0]); undefined once gone. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** When a process started, in clock ticks since boot (field 22); 0 once it is gone. */
export function startTicks(pid: number): number {
  return Number(statFields(pid)?.[19] ?? 0);
}

/** The processes under `root` (by parent pid): its children and theirs, or only its children (`directOnly`). */
export function descendants(root: number, { directOnly = false } = {}): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const fields = statFields(Number(name));
    if (fields) parents.set(Number(name), Number(fields[1]));
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) {
    const parent = queue.pop()!;
    for (const [pid, ppid] of parents) {
      if (ppid !== parent) continue;
      found.push(pid);
      if (!directOnly) queue.push(pid);
    }
  }
  return found;
}

/** A process's command line, its arguments joined by NUL ("" once it is gone). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}
