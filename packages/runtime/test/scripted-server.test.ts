// The scripted server speaks OpenAI's wire format: checked through the real openai client, which is what
// every other test (and the spawned examples) rely on.
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { reply, startScriptedServer, toolMessages, type ScriptedServer } from "./support/scripted-server.js";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function clientFor(s: ScriptedServer): OpenAI {
  return new OpenAI({ apiKey: "test-key", baseURL: s.url, maxRetries: 0 });
}

describe("scripted server", () => {
  it("answers non-streaming requests with text, tool calls and usage, and records the request", async () => {
    server = await startScriptedServer([
      reply({ toolCalls: [{ id: "call_a", name: "sums", arguments: { a: 6, b: 3 } }], usage: { prompt_tokens: 7, completion_tokens: 2 } }),
      (body) => reply({ content: `got ${toolMessages(body)[0]?.content}` }),
    ]);
    const client = clientFor(server);
    const first = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "6+3?" }] });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === "function" && call.function).toEqual({ name: "sums", arguments: '{"a":6,"b":3}' });
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    expect(first.usage).toEqual({ prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 });

    const second = await client.chat.completions.create({
      model: "m",
      messages: [
        { role: "user", content: "6+3?" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_a", type: "function", function: { name: "sums", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "call_a", content: "9" },
      ],
    });
    expect(second.choices[0]?.message.content).toBe("got 9");
    expect(server.chatRequests().map((b) => b.messages.length)).toEqual([1, 3]);
  });

  it("streams text and tool-call argument deltas split across chunks, with usage last", async () => {
    server = await startScriptedServer([
      reply({ content: "thinking", toolCalls: [{ name: "sums", arguments: { a: 6, b: 3 } }, { name: "sums", arguments: { a: 1 } }] }),
    ]);
    const stream = await clientFor(server).chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const argumentPieces: string[][] = [[], []];
    let text = "";
    let usage: unknown;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      const delta = chunk.choices[0]?.delta;
      text += delta?.content ?? "";
      for (const tc of delta?.tool_calls ?? []) argumentPieces[tc.index]?.push(tc.function?.arguments ?? "");
    }
    expect(text).toBe("thinking");
    expect(argumentPieces.map((p) => p.join(""))).toEqual(['{"a":6,"b":3}', '{"a":1}']);
    expect(argumentPieces[0]!.filter((p) => p !== "").length).toBeGreaterThan(1);
    expect(usage).toEqual({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
  });

  it("lists models and reports an exhausted script as a 400 the client surfaces", async () => {
    server = await startScriptedServer([], { models: ["a", "b"] });
    const client = clientFor(server);
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["a", "b"]);
    await expect(client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] })).rejects.toThrow(/script exhausted/);
  });

  it("hangs until the client aborts, and records the abort", async () => {
    server = await startScriptedServer([reply({ hang: true })]);
    const controller = new AbortController();
    const pending = clientFor(server).chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] }, { signal: controller.signal });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(pending).rejects.toThrow();
    while (!server.requests[0]?.aborted) await new Promise((r) => setTimeout(r, 5));
    expect(server.requests[0]?.aborted).toBe(true);
  });
});
