/**
 * The cpython backend (Debian's python3 inside bubblewrap): cold start (a new session until its first
 * answer), a warm `math.factorial(12)`, and a pandas groupby over 1M rows, beside `python3 -c` (a process
 * per call, unsandboxed) and Pyodide (our zero-install backend; it has no pandas).
 */
import { CPythonSession } from "@toolsmith/runtime";
import type { Row, SuiteResult, Target } from "../report.js";
import { assertOk, timedRun } from "../spawn.js";
import { formatNumber, summarize } from "../stats.js";
import { coldAndWarm, GROUPBY, groupbyInSession, MAKE_FRAME, peerFactorial, peerGroupby, pyodideColdAndWarm, PYTHON, type PythonBenchOptions } from "./python-harness.js";

export type CPythonBenchOptions = PythonBenchOptions;

const OURS = "toolsmith cpython (python3 in bubblewrap)";

export async function runCPython(options: CPythonBenchOptions): Promise<SuiteResult> {
  const rows: Row[] = [];
  const targets: Target[] = [];
  const notes: string[] = [];
  const sections = {
    cold: "interpreter: cpython cold start",
    warm: "interpreter: cpython warm math.factorial(12)",
    groupby: "interpreter: pandas groupby over 1M rows",
  };
  const firstCells = ["import math", "math.factorial(12)"];

  // Ours, cold and warm. warmSpare off: a cold start must be cold.
  const ours = await coldAndWarm(sections, {
    tool: OURS,
    ours: true,
    reps: options.reps,
    warmCalls: options.warmCalls,
    make: () => new CPythonSession({ warmSpare: false }),
    stop: (session) => session.close(),
    firstCells,
    label: "cpython",
    log: options.log,
  });
  rows.push(...ours.rows);
  const warmStats = summarize(ours.warmMs);
  targets.push({ section: sections.warm, goal: "cpython warm call < 5 ms", measured: `${formatNumber(warmStats.median)} ms median`, met: warmStats.median < 5 });

  // python3 -c: every call a fresh process; Pyodide, the default backend, measured the same way as ours.
  rows.push(...(await peerFactorial(sections, options.reps)));
  rows.push(...(await pyodideColdAndWarm(sections, options, firstCells)));

  // pandas groupby: in a warm session (frame built once), against the same groupby timed inside an
  // unsandboxed python3, and against python3 -c doing the whole job per call (import, build, group).
  const { row, expected } = await groupbyInSession(
    sections.groupby,
    OURS,
    true,
    new CPythonSession({ warmSpare: false, timeoutMs: 120_000 }),
    (session) => session.close(),
    options.groupbyCalls,
  );
  rows.push(row);
  const inProcess = await timedRun(
    PYTHON,
    ["-c", `${MAKE_FRAME}\nimport time\nfor _ in range(${options.groupbyCalls}):\n    t = time.perf_counter(); v = ${GROUPBY}; print((time.perf_counter() - t) * 1000, v)`],
    { timeoutMs: 120_000 },
  );
  assertOk("python3 groupby", inProcess);
  const lines = inProcess.stdout.trim().split("\n").map((line) => line.split(" "));
  if (lines.some(([, value]) => value !== expected)) throw new Error(`python3 groupby printed ${inProcess.stdout.slice(0, 200)}, expected ${expected}`);
  rows.push({
    section: sections.groupby,
    tool: "python3, same call timed in-process (unsandboxed, no IPC)",
    ours: false,
    unit: "ms",
    stats: summarize(lines.map(([ms]) => Number(ms))),
  });
  rows.push(await peerGroupby(sections.groupby, options.reps, expected));
  notes.push("pandas groupby: Pyodide has no row: its offline standard-library build has no pandas.");
  return { rows, targets, notes };
}
