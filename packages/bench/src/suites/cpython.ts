/**
 * The cpython backend (Debian's python3 inside bubblewrap): cold start (a new session until its first
 * answer), a warm `math.factorial(12)`, and a pandas groupby over 1M rows, beside `python3 -c` (a process
 * per call, unsandboxed) and Pyodide (our zero-install backend; it has no pandas).
 */
import { CPythonSession, PythonSession, type CellResult } from "@toolsmith/runtime";
import type { Row, SuiteResult, Target } from "../report.js";
import { assertOk, timedRun } from "../spawn.js";
import { formatNumber, summarize } from "../stats.js";

export interface CPythonBenchOptions {
  readonly reps: number;
  readonly warmCalls: number;
  readonly groupbyCalls: number;
  readonly log: (line: string) => void;
}

const PYTHON = "/usr/bin/python3";
const EXPECTED = "479001600";
const OURS = "toolsmith cpython (python3 in bubblewrap)";
const PYODIDE = "toolsmith python (Pyodide, sandboxed child)";
const PEER = "python3 -c (a process per call, unsandboxed)";

// Deterministic data: 1M rows, 100 keys, so every run groups the same frame.
const MAKE_FRAME = "import numpy as np, pandas as pd\nrng = np.random.default_rng(42)\ndf = pd.DataFrame({'k': rng.integers(0, 100, 1_000_000), 'v': rng.random(1_000_000)})";
const GROUPBY = "round(float(df.groupby('k')['v'].mean().sum()), 6)";

function valueOf(result: CellResult): string {
  if (!result.ok) throw new Error(result.error ?? "interpreter call failed");
  return (result.value ?? result.output).trim();
}

async function timeCall(session: { run(code: string): Promise<CellResult> }, code: string): Promise<{ ms: number; value: string }> {
  const started = performance.now();
  const value = valueOf(await session.run(code));
  return { ms: performance.now() - started, value };
}

export async function runCPython(options: CPythonBenchOptions): Promise<SuiteResult> {
  const rows: Row[] = [];
  const targets: Target[] = [];
  const notes: string[] = [];
  const cold = "interpreter: cpython cold start";
  const warm = "interpreter: cpython warm math.factorial(12)";
  const groupby = "interpreter: pandas groupby over 1M rows";

  // Ours, cold and warm. warmSpare off: a cold start must be cold.
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    const started = performance.now();
    const session = new CPythonSession({ warmSpare: false });
    try {
      await session.start();
      await session.run("import math");
      const first = valueOf(await session.run("math.factorial(12)"));
      coldMs.push(performance.now() - started);
      if (first !== EXPECTED) throw new Error(`cpython: expected ${EXPECTED}, got ${first}`);
      if (rep === 0) {
        for (let i = 0; i < options.warmCalls; i++) {
          const call = await timeCall(session, "math.factorial(12)");
          if (call.value !== EXPECTED) throw new Error(`cpython: expected ${EXPECTED}, got ${call.value}`);
          warmMs.push(call.ms);
        }
      }
    } finally {
      session.close();
    }
    options.log(`  cpython cold ${rep + 1}/${options.reps}: ${formatNumber(coldMs.at(-1) ?? Number.NaN)} ms`);
  }
  rows.push({ section: cold, tool: OURS, ours: true, unit: "ms", stats: summarize(coldMs), note: "new session to first answer" });
  rows.push({ section: warm, tool: OURS, ours: true, unit: "ms", stats: summarize(warmMs), note: `${warmMs.length} calls in one session` });
  const warmStats = summarize(warmMs);
  targets.push({ section: warm, goal: "cpython warm call < 5 ms", measured: `${formatNumber(warmStats.median)} ms median`, met: warmStats.median < 5 });

  // python3 -c: every call a fresh process.
  const peerMs: number[] = [];
  for (let rep = 0; rep < Math.max(options.reps, 10); rep++) {
    const result = await timedRun(PYTHON, ["-c", "import math; print(math.factorial(12))"], { timeoutMs: 30_000 });
    assertOk(PEER, result);
    if (result.stdout.trim() !== EXPECTED) throw new Error(`${PEER}: printed ${result.stdout}`);
    peerMs.push(result.ms);
  }
  rows.push({ section: cold, tool: PEER, ours: false, unit: "ms", stats: summarize(peerMs) });
  rows.push({ section: warm, tool: PEER, ours: false, unit: "ms", stats: summarize(peerMs), note: "every call is a cold process" });

  // Pyodide, the default backend, measured the same way (fewer cold reps: ~2 s each).
  const pyodideCold: number[] = [];
  const pyodideWarm: number[] = [];
  for (let rep = 0; rep < Math.min(options.reps, 3); rep++) {
    const started = performance.now();
    const session = new PythonSession({ warmSpare: false });
    try {
      await session.start();
      await session.run("import math");
      if (valueOf(await session.run("math.factorial(12)")) !== EXPECTED) throw new Error("pyodide: wrong answer");
      pyodideCold.push(performance.now() - started);
      if (rep === 0) for (let i = 0; i < options.warmCalls; i++) pyodideWarm.push((await timeCall(session, "math.factorial(12)")).ms);
    } finally {
      session.close();
    }
  }
  rows.push({ section: cold, tool: PYODIDE, ours: false, unit: "ms", stats: summarize(pyodideCold), note: "new session to first answer" });
  rows.push({ section: warm, tool: PYODIDE, ours: false, unit: "ms", stats: summarize(pyodideWarm), note: `${pyodideWarm.length} calls in one session` });

  // pandas groupby: in a warm session (frame built once), against the same groupby timed inside an
  // unsandboxed python3, and against python3 -c doing the whole job per call (import, build, group).
  const session = new CPythonSession({ warmSpare: false, timeoutMs: 120_000 });
  const groupMs: number[] = [];
  let expected = "";
  try {
    valueOf(await session.run(MAKE_FRAME));
    for (let i = 0; i < options.groupbyCalls; i++) {
      const call = await timeCall(session, GROUPBY);
      if (expected && call.value !== expected) throw new Error(`groupby: ${call.value} != ${expected}`);
      expected = call.value;
      groupMs.push(call.ms);
    }
  } finally {
    session.close();
  }
  rows.push({ section: groupby, tool: OURS, ours: true, unit: "ms", stats: summarize(groupMs), note: "groupby-mean call in a session holding the frame" });
  const inProcess = await timedRun(
    PYTHON,
    ["-c", `${MAKE_FRAME}\nimport time\nfor _ in range(${options.groupbyCalls}):\n    t = time.perf_counter(); v = ${GROUPBY}; print((time.perf_counter() - t) * 1000, v)`],
    { timeoutMs: 120_000 },
  );
  assertOk("python3 groupby", inProcess);
  const lines = inProcess.stdout.trim().split("\n").map((line) => line.split(" "));
  if (lines.some(([, value]) => value !== expected)) throw new Error(`python3 groupby printed ${inProcess.stdout.slice(0, 200)}, expected ${expected}`);
  rows.push({
    section: groupby,
    tool: "python3, same call timed in-process (unsandboxed, no IPC)",
    ours: false,
    unit: "ms",
    stats: summarize(lines.map(([ms]) => Number(ms))),
  });
  const whole: number[] = [];
  for (let rep = 0; rep < Math.min(options.reps, 5); rep++) {
    const result = await timedRun(PYTHON, ["-c", `${MAKE_FRAME}\nprint(${GROUPBY})`], { timeoutMs: 120_000 });
    assertOk("python3 -c groupby", result);
    if (result.stdout.trim() !== expected) throw new Error(`python3 -c groupby printed ${result.stdout}`);
    whole.push(result.ms);
  }
  rows.push({ section: groupby, tool: PEER, ours: false, unit: "ms", stats: summarize(whole), note: "import pandas, build the frame, group: per call" });
  notes.push("pandas groupby: Pyodide has no row: its offline standard-library build has no pandas.");
  return { rows, targets, notes };
}
