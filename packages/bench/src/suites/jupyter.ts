/**
 * The jupyter backend: cold start (a new session - private Jupyter Server plus a kernel in bubblewrap -
 * until its first answer), a warm `math.factorial(12)`, and a pandas groupby over 1M rows. Beside it:
 * the same session against a plain, unsandboxed Jupyter Server given by URL (what the sandbox and the
 * private server cost), `python3 -c` (a process per call) and Pyodide (our zero-install backend).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JupyterSession, PythonSession, type CellResult } from "@toolsmith/runtime";
import type { Row, SuiteResult } from "../report.js";
import { assertOk, timedRun } from "../spawn.js";
import { formatNumber, summarize } from "../stats.js";

export interface JupyterBenchOptions {
  readonly reps: number;
  readonly warmCalls: number;
  readonly groupbyCalls: number;
  readonly log: (line: string) => void;
}

const PYTHON = "/usr/bin/python3";
const EXPECTED = "479001600";
const OURS = "toolsmith jupyter (private server, kernel in bubblewrap)";
const BY_URL = "toolsmith jupyter by URL (plain local Jupyter Server, unsandboxed kernel)";
const PYODIDE = "toolsmith python (Pyodide, sandboxed child)";
const PEER = "python3 -c (a process per call, unsandboxed)";
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

/** A plain Jupyter Server on 127.0.0.1 with a token (the "remote" one), stopped by the returned function. */
async function plainServer(): Promise<{ url: string; token: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "toolsmith-bench-jupyter-"));
  for (const sub of ["runtime", "config", "data", "root"]) mkdirSync(join(dir, sub));
  const token = randomBytes(16).toString("hex");
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const args = ["-m", "jupyter_server", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1", `--ServerApp.port=${port}`, "--ServerApp.port_retries=0", `--ServerApp.root_dir=${join(dir, "root")}`];
  const env = { PATH: "/usr/bin:/bin", HOME: dir, JUPYTER_TOKEN: token, JUPYTER_CONFIG_DIR: join(dir, "config"), JUPYTER_DATA_DIR: join(dir, "data"), JUPYTER_RUNTIME_DIR: join(dir, "runtime") };
  const child = spawn(PYTHON, args, { env, stdio: "ignore", detached: true });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // gone
    }
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  for (let tries = 0; ; tries++) {
    const ok = await fetch(`${url}api/status`, { headers: { Authorization: `token ${token}` } }).then((r) => r.ok, () => false);
    if (ok) return { url, token, stop };
    if (tries > 300) {
      await stop();
      throw new Error("the plain Jupyter Server did not start");
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function runJupyter(options: JupyterBenchOptions): Promise<SuiteResult> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const cold = "interpreter: jupyter cold start";
  const warm = "interpreter: jupyter warm math.factorial(12)";
  const groupby = "interpreter: jupyter pandas groupby over 1M rows";

  const measure = async (tool: string, ours: boolean, makeSession: () => JupyterSession, reps: number) => {
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const started = performance.now();
      const session = makeSession();
      try {
        await session.start();
        const first = valueOf(await session.run("import math\nmath.factorial(12)"));
        coldMs.push(performance.now() - started);
        if (first !== EXPECTED) throw new Error(`${tool}: expected ${EXPECTED}, got ${first}`);
        if (rep === 0) {
          for (let i = 0; i < options.warmCalls; i++) {
            const call = await timeCall(session, "math.factorial(12)");
            if (call.value !== EXPECTED) throw new Error(`${tool}: expected ${EXPECTED}, got ${call.value}`);
            warmMs.push(call.ms);
          }
        }
      } finally {
        await session.shutdown();
      }
      options.log(`  ${tool} cold ${rep + 1}/${reps}: ${formatNumber(coldMs.at(-1) ?? Number.NaN)} ms`);
    }
    rows.push({ section: cold, tool, ours, unit: "ms", stats: summarize(coldMs), note: "new session to first answer" });
    rows.push({ section: warm, tool, ours, unit: "ms", stats: summarize(warmMs), note: `${warmMs.length} calls in one session` });
  };
  const groupbyRow = async (tool: string, ours: boolean, session: JupyterSession): Promise<string> => {
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
      await session.shutdown();
    }
    rows.push({ section: groupby, tool, ours, unit: "ms", stats: summarize(groupMs), note: "groupby-mean call in a session holding the frame" });
    return expected;
  };

  await measure(OURS, true, () => new JupyterSession(), options.reps);
  const expected = await groupbyRow(OURS, true, new JupyterSession({ timeoutMs: 120_000 }));

  const plain = await plainServer();
  try {
    await measure(BY_URL, false, () => new JupyterSession({ url: plain.url, token: plain.token }), options.reps);
    await groupbyRow(BY_URL, false, new JupyterSession({ url: plain.url, token: plain.token, timeoutMs: 120_000 }));
  } finally {
    await plain.stop();
  }

  const peerMs: number[] = [];
  for (let rep = 0; rep < Math.max(options.reps, 10); rep++) {
    const result = await timedRun(PYTHON, ["-c", "import math; print(math.factorial(12))"], { timeoutMs: 30_000 });
    assertOk(PEER, result);
    if (result.stdout.trim() !== EXPECTED) throw new Error(`${PEER}: printed ${result.stdout}`);
    peerMs.push(result.ms);
  }
  rows.push({ section: cold, tool: PEER, ours: false, unit: "ms", stats: summarize(peerMs) });
  rows.push({ section: warm, tool: PEER, ours: false, unit: "ms", stats: summarize(peerMs), note: "every call is a cold process" });

  const pyodideCold: number[] = [];
  const pyodideWarm: number[] = [];
  for (let rep = 0; rep < Math.min(options.reps, 3); rep++) {
    const started = performance.now();
    const session = new PythonSession({ warmSpare: false });
    try {
      await session.start();
      if (valueOf(await session.run("import math\nmath.factorial(12)")) !== EXPECTED) throw new Error("pyodide: wrong answer");
      pyodideCold.push(performance.now() - started);
      if (rep === 0) for (let i = 0; i < options.warmCalls; i++) pyodideWarm.push((await timeCall(session, "math.factorial(12)")).ms);
    } finally {
      session.close();
    }
  }
  rows.push({ section: cold, tool: PYODIDE, ours: false, unit: "ms", stats: summarize(pyodideCold), note: "new session to first answer" });
  rows.push({ section: warm, tool: PYODIDE, ours: false, unit: "ms", stats: summarize(pyodideWarm), note: `${pyodideWarm.length} calls in one session` });

  const whole: number[] = [];
  for (let rep = 0; rep < Math.min(options.reps, 5); rep++) {
    const result = await timedRun(PYTHON, ["-c", `${MAKE_FRAME}\nprint(${GROUPBY})`], { timeoutMs: 120_000 });
    assertOk("python3 -c groupby", result);
    if (result.stdout.trim() !== expected) throw new Error(`python3 -c groupby printed ${result.stdout}, expected ${expected}`);
    whole.push(result.ms);
  }
  rows.push({ section: groupby, tool: PEER, ours: false, unit: "ms", stats: summarize(whole), note: "import pandas, build the frame, group: per call" });
  notes.push("jupyter: a warm call is one execute_request over the kernel WebSocket and the reply; cold start includes starting the private Jupyter Server.");
  return { rows, targets: [], notes };
}
