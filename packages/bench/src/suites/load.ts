/**
 * Load, on 127.0.0.1, from one run: `toolsmith mcp --http` (the real CLI, as its own process, serving the
 * examples' generated `sums`) under 20 and 100 concurrent SDK clients, and `runTools` with 200 parallel
 * conversations against the scripted OpenAI-compatible server, streaming and not. Every call's answer is
 * checked: a row counts only when nothing was lost or wrong (otherwise the suite fails, saying what).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import OpenAI from "openai";
import { createToolbox, runTools, type RunToolsResult } from "@toolsmith/runtime";
import { startScriptedServer, reply, type ChatRequestBody, type ScriptedReply } from "@toolsmith/runtime/testing";
import { registry as examplesRegistry } from "../../../../examples/registry.generated.js";
import { BENCH_DIR, REPO_DIR } from "../paths.js";
import { renderMachine, type SuiteResult } from "../report.js";
import { describeMachine } from "../machine.js";
import { formatNumber } from "../stats.js";

export interface LoadOptions {
  readonly quick: boolean;
  /** The run's conditions (`--note`), written under the machine. */
  readonly note?: string;
  readonly log: (line: string) => void;
}

/** One row of the load table. */
export interface LoadRow {
  readonly scenario: string;
  readonly concurrency: number;
  /** Units of work measured (calls, conversations), every one checked. */
  readonly done: number;
  readonly unit: string;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Server memory, for the MCP rows: idle before the clients, peak during, after they closed. */
  readonly rss?: { readonly idleMiB: number; readonly peakMiB: number; readonly afterMiB: number };
  /** What the throughput is compared with (another row of this run), and the ratio. */
  readonly versus?: { readonly label: string; readonly ratio: number };
  readonly checked: string;
}

const CLI = join(REPO_DIR, "packages/runtime/src/mcp/cli.ts");
const EXAMPLES_REGISTRY = join(REPO_DIR, "examples/registry.generated.ts");

export function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

// ---- MCP over Streamable HTTP --------------------------------------------------------------------------

interface McpProcess {
  readonly url: string;
  readonly token: string;
  readonly child: ChildProcess;
}

async function startMcpServer(maxSessions: number): Promise<McpProcess> {
  const token = randomBytes(32).toString("base64url");
  const tsx = pathToFileURL(createRequire(join(BENCH_DIR, "package.json")).resolve("tsx", { paths: [REPO_DIR] })).href;
  const child = spawn(process.execPath, ["--import", tsx, "--conditions=source", CLI, EXAMPLES_REGISTRY, "--http", "--port", "0", "--max-sessions", String(maxSessions)], {
    cwd: REPO_DIR,
    env: { ...process.env, TOOLSMITH_MCP_TOKEN: token },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      const match = / at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`toolsmith mcp exited ${String(code)}: ${stderr}`)));
  });
  return { url, token, child };
}

/** Resident and peak resident set of a process, from /proc (Linux), in MiB. */
function memoryOf(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) / 1024;
    return { rss: field("VmRSS"), hwm: field("VmHWM") };
  } catch {
    return undefined;
  }
}

export async function mcpLoad(clients: number, callsPerClient: number, log: LoadOptions["log"]): Promise<LoadRow> {
  const server = await startMcpServer(Math.max(100, clients));
  const pid = server.child.pid ?? 0;
  try {
    await new Promise((resolve) => setTimeout(resolve, 500)); // let start-up garbage settle
    const idle = memoryOf(pid);
    const connected = await Promise.all(
      Array.from({ length: clients }, async (_, i) => {
        const client = new Client({ name: `load-${i}`, version: "1" });
        await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { authorization: `Bearer ${server.token}` } } }));
        return client;
      }),
    );
    let wrong = 0;
    let lost = 0;
    const problems = new Set<string>();
    const call = async (client: Client, a: number, b: number): Promise<void> => {
      try {
        const result = await client.callTool({ name: "sums", arguments: { a, b } });
        const text = (result.content as { type: string; text?: string }[]).map((c) => c.text ?? "").join("");
        if (result.isError === true || text !== String(a + b)) {
          wrong++;
          problems.add(`answered ${JSON.stringify(text).slice(0, 120)}`);
        }
      } catch (error) {
        lost++;
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        problems.add(`${String(error).slice(0, 200)}${cause !== undefined ? ` (cause: ${cause.code ?? ""} ${cause.message ?? ""})` : ""}`);
      }
    };
    await Promise.all(connected.map((client, i) => (async () => {
      for (let k = 0; k < 5; k++) await call(client, i, k); // warm-up, unmeasured
    })()));
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(connected.map((client, i) => (async () => {
      for (let k = 0; k < callsPerClient; k++) {
        const t = performance.now();
        await call(client, i * 100_000 + k, 7);
        latencies.push(performance.now() - t);
      }
    })()));
    const seconds = (performance.now() - started) / 1000;
    const peak = memoryOf(pid);
    await Promise.all(connected.map((client) => client.close()));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = memoryOf(pid);
    const total = clients * callsPerClient;
    if (lost > 0 || wrong > 0) throw new Error(`MCP at ${clients} clients: ${lost} call(s) lost, ${wrong} wrong, of ${total + clients * 5}: ${[...problems].slice(0, 3).join(" | ")}`);
    log(`  mcp ${clients} clients: ${total} calls in ${formatNumber(seconds)} s`);
    return {
      scenario: "MCP Streamable HTTP: SDK clients calling `sums` on `toolsmith mcp --http`",
      concurrency: clients,
      done: total,
      unit: "calls",
      perSecond: total / seconds,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      ...(idle !== undefined && peak !== undefined && after !== undefined ? { rss: { idleMiB: idle.rss, peakMiB: peak.hwm, afterMiB: after.rss } } : {}),
      checked: `${total} answers = a + b; 0 lost, 0 wrong; all ${clients} connected`,
    };
  } finally {
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    server.child.kill("SIGTERM");
    await exited;
  }
}

// ---- runTools against the scripted server --------------------------------------------------------------

const ROUNDS = 2;
const CALLS_PER_ROUND = 3;

const callArgs = (conversation: number, round: number, j: number) => ({ a: conversation * 1000 + round * 10 + j, b: j });

/** What a conversation's final answer must say: the sum of all its tool results, computed here, not read back. */
function expectedTotal(conversation: number): number {
  let total = 0;
  for (let round = 0; round < ROUNDS; round++) for (let j = 0; j < CALLS_PER_ROUND; j++) {
    const { a, b } = callArgs(conversation, round, j);
    total += a + b;
  }
  return total;
}

/**
 * The scripted model: the same function answers every request from what the request holds (which
 * conversation, how many rounds so far), so turns may be served in any order across conversations.
 */
function scriptedModel(body: ChatRequestBody): ScriptedReply {
  const first = body.messages.find((m) => m.role === "user");
  const conversation = Number(/conversation (\d+)/.exec(String(first?.content ?? ""))?.[1]);
  const round = body.messages.filter((m) => m.role === "assistant").length;
  if (round < ROUNDS) {
    return reply({ toolCalls: Array.from({ length: CALLS_PER_ROUND }, (_, j) => ({ name: "sums", arguments: callArgs(conversation, round, j) })) });
  }
  const results = body.messages.filter((m) => m.role === "tool").map((m) => Number(m.content));
  return reply({ content: `total ${results.reduce((s, n) => s + n, 0)}` });
}

async function conversations(count: number, parallel: boolean, stream: boolean): Promise<{ latencies: number[]; seconds: number }> {
  const server = await startScriptedServer(Array.from({ length: count * (ROUNDS + 1) }, () => scriptedModel));
  const client = new OpenAI({ apiKey: "bench", baseURL: server.url, maxRetries: 0 });
  const tools = createToolbox(examplesRegistry);
  const latencies: number[] = [];
  const problems: string[] = [];
  const one = async (conversation: number): Promise<void> => {
    const t = performance.now();
    let result: RunToolsResult;
    try {
      result = await runTools({ client, model: "scripted-model", tools, stream, messages: [{ role: "user", content: `conversation ${conversation}` }] });
    } catch (error) {
      problems.push(`conversation ${conversation} lost: ${String(error)}`);
      return;
    }
    latencies.push(performance.now() - t);
    const okCalls = result.toolResults.filter((r) => r.ok).length;
    if (result.stopReason !== "stop" || result.finalText !== `total ${expectedTotal(conversation)}` || okCalls !== ROUNDS * CALLS_PER_ROUND) {
      problems.push(`conversation ${conversation}: ${result.stopReason}, "${result.finalText}", ${okCalls} ok tool calls`);
    }
  };
  const started = performance.now();
  try {
    if (parallel) await Promise.all(Array.from({ length: count }, (_, i) => one(i)));
    else for (let i = 0; i < count; i++) await one(i);
  } finally {
    await server.close();
  }
  const seconds = (performance.now() - started) / 1000;
  if (problems.length > 0) throw new Error(`runTools, ${count} conversations: ${problems.length} lost or wrong, e.g. ${problems.slice(0, 3).join("; ")}`);
  return { latencies, seconds };
}

async function runToolsLoad(quick: boolean, log: LoadOptions["log"]): Promise<LoadRow[]> {
  const rows: LoadRow[] = [];
  const checked = (n: number) => `${n} final answers = the sum of ${ROUNDS * CALLS_PER_ROUND} tool results each; 0 lost, 0 wrong`;
  await conversations(10, true, false); // warm-up: JIT, sockets
  const sequentialCount = quick ? 10 : 40;
  const sequential = await conversations(sequentialCount, false, false);
  const baseline = sequentialCount / sequential.seconds;
  rows.push({
    scenario: "runTools: conversations one at a time (baseline)",
    concurrency: 1,
    done: sequentialCount,
    unit: "conversations",
    perSecond: baseline,
    p50Ms: percentile(sequential.latencies, 0.5),
    p99Ms: percentile(sequential.latencies, 0.99),
    checked: checked(sequentialCount),
  });
  for (const stream of [false, true]) {
    const run = await conversations(200, true, stream);
    log(`  runTools 200 parallel (stream ${String(stream)}): ${formatNumber(run.seconds)} s`);
    rows.push({
      scenario: `runTools: 200 parallel conversations, ${ROUNDS} rounds of ${CALLS_PER_ROUND} parallel tool calls${stream ? ", streaming" : ""}`,
      concurrency: 200,
      done: 200,
      unit: "conversations",
      perSecond: 200 / run.seconds,
      p50Ms: percentile(run.latencies, 0.5),
      p99Ms: percentile(run.latencies, 0.99),
      versus: { label: "one at a time", ratio: 200 / run.seconds / baseline },
      checked: checked(200),
    });
  }
  return rows;
}

// ---- the suite -----------------------------------------------------------------------------------------

export async function runLoad(options: LoadOptions): Promise<SuiteResult> {
  const machine = describeMachine();
  const rows: LoadRow[] = [];
  const twenty = await mcpLoad(20, options.quick ? 20 : 150, options.log);
  rows.push(twenty);
  const hundred = await mcpLoad(100, options.quick ? 4 : 30, options.log);
  rows.push({ ...hundred, versus: { label: "20 clients", ratio: hundred.perSecond / twenty.perSecond } });
  rows.push(...(await runToolsLoad(options.quick, options.log)));
  const body = [
    "From one run of `pnpm bench -- --only load` (packages/bench/src/suites/load.ts), on 127.0.0.1. Every row checks every answer;",
    "a lost or wrong one fails the suite instead of giving a row. MCP: the real CLI (`toolsmith mcp examples/registry.generated.ts",
    "--http`, from source under tsx) as its own process, SDK clients in the bench process, each calling `sums` in a loop after 5",
    "warm-up calls; RSS read from /proc (peak = VmHWM). runTools: the real `openai` client against the scripted server in the bench",
    "process; `vs` compares throughput with another row of the same run.",
    "",
    renderMachine(machine),
    ...(options.note !== undefined ? [`- conditions: ${options.note}`] : []),
    ...(options.quick ? ["- **quick mode: few repetitions, rough figures**"] : []),
    "",
    renderLoadTable(rows),
  ].join("\n");
  return { rows: [], targets: [], notes: [], sections: [{ id: "load", title: "Load (issue 16)", body }] };
}

export function renderLoadTable(rows: readonly LoadRow[]): string {
  const lines = [
    "| scenario | at once | measured | throughput | vs | p50 | p99 | p99 / p50 | server RSS: idle -> peak -> after | checked |",
    "|---|---:|---:|---:|---|---:|---:|---:|---|---|",
  ];
  for (const r of rows) {
    const rss = r.rss === undefined ? "" : `${formatNumber(r.rss.idleMiB)} -> ${formatNumber(r.rss.peakMiB)} -> ${formatNumber(r.rss.afterMiB)} MiB`;
    const versus = r.versus === undefined ? "" : `${formatNumber(r.versus.ratio)}x ${r.versus.label}`;
    lines.push(
      `| ${r.scenario} | ${r.concurrency} | ${r.done} ${r.unit} | ${formatNumber(r.perSecond)} ${r.unit}/s | ${versus} | ${formatNumber(r.p50Ms)} ms | ${formatNumber(r.p99Ms)} ms | ${formatNumber(r.p99Ms / r.p50Ms)}x | ${rss} | ${r.checked} |`,
    );
  }
  return lines.join("\n");
}
