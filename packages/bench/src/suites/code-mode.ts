/**
 * Code mode (issue 13): a bridged tool call's round trip from inside each sandbox (warm; timed by the guest
 * around each call), beside a plain tool call's round trip through a model turn (one Chat Completions
 * request to the scripted server on 127.0.0.1 plus toolbox.call: what code mode replaces, with zero model
 * latency); and a task needing 50 dependent tool calls, run both ways against the scripted server: model
 * requests and prompt size (characters of the request bodies / 4, an estimate: the scripted server counts no
 * tokens).
 */
import { createInterpreterTools, createToolbox, JupyterSession, type Toolbox, type ToolSpec } from "@toolsmith/runtime";
import { registry as examplesRegistry } from "../../../../examples/registry.generated.js";
import { reply, startScriptedServer, toolMessages, messageText, type ScriptedServer, type Turn } from "@toolsmith/runtime/testing";
import type { Row, SuiteResult, Target } from "../report.js";
import { formatNumber, summarize } from "../stats.js";

export interface CodeModeBenchOptions {
  readonly calls: number;
  readonly log: (line: string) => void;
}

const PY_TIMED = (n: number) =>
  `import time, json\nfrom tools import sums\nsums(1, 1)\nd = []\nfor i in range(${n}):\n    t = time.perf_counter(); sums(i, 1); d.append((time.perf_counter() - t) * 1000)\nprint(json.dumps(d))`;
// QuickJS's clock has 1 ms resolution: batches of 10 calls, each sample the batch's time / 10.
const JS_TIMED = (n: number) =>
  `await tools.sums({ a: 1 }); const d = []; for (let i = 0; i < ${n}; i++) { const t = Date.now(); for (let j = 0; j < 10; j++) await tools.sums({ a: i }); d.push((Date.now() - t) / 10); } console.log(JSON.stringify(d))`;

interface Message {
  role: string;
  content: string | null;
  tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

/** The tool loop by hand over fetch (the bench has no openai client): requests made and characters sent. */
async function loop(server: ScriptedServer, toolbox: Toolbox, prompt: string): Promise<{ requests: number; chars: number; answer: string }> {
  const messages: Message[] = [{ role: "user", content: prompt }];
  const tools = toolbox.chatCompletionsTools();
  let chars = 0;
  for (let requests = 1; requests <= 200; requests++) {
    const body = JSON.stringify({ model: "scripted", messages, tools });
    chars += body.length;
    const response = await fetch(`${server.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer x" }, body });
    const completion = (await response.json()) as { choices: { message: Message }[] };
    const message = completion.choices[0]!.message;
    messages.push(message);
    if (!message.tool_calls?.length) return { requests, chars, answer: message.content ?? "" };
    for (const call of message.tool_calls) {
      const result = await toolbox.call({ name: call.function.name, arguments: call.function.arguments, id: call.id });
      messages.push({ role: "tool", tool_call_id: call.id, content: result.content });
    }
  }
  throw new Error("the tool loop did not end");
}

export async function runCodeMode(options: CodeModeBenchOptions): Promise<SuiteResult> {
  const rows: Row[] = [];
  const targets: Target[] = [];
  const notes: string[] = [];
  const roundTrip = "code mode: one tool call's round trip (warm)";
  // The seed's `sums`, as `toolsmith codegen` registers it.
  const toolbox = createToolbox(examplesRegistry);

  const interpreters = createInterpreterTools({ tools: toolbox, codeMode: { maxCalls: options.calls + 10 } });
  const cpython = createInterpreterTools({ tools: toolbox, backend: "cpython", languages: ["python"], codeMode: { maxCalls: options.calls + 10 } });
  try {
    const measure = async (tool: ToolSpec<{ code: string }, string>, code: string): Promise<number[]> => {
      const text = await tool.invoke({ code }, { signal: new AbortController().signal });
      const samples = JSON.parse(text.split("\n").at(-1) ?? "") as number[];
      if (!Array.isArray(samples) || samples.length === 0) throw new Error(`unexpected output: ${text.slice(0, 200)}`);
      return samples;
    };
    // QuickJS first: Pyodide's warm spare loads in the background once the first session is up (CPU-bound)
    const quickjs = await measure(interpreters.tools[1]!, JS_TIMED(options.calls / 10));
    rows.push({ section: roundTrip, tool: "toolsmith code mode: JavaScript (QuickJS)", ours: true, unit: "ms", stats: summarize(quickjs), note: "guest-timed, batches of 10 calls (Date.now: 1 ms resolution)" });
    options.log(`  quickjs: ${formatNumber(summarize(quickjs).median)} ms`);
    await interpreters.python.start();
    const pyodide = await measure(interpreters.tools[0]!, PY_TIMED(options.calls));
    rows.push({ section: roundTrip, tool: "toolsmith code mode: Python (Pyodide)", ours: true, unit: "ms", stats: summarize(pyodide), note: "guest-timed sums(i, 1)" });
    options.log(`  pyodide: ${formatNumber(summarize(pyodide).median)} ms`);
    try {
      const native = await measure(cpython.tools[0]!, PY_TIMED(options.calls));
      rows.push({ section: roundTrip, tool: "toolsmith code mode: Python (cpython)", ours: true, unit: "ms", stats: summarize(native), note: "guest-timed sums(i, 1)" });
      options.log(`  cpython: ${formatNumber(summarize(native).median)} ms`);
    } catch (error) {
      notes.push(`code mode: cpython not measured: ${(error as Error).message.split("\n")[0]}`);
    }
    // jupyter: the calls cross the kernel's stdin channel (input_request/input_reply over its WebSocket)
    const kernel = new JupyterSession();
    const jupyter = createInterpreterTools({ tools: toolbox, backend: "jupyter", backends: { jupyter: () => kernel }, languages: ["python"], codeMode: { maxCalls: options.calls + 10 } });
    try {
      await kernel.start();
      const samples = await measure(jupyter.tools[0]!, PY_TIMED(options.calls));
      rows.push({ section: roundTrip, tool: "toolsmith code mode: Python (jupyter, local sandboxed kernel)", ours: true, unit: "ms", stats: summarize(samples), note: "guest-timed sums(i, 1), over the kernel's stdin channel" });
      options.log(`  jupyter: ${formatNumber(summarize(samples).median)} ms`);
    } catch (error) {
      notes.push(`code mode: jupyter not measured: ${(error as Error).message.split("\n")[0]}`);
    } finally {
      await kernel.shutdown();
    }
    for (const [name, samples] of [["Python (Pyodide)", pyodide], ["JavaScript (QuickJS)", quickjs]] as const) {
      const median = summarize(samples).median;
      targets.push({ section: roundTrip, goal: `${name} bridged call < 1 ms`, measured: `${formatNumber(median)} ms median`, met: median < 1 });
    }
  } finally {
    interpreters.close();
    cpython.close();
  }

  // Peer: the same call made by a model as a plain tool call (one request per call, zero model latency).
  const plainTurn = (i: number): Turn => reply({ toolCalls: [{ name: "sums", arguments: { a: i, b: 1 } }] });
  const perCall: number[] = [];
  {
    const server = await startScriptedServer([...Array.from({ length: 30 }, (_, i) => plainTurn(i)), reply({ content: "done" })]);
    try {
      const messages: Message[] = [{ role: "user", content: "go" }];
      const tools = toolbox.chatCompletionsTools();
      for (let i = 0; i < 30; i++) {
        const started = performance.now();
        const response = await fetch(`${server.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer x" }, body: JSON.stringify({ model: "s", messages, tools }) });
        const message = ((await response.json()) as { choices: { message: Message }[] }).choices[0]!.message;
        const call = message.tool_calls![0]!;
        const result = await toolbox.call({ name: call.function.name, arguments: call.function.arguments });
        perCall.push(performance.now() - started);
        messages.push(message, { role: "tool", tool_call_id: call.id, content: result.content });
      }
    } finally {
      await server.close();
    }
  }
  rows.push({ section: roundTrip, tool: "plain tool call through a model turn (scripted server, 127.0.0.1)", ours: false, unit: "ms", stats: summarize(perCall), note: "no model latency at all" });

  // A task needing 50 dependent calls (a running total), both ways.
  const task = "Add the numbers 1 to 50 with sums, one at a time.";
  const plainScript: Turn[] = [
    ...Array.from({ length: 50 }, (_, i) => (body: Parameters<typeof toolMessages>[0]) => {
      const previous = Number(messageText(toolMessages(body).at(-1)) || 0);
      return reply({ toolCalls: [{ name: "sums", arguments: { a: i === 0 ? 0 : previous, b: i + 1 } }] });
    }),
    (body: Parameters<typeof toolMessages>[0]) => reply({ content: messageText(toolMessages(body).at(-1)) }),
  ];
  const codeScript: Turn[] = [
    reply({ toolCalls: [{ name: "python", arguments: { code: "from tools import sums\nt = 0\nfor i in range(1, 51):\n    t = sums(t, i)\nprint(t)" } }] }),
    (body: Parameters<typeof toolMessages>[0]) => reply({ content: messageText(toolMessages(body).at(-1)) }),
  ];
  const plainServer = await startScriptedServer(plainScript);
  const codeServer = await startScriptedServer(codeScript);
  const codeTools = createInterpreterTools({ tools: toolbox, languages: ["python"] });
  try {
    const plain = await loop(plainServer, toolbox, task);
    const code = await loop(codeServer, createToolbox(codeTools.tools, { confirm: () => true }), task);
    if (plain.answer !== "1275" || code.answer !== "1275") throw new Error(`50-call task answers: plain ${plain.answer}, code mode ${code.answer}`);
    const section50r = "code mode: a 50-call task, model requests";
    const section50t = "code mode: a 50-call task, prompt tokens sent (est. chars/4)";
    rows.push({ section: section50r, tool: "toolsmith code mode (one program)", ours: true, unit: "requests", stats: summarize([code.requests]) });
    rows.push({ section: section50r, tool: "plain tool calls (one per turn)", ours: false, unit: "requests", stats: summarize([plain.requests]) });
    rows.push({ section: section50t, tool: "toolsmith code mode (one program)", ours: true, unit: "tokens", stats: summarize([Math.round(code.chars / 4)]) });
    rows.push({ section: section50t, tool: "plain tool calls (one per turn)", ours: false, unit: "tokens", stats: summarize([Math.round(plain.chars / 4)]) });
    options.log(`  50-call task: ${code.requests} vs ${plain.requests} requests, ${Math.round(code.chars / 4)} vs ${Math.round(plain.chars / 4)} tokens`);
  } finally {
    codeTools.close();
    await plainServer.close();
    await codeServer.close();
  }
  return { rows, targets, notes };
}
