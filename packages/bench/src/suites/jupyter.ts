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
import { JupyterSession } from "@toolsmith/runtime";
import type { Row, SuiteResult } from "../report.js";
import { coldAndWarm, groupbyInSession, peerFactorial, peerGroupby, pyodideColdAndWarm, PYTHON, type PythonBenchOptions } from "./python-harness.js";

export type JupyterBenchOptions = PythonBenchOptions;

const OURS = "toolsmith jupyter (private server, kernel in bubblewrap)";
const BY_URL = "toolsmith jupyter by URL (plain local Jupyter Server, unsandboxed kernel)";

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
  const sections = {
    cold: "interpreter: jupyter cold start",
    warm: "interpreter: jupyter warm math.factorial(12)",
    groupby: "interpreter: jupyter pandas groupby over 1M rows",
  };
  const firstCells = ["import math\nmath.factorial(12)"];
  const stop = (session: JupyterSession) => session.shutdown();
  const measure = async (tool: string, ours: boolean, make: () => JupyterSession) => {
    const run = { tool, ours, reps: options.reps, warmCalls: options.warmCalls, make, stop, firstCells, label: tool, log: options.log };
    rows.push(...(await coldAndWarm(sections, run)).rows);
  };
  const groupbyRow = async (tool: string, ours: boolean, session: JupyterSession): Promise<string> => {
    const { row, expected } = await groupbyInSession(sections.groupby, tool, ours, session, stop, options.groupbyCalls);
    rows.push(row);
    return expected;
  };

  await measure(OURS, true, () => new JupyterSession());
  const expected = await groupbyRow(OURS, true, new JupyterSession({ timeoutMs: 120_000 }));

  const plain = await plainServer();
  try {
    await measure(BY_URL, false, () => new JupyterSession({ url: plain.url, token: plain.token }));
    await groupbyRow(BY_URL, false, new JupyterSession({ url: plain.url, token: plain.token, timeoutMs: 120_000 }));
  } finally {
    await plain.stop();
  }

  rows.push(...(await peerFactorial(sections, options.reps)));
  rows.push(...(await pyodideColdAndWarm(sections, options, firstCells)));
  rows.push(await peerGroupby(sections.groupby, options.reps, expected));
  notes.push("jupyter: a warm call is one execute_request over the kernel WebSocket and the reply; cold start includes starting the private Jupyter Server.");
  return { rows, targets: [], notes };
}
