/**
 * Interpreters: cold start (a new session until its first answer) and a warm `math.factorial(12)` in an
 * existing session, for our sandboxed `python` (Pyodide in a locked-down child process) and `javascript`
 * (QuickJS), against what a tool without an embedded interpreter does: spawn `python3 -c` / `node -e`
 * for each call.
 */
import { spawnSync } from "node:child_process";
import { JavaScriptSession, PythonSession, type CellResult } from "@toolsmith/runtime";
import type { Row, SuiteResult, Target } from "../report.js";
import { timedRun, assertOk } from "../spawn.js";
import { formatNumber, summarize } from "../stats.js";

export interface InterpreterOptions {
  readonly reps: number;
  readonly warmCalls: number;
  readonly log: (line: string) => void;
}

interface SessionLike {
  start(): Promise<void>;
  run(code: string): Promise<CellResult>;
  close(): void;
}

const EXPECTED = "479001600";

const LANGUAGES = {
  python: {
    label: "toolsmith python (Pyodide, sandboxed child)",
    setup: "import math",
    call: "math.factorial(12)",
    // warmSpare off: a cold start must be cold, not served from a preloaded spare.
    create: (): SessionLike => new PythonSession({ warmSpare: false }),
    peer: { label: "python3 -c (a process per call)", command: "python3", args: ["-c", "import math; print(math.factorial(12))"] },
  },
  javascript: {
    label: "toolsmith javascript (QuickJS)",
    setup: "function factorial(n) { return n <= 1 ? 1 : n * factorial(n - 1); }",
    call: "factorial(12)",
    create: (): SessionLike => new JavaScriptSession(),
    peer: { label: "node -e (a process per call)", command: process.execPath, args: ["-e", "const f = (n) => (n <= 1 ? 1 : n * f(n - 1)); console.log(f(12))"] },
  },
} as const;
type Language = keyof typeof LANGUAGES;

function valueOf(result: CellResult): string {
  if (!result.ok) throw new Error(result.error ?? "interpreter call failed");
  return (result.value ?? result.output).trim();
}

async function measureLanguage(language: Language, options: InterpreterOptions, rows: Row[], targets: Target[], notes: string[]): Promise<void> {
  const spec = LANGUAGES[language];
  const coldSection = `interpreter: ${language} cold start`;
  const warmSection = `interpreter: ${language} warm ${language === "python" ? "math.factorial(12)" : "factorial(12)"}`;
  const cold: number[] = [];
  const warm: number[] = [];
  for (let rep = 0; rep < options.reps; rep++) {
    const started = performance.now();
    const session = spec.create();
    try {
      await session.start();
      await session.run(spec.setup);
      const first = valueOf(await session.run(spec.call));
      cold.push(performance.now() - started);
      if (first !== EXPECTED) throw new Error(`${language}: expected ${EXPECTED}, got ${first}`);
      if (rep === 0) {
        for (let i = 0; i < options.warmCalls; i++) {
          const t = performance.now();
          const value = valueOf(await session.run(spec.call));
          warm.push(performance.now() - t);
          if (value !== EXPECTED) throw new Error(`${language}: expected ${EXPECTED}, got ${value}`);
        }
      }
    } finally {
      session.close();
    }
    options.log(`  ${language} cold ${rep + 1}/${options.reps}: ${formatNumber(cold[cold.length - 1] ?? Number.NaN)} ms`);
  }
  rows.push({ section: coldSection, tool: spec.label, ours: true, unit: "ms", stats: summarize(cold), note: "new session to first answer" });
  rows.push({ section: warmSection, tool: spec.label, ours: true, unit: "ms", stats: summarize(warm), note: `${warm.length} calls in one session` });
  if (language === "python") {
    const s = summarize(warm);
    targets.push({ section: warmSection, goal: "python warm call < 5 ms", measured: `${formatNumber(s.median)} ms median`, met: s.median < 5 });
  }

  const available = spawnSync(spec.peer.command, ["--version"], { stdio: "ignore" }).status === 0;
  if (!available) {
    notes.push(`interpreters: ${spec.peer.command} is not installed, so its row is missing.`);
    return;
  }
  const peer: number[] = [];
  for (let rep = 0; rep < Math.max(options.reps, 10); rep++) {
    const result = await timedRun(spec.peer.command, spec.peer.args, { timeoutMs: 30_000 });
    assertOk(spec.peer.label, result);
    if (result.stdout.trim() !== EXPECTED) throw new Error(`${spec.peer.label}: printed ${result.stdout}`);
    peer.push(result.ms);
  }
  const stats = summarize(peer);
  rows.push({ section: coldSection, tool: spec.peer.label, ours: false, unit: "ms", stats });
  rows.push({ section: warmSection, tool: spec.peer.label, ours: false, unit: "ms", stats, note: "every call is a cold process" });
}

export async function runInterpreters(options: InterpreterOptions): Promise<SuiteResult> {
  const rows: Row[] = [];
  const targets: Target[] = [];
  const notes: string[] = [];
  for (const language of Object.keys(LANGUAGES) as Language[]) await measureLanguage(language, options, rows, targets, notes);
  return { rows, targets, notes };
}
