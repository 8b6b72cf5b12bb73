/**
 * What the Python backend suites (cpython, jupyter) measure alike: a session's cold start and warm
 * `math.factorial(12)`, a pandas groupby in a session holding the frame, and the same work done by
 * `python3 -c` (a process per call, unsandboxed) and by Pyodide (the zero-install backend).
 */
import { PythonSession, type CellResult } from "@toolsmith/runtime";
import type { Row } from "../report.js";
import { assertOk, timedRun } from "../spawn.js";
import { formatNumber, summarize } from "../stats.js";

export interface PythonBenchOptions {
  readonly reps: number;
  readonly warmCalls: number;
  readonly groupbyCalls: number;
  readonly log: (line: string) => void;
}

/** The sections of one suite's report. */
export interface PythonSections {
  readonly cold: string;
  readonly warm: string;
  readonly groupby: string;
}

/** What a suite's sessions have in common; `stop` is the backend's own way to end one. */
export interface BenchSession {
  start(): Promise<void>;
  run(code: string): Promise<CellResult>;
}

export const PYTHON = "/usr/bin/python3";
export const EXPECTED = "479001600";
export const PYODIDE = "toolsmith python (Pyodide, sandboxed child)";
export const PEER = "python3 -c (a process per call, unsandboxed)";
// Deterministic data: 1M rows, 100 keys, so every run groups the same frame.
export const MAKE_FRAME =
  "import numpy as np, pandas as pd\nrng = np.random.default_rng(42)\ndf = pd.DataFrame({'k': rng.integers(0, 100, 1_000_000), 'v': rng.random(1_000_000)})";
export const GROUPBY = "round(float(df.groupby('k')['v'].mean().sum()), 6)";

export function valueOf(result: CellResult): string {
  if (!result.ok) throw new Error(result.error ?? "interpreter call failed");
  return (result.value ?? result.output).trim();
}

async function timeCall(session: BenchSession, code: string): Promise<{ ms: number; value: string }> {
  const started = performance.now();
  const value = valueOf(await session.run(code));
  return { ms: performance.now() - started, value };
}

/** How one kind of session is measured cold (a new one per rep) and warm (calls in the first one). */
export interface ColdWarmRun<S extends BenchSession> {
  readonly tool: string;
  readonly ours: boolean;
  readonly reps: number;
  readonly warmCalls: number;
  readonly make: () => S;
  readonly stop: (session: S) => void | Promise<void>;
  /** The cells up to the first answer (the last one's value must be EXPECTED). */
  readonly firstCells: readonly string[];
  /** Names the session in progress lines; none: no progress lines. */
  readonly label?: string;
  readonly log?: (line: string) => void;
}

/** Cold start (new session to first answer) and warm calls: the two rows, and the warm times. */
export async function coldAndWarm<S extends BenchSession>(sections: PythonSections, run: ColdWarmRun<S>): Promise<{ rows: Row[]; warmMs: number[] }> {
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  for (let rep = 0; rep < run.reps; rep++) {
    const started = performance.now();
    const session = run.make();
    try {
      await session.start();
      let first = "";
      for (const cell of run.firstCells) first = valueOf(await session.run(cell));
      coldMs.push(performance.now() - started);
      if (first !== EXPECTED) throw new Error(`${run.tool}: expected ${EXPECTED}, got ${first}`);
      if (rep === 0) {
        for (let i = 0; i < run.warmCalls; i++) {
          const call = await timeCall(session, "math.factorial(12)");
          if (call.value !== EXPECTED) throw new Error(`${run.tool}: expected ${EXPECTED}, got ${call.value}`);
          warmMs.push(call.ms);
        }
      }
    } finally {
      await run.stop(session);
    }
    if (run.label !== undefined) run.log?.(`  ${run.label} cold ${rep + 1}/${run.reps}: ${formatNumber(coldMs.at(-1) ?? Number.NaN)} ms`);
  }
  const rows: Row[] = [
    { section: sections.cold, tool: run.tool, ours: run.ours, unit: "ms", stats: summarize(coldMs), note: "new session to first answer" },
    { section: sections.warm, tool: run.tool, ours: run.ours, unit: "ms", stats: summarize(warmMs), note: `${warmMs.length} calls in one session` },
  ];
  return { rows, warmMs };
}

/** Pyodide measured the same way (fewer cold reps: a few seconds each). */
export async function pyodideColdAndWarm(sections: PythonSections, options: PythonBenchOptions, firstCells: readonly string[]): Promise<Row[]> {
  const { rows } = await coldAndWarm(sections, {
    tool: PYODIDE,
    ours: false,
    reps: Math.min(options.reps, 3),
    warmCalls: options.warmCalls,
    make: () => new PythonSession({ warmSpare: false }),
    stop: (session) => session.close(),
    firstCells,
  });
  return rows;
}

/** `python3 -c` per call: every call a fresh process, so its cold and warm rows are the same runs. */
export async function peerFactorial(sections: PythonSections, reps: number): Promise<Row[]> {
  const peerMs: number[] = [];
  for (let rep = 0; rep < Math.max(reps, 10); rep++) {
    const result = await timedRun(PYTHON, ["-c", "import math; print(math.factorial(12))"], { timeoutMs: 30_000 });
    assertOk(PEER, result);
    if (result.stdout.trim() !== EXPECTED) throw new Error(`${PEER}: printed ${result.stdout}`);
    peerMs.push(result.ms);
  }
  return [
    { section: sections.cold, tool: PEER, ours: false, unit: "ms", stats: summarize(peerMs) },
    { section: sections.warm, tool: PEER, ours: false, unit: "ms", stats: summarize(peerMs), note: "every call is a cold process" },
  ];
}

/** The groupby in a session that built the frame once (then stopped); its row and the value every call gave. */
export async function groupbyInSession<S extends BenchSession>(
  section: string,
  tool: string,
  ours: boolean,
  session: S,
  stop: (session: S) => void | Promise<void>,
  calls: number,
): Promise<{ row: Row; expected: string }> {
  const groupMs: number[] = [];
  let expected = "";
  try {
    valueOf(await session.run(MAKE_FRAME));
    for (let i = 0; i < calls; i++) {
      const call = await timeCall(session, GROUPBY);
      if (expected && call.value !== expected) throw new Error(`groupby: ${call.value} != ${expected}`);
      expected = call.value;
      groupMs.push(call.ms);
    }
  } finally {
    await stop(session);
  }
  return { row: { section, tool, ours, unit: "ms", stats: summarize(groupMs), note: "groupby-mean call in a session holding the frame" }, expected };
}

/** `python3 -c` doing the whole groupby job per call: import pandas, build the frame, group. */
export async function peerGroupby(section: string, reps: number, expected: string): Promise<Row> {
  const whole: number[] = [];
  for (let rep = 0; rep < Math.min(reps, 5); rep++) {
    const result = await timedRun(PYTHON, ["-c", `${MAKE_FRAME}\nprint(${GROUPBY})`], { timeoutMs: 120_000 });
    assertOk("python3 -c groupby", result);
    if (result.stdout.trim() !== expected) throw new Error(`python3 -c groupby printed ${result.stdout}, expected ${expected}`);
    whole.push(result.ms);
  }
  return { section, tool: PEER, ours: false, unit: "ms", stats: summarize(whole), note: "import pandas, build the frame, group: per call" };
}
