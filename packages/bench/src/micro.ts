/**
 * A small micro-benchmark loop: warm up (so the JIT has compiled the hot path), size a batch to take a
 * few milliseconds, then time many batches and report per-call time from each batch. Every call is
 * awaited, as a tool dispatcher awaits the tool, so sync and async contenders pay the same microtask.
 */
import { summarize, type Stats } from "./stats.js";

export interface MicroOptions {
  readonly warmupMs: number;
  /** Target duration of one timed batch. */
  readonly batchMs: number;
  readonly batches: number;
}

export type Case = () => unknown;

let sink = 0;
/** Keeps results observable so no engine can drop the work. */
export function consume(value: unknown): void {
  sink = (sink + (typeof value === "string" ? value.length : 1)) | 0;
}
export function sinkValue(): number {
  return sink;
}

async function runBatch(fn: Case, size: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < size; i++) consume(await fn());
  return Number(process.hrtime.bigint() - start);
}

export interface Sized {
  readonly fn: Case;
  readonly size: number;
}

/** Warms a case up and picks the batch size. */
export async function prepare(fn: Case, options: MicroOptions): Promise<Sized> {
  const until = performance.now() + options.warmupMs;
  let size = 16;
  while (performance.now() < until) {
    const ns = await runBatch(fn, size);
    if (ns < options.batchMs * 1e6 / 2) size *= 2;
  }
  return { fn, size };
}

/**
 * Times the cases in rounds (each round one batch of every case), so drift on a busy machine touches
 * all of them alike. Returns per-call microseconds for each case.
 */
export async function measureRounds(cases: readonly Sized[], batches: number): Promise<Stats[]> {
  const samples: number[][] = cases.map(() => []);
  for (let round = 0; round < batches; round++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      const ns = await runBatch(c.fn, c.size);
      samples[i]!.push(ns / c.size / 1000);
    }
  }
  return samples.map((s) => summarize(s));
}
