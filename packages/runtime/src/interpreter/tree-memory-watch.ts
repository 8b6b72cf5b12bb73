import { readdir, readFile } from "node:fs/promises";

const PAGE_SIZE = 4096;

/**
 * Resident memory of a process and all its descendants (Linux: `/proc/PID/stat` of every process, parent
 * links followed down from `rootPid`), in bytes; undefined elsewhere or once the root is gone. For a
 * sandbox whose processes each have their own address-space limit: together they must stay bounded too.
 */
export async function treeRssBytes(rootPid: number): Promise<number | undefined> {
  if (process.platform !== "linux") return undefined;
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  const pids = (await readdir("/proc").catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  await Promise.all(
    pids.map(async (name) => {
      const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => undefined);
      if (stat === undefined) return;
      // fields after "(comm)": state ppid ... rss is field 24 overall, index 21 here
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const pid = Number(name);
      const ppid = Number(fields[1]);
      rss.set(pid, Number(fields[21]) * PAGE_SIZE);
      const siblings = children.get(ppid);
      if (siblings) siblings.push(pid);
      else children.set(ppid, [pid]);
    }),
  );
  if (!rss.has(rootPid)) return undefined;
  let total = 0;
  const stack = [rootPid];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Polls `treeRssBytes(rootPid)` and calls `onExceeded` once past `limitBytes`; returns the stop function. */
export function watchTreeMemory(rootPid: number, limitBytes: number, onExceeded: (rssBytes: number) => void, intervalMs = 250): () => void {
  if (process.platform !== "linux") return () => {};
  let stopped = false;
  let reading = false;
  const timer = setInterval(() => {
    if (reading || stopped) return;
    reading = true;
    treeRssBytes(rootPid)
      .then((total) => {
        if (!stopped && total !== undefined && total > limitBytes) {
          stopped = true;
          clearInterval(timer);
          onExceeded(total);
        }
      })
      .finally(() => {
        reading = false;
      });
  }, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
