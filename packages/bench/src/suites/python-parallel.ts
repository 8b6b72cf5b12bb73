/**
 * Python under load: 8 sessions (each its own sandboxed Pyodide child) answering warm calls at the same
 * time, against one session alone on the same calls. Each call appends to a list the session keeps and
 * returns `(session, call, running total)`, so an answer lost, duplicated, swapped between sessions or
 * computed on lost state is caught: the suite fails rather than giving a row.
 */
import { PythonSession, type CellResult } from "@toolsmith/runtime";
import type { Row, SuiteResult } from "../report.js";
import { formatNumber, summarize } from "../stats.js";

export interface PythonParallelOptions {
  readonly sessions: number;
  /** Measured calls per session (after a few unmeasured ones). */
  readonly calls: number;
  readonly log: (line: string) => void;
}

const WARMUP_CALLS = 5;

/** The nearest-rank percentile. */
export function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

function check(result: CellResult, expected: string, where: string): void {
  if (!result.ok || result.stateLost || result.notice) {
    throw new Error(`${where}: the call failed or lost state: ${result.error ?? result.notice ?? "no detail"}`);
  }
  if (result.value !== expected) throw new Error(`${where}: expected ${expected}, got ${result.value ?? "(nothing)"}`);
}

/** Runs `calls` checked calls in `session`, returning each call's latency in ms. */
async function drive(session: PythonSession, id: number, calls: number, measure: boolean): Promise<number[]> {
  const latencies: number[] = [];
  let total = 0;
  for (let i = 0; i < calls; i++) {
    total += i;
    const started = performance.now();
    const result = await session.run(`seen.append(${i})\n(${id}, ${i}, sum(seen))`);
    if (measure) latencies.push(performance.now() - started);
    check(result, `(${id}, ${i}, ${total})`, `session ${id}, call ${i}`);
  }
  return latencies;
}

async function prepared(id: number): Promise<PythonSession> {
  // No spares: this measures warm calls, and 8 idle spare children would only compete for memory.
  const session = new PythonSession({ warmSpare: false, timeoutMs: 30_000 });
  await session.start();
  check(await session.run(`seen = []\n${id}`), String(id), `session ${id} setup`);
  return session;
}

export async function runPythonParallel(options: PythonParallelOptions): Promise<SuiteResult> {
  const sessions: PythonSession[] = [];
  try {
    // Cold starts two at a time (2 cores): all at once would only queue them behind each other.
    for (let id = 0; id < options.sessions; id += 2) {
      const ids = [id, id + 1].filter((n) => n < options.sessions);
      sessions.push(...(await Promise.all(ids.map(prepared))));
      options.log(`  python parallel: ${sessions.length}/${options.sessions} sessions started`);
    }

    // Baseline: the first session alone, on the same calls.
    const alone = sessions[0]!;
    check(await alone.run("seen.clear()\n'cleared'"), "'cleared'", "baseline reset");
    await drive(alone, 0, WARMUP_CALLS, false);
    check(await alone.run("seen.clear()\n'cleared'"), "'cleared'", "baseline reset");
    const aloneStarted = performance.now();
    const baseline = await drive(alone, 0, options.calls, true);
    const aloneSeconds = (performance.now() - aloneStarted) / 1000;
    check(await alone.run("seen.clear()\n'cleared'"), "'cleared'", "reset after the baseline");

    // All sessions at once: each runs its calls back to back, as a conversation's tool loop would.
    await Promise.all(sessions.map((session, id) => drive(session, id, WARMUP_CALLS, false)));
    await Promise.all(sessions.map((session) => session.run("seen.clear()")));
    const started = performance.now();
    const perSession = await Promise.all(sessions.map((session, id) => drive(session, id, options.calls, true)));
    const seconds = (performance.now() - started) / 1000;
    const latencies = perSession.flat();
    const expectedCalls = options.sessions * options.calls;
    if (latencies.length !== expectedCalls) throw new Error(`python parallel: ${latencies.length} of ${expectedCalls} calls answered`);
    // and every session still holds exactly its own calls, in order
    for (const [id, session] of sessions.entries()) {
      const expected = `${options.calls} ${(options.calls * (options.calls - 1)) / 2}`;
      check(await session.run("f'{len(seen)} {sum(seen)}'"), `'${expected}'`, `session ${id} state`);
    }

    const p50 = percentile(latencies, 0.5);
    const p99 = percentile(latencies, 0.99);
    const aloneP50 = percentile(baseline, 0.5);
    const aloneP99 = percentile(baseline, 0.99);
    const callsPerSecond = latencies.length / seconds;
    const aloneCallsPerSecond = baseline.length / aloneSeconds;
    options.log(
      `  python parallel: p50 ${formatNumber(p50)} ms, p99 ${formatNumber(p99)} ms, ${formatNumber(callsPerSecond)} calls/s; alone p50 ${formatNumber(aloneP50)} ms, p99 ${formatNumber(aloneP99)} ms`,
    );
    const section = `interpreter: python, ${options.sessions} sessions in parallel (warm)`;
    const rows: Row[] = [
      {
        section,
        tool: "toolsmith python (Pyodide, sandboxed child)",
        ours: true,
        unit: "ms",
        stats: summarize(latencies),
        note: `${options.sessions} sessions x ${options.calls} calls at once: p50 ${formatNumber(p50)} ms, p99 ${formatNumber(p99)} ms, ${formatNumber(callsPerSecond)} calls/s, ${formatNumber(callsPerSecond / aloneCallsPerSecond)}x one session's throughput; every answer and each session's state checked`,
      },
      {
        section,
        tool: "the same calls in one session alone (baseline)",
        ours: false,
        unit: "ms",
        stats: summarize(baseline),
        note: `p50 ${formatNumber(aloneP50)} ms, p99 ${formatNumber(aloneP99)} ms, ${formatNumber(aloneCallsPerSecond)} calls/s`,
      },
    ];
    return { rows, targets: [], notes: [] };
  } finally {
    for (const session of sessions) session.close();
  }
}
