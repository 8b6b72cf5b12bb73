/**
 * Times whole-process contenders side by side: one unmeasured warm-up run each (file cache, transform
 * caches), then round-robin repetitions, so a noisy stretch of the machine hits every contender alike.
 * Every run must exit 0 and pass its contender's check; the same runs give the peak RSS rows.
 */
import type { Row } from "./report.js";
import { assertOk, timedRun, type RunResult } from "./spawn.js";
import { formatNumber, summarize } from "./stats.js";

export interface Contender {
  readonly tool: string;
  readonly ours: boolean;
  readonly command: [string, string[]];
  /** Set on top of the bench's environment for this contender's runs. */
  readonly env?: NodeJS.ProcessEnv;
  /** Checks the run's output really holds what was asked for, so a silent failure never looks fast. */
  readonly verify?: () => void;
}

export interface RoundRobinOptions {
  /** The time rows' section; the peak RSS rows go to `memorySection`. */
  readonly section: string;
  readonly memorySection: string;
  /** Every contender runs in this folder. */
  readonly cwd: string;
  readonly reps: number;
  /** Names a repetition in the progress log. */
  readonly label: string;
  readonly log: (line: string) => void;
}

const TIMEOUT_MS = 600_000;

function append(samples: Map<string, number[]>, key: string, value: number): void {
  const list = samples.get(key);
  if (list) list.push(value);
  else samples.set(key, [value]);
}

export async function measureRoundRobin(list: readonly Contender[], options: RoundRobinOptions): Promise<Row[]> {
  const { section, memorySection, reps, label, log } = options;
  const times = new Map<string, number[]>();
  const rss = new Map<string, number[]>();
  const run = async (c: Contender): Promise<RunResult> => {
    const result = await timedRun(c.command[0], c.command[1], { cwd: options.cwd, timeoutMs: TIMEOUT_MS, ...(c.env ? { env: { ...process.env, ...c.env } } : {}) });
    assertOk(c.tool, result);
    c.verify?.();
    return result;
  };
  for (const c of list) {
    log(`  warm-up: ${c.tool}`);
    await run(c);
  }
  for (let rep = 0; rep < reps; rep++) {
    for (const c of list) {
      const result = await run(c);
      log(`  ${label} ${rep + 1}/${reps}: ${c.tool} ${formatNumber(result.ms)} ms, ${formatNumber(result.peakRssMiB ?? NaN)} MiB`);
      append(times, c.tool, result.ms);
      if (result.peakRssMiB !== undefined) append(rss, c.tool, result.peakRssMiB);
    }
  }
  const rows: Row[] = [];
  for (const c of list) rows.push({ section, tool: c.tool, ours: c.ours, unit: "ms", stats: summarize(times.get(c.tool) ?? []) });
  for (const c of list) {
    const samples = rss.get(c.tool);
    if (samples) rows.push({ section: memorySection, tool: c.tool, ours: c.ours, unit: "MiB", stats: summarize(samples) });
  }
  return rows;
}
