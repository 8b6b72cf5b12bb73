import { readFile } from "node:fs/promises";

const PAGE_SIZE = 4096;

/**
 * Polls a process's resident memory (Linux `/proc/PID/statm`) and calls `onExceeded` once when it
 * passes `limitBytes`. In-process caps can be bypassed (guest code may compile its own wasm module),
 * so this is the backstop. Elsewhere than Linux it does nothing.
 */
export function watchMemory(
  pid: number,
  limitBytes: number,
  onExceeded: (rssBytes: number) => void,
  intervalMs = 50,
): () => void {
  if (process.platform !== "linux") return () => {};
  let stopped = false;
  let reading = false;
  const timer = setInterval(() => {
    if (reading || stopped) return;
    reading = true;
    readFile(`/proc/${pid}/statm`, "utf8")
      .then((statm) => {
        const rssPages = Number(statm.split(" ")[1]);
        const rss = rssPages * PAGE_SIZE;
        if (!stopped && rss > limitBytes) {
          stopped = true;
          clearInterval(timer);
          onExceeded(rss);
        }
      })
      .catch(() => {
        // the process is gone; its exit handler reports that
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
