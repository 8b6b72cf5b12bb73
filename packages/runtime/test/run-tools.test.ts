// The tool loop through the real openai client over real HTTP, against the scripted server.
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { registry } from "../../../examples/registry.generated.js";
import { ask, createToolbox, defineTool, runTools, type RunEvent, type ToolSpec } from "../src/index.js";
import { lastUserText, messageText, reply, startScriptedServer, toolMessages, type ChatRequestBody, type ScriptedServer, type Turn } from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(turns: Turn[]): Promise<{ server: ScriptedServer; client: OpenAI }> {
  server = await startScriptedServer(turns);
  return { server, client: new OpenAI({ apiKey: "test-key", baseURL: server.url, maxRetries: 0 }) };
}

/** The scripted model answers with whatever the tools returned, so no result is hard-coded in the script. */
const answerFromTools = (body: ChatRequestBody) => reply({ content: `Results: ${toolMessages(body).map((m) => messageText(m)).join(", ")}` });

const repeat = defineTool({
  name: "repeat",
  description: "Repeats text n times",
  parameters: { type: "object", properties: { text: { type: "string" }, n: { type: "integer", minimum: 1, maximum: 5 } }, required: ["text", "n"] },
  params: ["text", "n"],
  fn: (text: string, n: number) => text.repeat(n),
});

const explode = defineTool<{ fail: boolean }>({
  name: "explode",
  parameters: { type: "object", properties: { fail: { type: "boolean" } }, required: ["fail"] },
  invoke: ({ fail }) => {
    if (fail) throw new Error("the fuse was lit");
    return "defused";
  },
});

const nap = defineTool<{ ms: number }>({
  name: "nap",
  parameters: { type: "object", properties: { ms: { type: "integer" } }, required: ["ms"] },
  timeoutMs: 100,
  invoke: ({ ms }, { signal }) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(`slept ${ms}`), ms);
      signal.addEventListener("abort", () => clearTimeout(timer));
    }),
});

const tools = createToolbox([registry.sums, repeat, explode, nap] as ToolSpec<never, unknown>[]);

describe("runTools", () => {
  it("runs a single call and answers from its result (the seed's sums)", async () => {
    const { server, client } = await serve([
      (body) => reply({ toolCalls: [{ name: "sums", arguments: { a: Number(lastUserText(body).match(/(\d+)\+/)?.[1]), b: 3 } }], usage: { prompt_tokens: 20, completion_tokens: 7 } }),
      answerFromTools,
    ]);
    const result = await runTools({
      client,
      model: "scripted-model",
      messages: [
        { role: "system", content: "You must use the `sums` function instead of adding yourself." },
        { role: "user", content: "What is 6+3?" },
      ],
      tools,
    });
    expect(result).toMatchObject({ finalText: "Results: 9", stopReason: "stop", steps: 2, usage: { prompt_tokens: 30, completion_tokens: 12, total_tokens: 42 } });
    expect(result.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "tool", "assistant"]);
    const [first] = server.chatRequests();
    expect(first?.tools?.map((t) => t.function.name)).toEqual(["sums", "repeat", "explode", "nap"]);
    expect(first?.tools?.[0]?.function).toMatchObject({ name: "sums", description: "Adds a + b", parameters: registry.sums.parameters });
  });

  it("runs a turn's calls concurrently and keeps the tool messages in the calls' order", async () => {
    const started: string[] = [];
    const finished: string[] = [];
    let bothStarted!: () => void;
    const barrier = new Promise<void>((resolve) => (bothStarted = resolve));
    let secondDone!: () => void;
    const secondFinished = new Promise<void>((resolve) => (secondDone = resolve));
    const track = (name: string, waitFor: () => Promise<void>, onFinish: () => void) =>
      defineTool({
        name,
        parameters: { type: "object", properties: {} },
        invoke: async () => {
          started.push(name);
          if (started.length === 2) bothStarted();
          await barrier; // sequential execution would never get past this (the time limit would end it)
          await waitFor();
          finished.push(name);
          onFinish();
          return `${name} done`;
        },
      });
    const box = createToolbox([track("first", () => secondFinished, () => {}), track("second", async () => {}, () => secondDone())], { timeoutMs: 2000 });
    const { client } = await serve([reply({ toolCalls: [{ name: "first", arguments: {} }, { name: "second", arguments: {} }] }), answerFromTools]);
    const result = await runTools({ client, model: "m", messages: [{ role: "user", content: "go" }], tools: box });
    expect(started).toEqual(["first", "second"]);
    expect(finished).toEqual(["second", "first"]); // the second finished first...
    expect(result.finalText).toBe("Results: first done, second done"); // ...yet the messages keep the calls' order
    const toolMsgs = result.messages.filter((m) => m.role === "tool");
    const assistant = result.messages[1];
    expect(toolMsgs.map((m) => m.tool_call_id)).toEqual(assistant?.role === "assistant" ? assistant.tool_calls?.map((c) => c.id) : []);
  });

  const failures: { kind: string; bad: { name: string; arguments: string | object }; sees: RegExp; fixed: { name: string; arguments: object }; answer: string }[] = [
    { kind: "bad JSON", bad: { name: "sums", arguments: '{"a": 6, "b": 3' }, sees: /not valid JSON: expected ',' or '}' after a property value at the end/, fixed: { name: "sums", arguments: { a: 6, b: 3 } }, answer: "9" },
    { kind: "unknown tool", bad: { name: "add", arguments: { a: 6, b: 3 } }, sees: /Unknown tool "add"\. Available tools: sums, repeat, explode, nap\./, fixed: { name: "sums", arguments: { a: 6, b: 3 } }, answer: "9" },
    { kind: "missing required", bad: { name: "sums", arguments: { b: 3 } }, sees: /a: missing required argument \(expected integer\)/, fixed: { name: "sums", arguments: { a: 6, b: 3 } }, answer: "9" },
    { kind: "unexpected argument", bad: { name: "sums", arguments: { a: 6, c: 3 } }, sees: /c: unexpected argument \(known arguments: a, b\)/, fixed: { name: "sums", arguments: { a: 6, b: 3 } }, answer: "9" },
    { kind: "wrong type", bad: { name: "sums", arguments: { a: 6, b: "six" } }, sees: /b: expected integer, got string "six"/, fixed: { name: "sums", arguments: { a: 6, b: 6 } }, answer: "12" },
    { kind: "constraint broken", bad: { name: "repeat", arguments: { text: "ab", n: 9 } }, sees: /n: expected an integer <= 5, got number 9/, fixed: { name: "repeat", arguments: { text: "ab", n: 2 } }, answer: "abab" },
    { kind: "thrown error", bad: { name: "explode", arguments: { fail: true } }, sees: /^explode failed: the fuse was lit$/, fixed: { name: "explode", arguments: { fail: false } }, answer: "defused" },
    { kind: "timeout", bad: { name: "nap", arguments: { ms: 60_000 } }, sees: /nap did not finish within its time limit of 100 ms/, fixed: { name: "nap", arguments: { ms: 1 } }, answer: "slept 1" },
  ];
  for (const f of failures) {
    it(`feeds back a ${f.kind} and goes on to the corrected call`, async () => {
      const seen: string[] = [];
      const { server, client } = await serve([
        reply({ toolCalls: [f.bad] }),
        (body) => {
          seen.push(messageText(toolMessages(body)[0]));
          return reply({ toolCalls: [f.fixed] });
        },
        answerFromTools,
      ]);
      const result = await runTools({ client, model: "m", messages: [{ role: "user", content: "please" }], tools });
      expect(seen[0]).toMatch(f.sees);
      expect(result).toMatchObject({ finalText: `Results: ${f.answer}`, stopReason: "stop", steps: 3 });
      expect(result.toolResults.map((r) => r.ok)).toEqual([false, true]);
      expect(server.remainingTurns()).toBe(0);
    });
  }

  it("stops at maxSteps with a clear reason", async () => {
    const loop = () => reply({ toolCalls: [{ name: "sums", arguments: { a: 1 } }] });
    const { server, client } = await serve([loop, loop, loop, loop]);
    const result = await runTools({ client, model: "m", messages: [{ role: "user", content: "loop" }], tools, maxSteps: 3 });
    expect(result).toMatchObject({ stopReason: "max_steps", steps: 3 });
    expect(server.chatRequests()).toHaveLength(3);
    expect(result.messages.at(-1)).toMatchObject({ role: "tool", content: "2" }); // the last results are kept
  });

  it("is cancelled mid-request by its AbortSignal", async () => {
    const controller = new AbortController();
    const { server, client } = await serve([
      reply({ toolCalls: [{ name: "sums", arguments: { a: 1 } }] }),
      () => {
        controller.abort(); // the second request has reached the server: cancel while it is in flight
        return reply({ hang: true });
      },
    ]);
    const result = await runTools({ client, model: "m", messages: [{ role: "user", content: "x" }], tools, signal: controller.signal });
    expect(result).toMatchObject({ stopReason: "aborted", steps: 2 });
    expect(result.messages.map((m) => m.role)).toEqual(["user", "assistant", "tool"]);
    await expect.poll(() => server.requests[1]?.aborted).toBe(true);
  });

  it("is cancelled mid-stream", async () => {
    const controller = new AbortController();
    const { server, client } = await serve([reply({ content: "a long answer that never ends", hangAfterChunks: 2 })]);
    const deltas: string[] = [];
    const result = await runTools({
      client,
      model: "m",
      messages: [{ role: "user", content: "x" }],
      stream: true,
      signal: controller.signal,
      onText: (delta) => {
        deltas.push(delta);
        controller.abort(); // the first piece of text arrived; the rest never will
      },
    });
    expect(result).toMatchObject({ stopReason: "aborted", steps: 1 });
    expect(deltas).toHaveLength(1);
    expect("a long answer that never ends".startsWith(deltas[0]!)).toBe(true);
    expect(result.messages).toEqual([{ role: "user", content: "x" }]);
    await expect.poll(() => server.requests[0]?.aborted).toBe(true);
  });

  it("is cancelled mid-tool, leaving a tool message for every call", async () => {
    const controller = new AbortController();
    const waiter = defineTool({
      name: "wait_forever",
      parameters: { type: "object", properties: {} },
      invoke: (_args, { signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("stopped")))),
    });
    const { server, client } = await serve([reply({ toolCalls: [{ name: "wait_forever", arguments: {} }] })]);
    const result = await runTools({
      client,
      model: "m",
      messages: [{ role: "user", content: "x" }],
      tools: createToolbox([waiter]),
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === "tool_call") setImmediate(() => controller.abort());
      },
    });
    expect(result.stopReason).toBe("aborted");
    expect(result.messages.at(-1)).toMatchObject({ role: "tool", content: "The call to wait_forever was cancelled." });
    expect(server.chatRequests()).toHaveLength(1);
  });

  it("streams: assembles tool-call argument deltas, passes text deltas to onText, sums usage", async () => {
    const { server, client } = await serve([
      reply({ content: "Let me add.", toolCalls: [{ name: "sums", arguments: { a: 6, b: 3 } }, { name: "repeat", arguments: { text: "xy", n: 3 } }], usage: { prompt_tokens: 11, completion_tokens: 4 } }),
      (body) => reply({ content: `So: ${toolMessages(body).map((m) => messageText(m)).join(" and ")}.`, usage: { prompt_tokens: 30, completion_tokens: 6 } }),
    ]);
    const deltas: string[] = [];
    const result = await runTools({ client, model: "m", messages: [{ role: "user", content: "6+3?" }], tools, stream: true, onText: (d) => deltas.push(d) });
    expect(result.finalText).toBe("So: 9 and xyxyxy.");
    expect(result.toolResults.map((r) => r.arguments)).toEqual([{ a: 6, b: 3 }, { text: "xy", n: 3 }]);
    expect(deltas.join("")).toBe("Let me add.So: 9 and xyxyxy.");
    expect(deltas.length).toBeGreaterThan(2);
    expect(result.usage).toEqual({ prompt_tokens: 41, completion_tokens: 10, total_tokens: 51 });
    expect(server.chatRequests()[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("returns #FAIL# to the model when a confirmation is refused", async () => {
    const python = defineTool({ name: "python", parameters: { type: "object", properties: { code: { type: "string" } }, required: ["code"] }, confirm: true, invoke: () => "ran" });
    const { server, client } = await serve([reply({ toolCalls: [{ name: "python", arguments: { code: "import os" } }] }), answerFromTools]);
    const asked: string[] = [];
    const result = await runTools({ client, model: "m", messages: [{ role: "user", content: "x" }], tools: createToolbox([python]), confirm: (r) => (asked.push(r.code ?? ""), false) });
    expect(asked).toEqual(["import os"]);
    expect(messageText(toolMessages(server.chatRequests()[1]!)[0])).toBe("#FAIL#");
    expect(result.finalText).toBe("Results: #FAIL#");
  });

  it("emits events in order for a UI or a log", async () => {
    const { client } = await serve([reply({ toolCalls: [{ id: "call_x", name: "sums", arguments: { a: 2 } }] }), answerFromTools]);
    const events: RunEvent[] = [];
    await runTools({ client, model: "m", messages: [{ role: "user", content: "x" }], tools, onEvent: (e) => events.push(e) });
    expect(events.map((e) => (e.type === "tool_result" ? `${e.type}:${e.result.content}` : e.type === "tool_call" ? `${e.type}:${e.call.id}` : e.type))).toEqual([
      "request",
      "assistant",
      "tool_call:call_x",
      "tool_result:3",
      "request",
      "text",
      "assistant",
      "done",
    ]);
  });

  it("ignores an onEvent or onText observer that throws: the run and every tool result survive", async () => {
    const { client } = await serve([
      reply({ toolCalls: [{ id: "call_a", name: "sums", arguments: { a: 2 } }, { id: "call_b", name: "repeat", arguments: { text: "ab", n: 2 } }] }),
      answerFromTools,
    ]);
    const seen: string[] = [];
    const result = await runTools({
      client,
      model: "m",
      messages: [{ role: "user", content: "x" }],
      tools,
      onText: () => {
        throw new Error("broken text observer");
      },
      onEvent: (e) => {
        seen.push(e.type);
        throw new Error(`broken observer at ${e.type}`);
      },
    });
    expect(result).toMatchObject({ stopReason: "stop", finalText: "Results: 3, abab" });
    expect(result.toolResults.map((r) => r.content)).toEqual(["3", "abab"]);
    expect(seen).toContain("done");
  });

  it("passes request parameters through and sends parallel_tool_calls when set", async () => {
    const { server, client } = await serve([reply({ content: "hi" })]);
    await runTools({ client, model: "m", messages: [{ role: "user", content: "x" }], tools, temperature: 0.2, parallelToolCalls: false, strict: true });
    expect(server.chatRequests()[0]).toMatchObject({ temperature: 0.2, parallel_tool_calls: false });
    expect(server.chatRequests()[0]?.tools?.[0]?.function.strict).toBe(true);
  });
});

describe("the seed's flow: askgpt(..., functions=schema(sums)) then call_func(c)", () => {
  it("offers legacy functions, gets a function_call back and runs it with callFunc", async () => {
    const { server, client } = await serve([(body) => reply({ functionCall: { name: body.functions?.[0]?.name ?? "none", arguments: { a: 6, b: 3 } } })]);
    const box = createToolbox([registry.sums]);
    const c = await client.chat.completions.create({
      model: "m",
      messages: [
        { role: "system", content: "You must use the `sum` function instead of adding yourself." },
        { role: "user", content: "Use the `sum` function to solve this: What is 6+3?" },
      ],
      functions: box.functions(),
    });
    const [result] = await box.callFunc(c);
    expect(result).toMatchObject({ ok: true, name: "sums", value: 9, content: "9" });
    expect(server.chatRequests()[0]?.functions).toEqual([{ name: "sums", description: "Adds a + b", parameters: registry.sums.parameters }]);
  });

  it("runs every tool call of a real completion, in order", async () => {
    const { client } = await serve([reply({ toolCalls: [{ name: "sums", arguments: { a: 1, b: 2 } }, { name: "sums", arguments: '{"a": "x"}' }] })]);
    const box = createToolbox([registry.sums]);
    const c = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }], tools: box.chatCompletionsTools() });
    const results = await box.callFunc(c);
    expect(results.map((r) => [r.ok, r.content])).toEqual([
      [true, "3"],
      [false, 'Invalid arguments for sums:\na: expected integer, got string "x"'],
    ]);
    expect(results.map((r) => r.callId)).toEqual(c.choices[0]?.message.tool_calls?.map((t) => t.id));
  });
});

describe("ask", () => {
  it("asks one question with a system prompt and tools, like the seed's askgpt", async () => {
    const { server, client } = await serve([reply({ toolCalls: [{ name: "sums", arguments: { a: 6, b: 3 } }] }), answerFromTools]);
    const result = await ask("What is 6+3?", { client, model: "m", system: "You must use the `sums` function instead of adding yourself.", tools: [registry.sums] });
    expect(result.finalText).toBe("Results: 9");
    expect(server.chatRequests()[0]?.messages.map((m) => m.role)).toEqual(["system", "user"]);
  });
});
