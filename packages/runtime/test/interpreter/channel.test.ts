// The host's side of the child protocol: everything a child sends is untrusted input.
import type { Socket } from "node:net";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readLines } from "../../src/interpreter/line-channel.js";
import { parseResult } from "../../src/interpreter/python-process.js";

function feed(chunks: readonly string[], maxLineLength: number) {
  const stream = new PassThrough();
  const messages: unknown[] = [];
  const violations: string[] = [];
  readLines(stream as unknown as Socket, maxLineLength, (m) => messages.push(m), (v) => violations.push(v));
  for (const chunk of chunks) stream.write(chunk);
  return { messages, violations };
}

describe("readLines", () => {
  const cases: { name: string; chunks: string[]; messages: unknown[]; violations: number }[] = [
    { name: "one message per line", chunks: ['{"a":1}\n{"b":2}\n'], messages: [{ a: 1 }, { b: 2 }], violations: 0 },
    { name: "a line split across chunks", chunks: ['{"a"', ':1}\n'], messages: [{ a: 1 }], violations: 0 },
    { name: "not JSON ends the channel", chunks: ["hello\n", '{"a":1}\n'], messages: [], violations: 1 },
    { name: "a complete line over the limit", chunks: [`"${"x".repeat(100)}"\n`], messages: [], violations: 1 },
    { name: "an unfinished line over the limit", chunks: ["x".repeat(60), "x".repeat(60)], messages: [], violations: 1 },
  ];
  it.each(cases)("$name", async ({ chunks, messages, violations }) => {
    const result = feed(chunks, 64);
    await new Promise((resolve) => setImmediate(resolve));
    expect(result.messages).toEqual(messages);
    expect(result.violations).toHaveLength(violations);
  });
});

describe("parseResult", () => {
  const good = { type: "result", id: 7, ok: true, output: "hi\n", outputChars: 3, value: "42" };

  it("accepts a well-formed reply to the request in flight", () => {
    expect(parseResult(good, 7, 100)).toEqual({ kind: "result", ok: true, output: "hi\n", outputChars: 3, value: "42" });
  });

  const forged: { name: string; message: unknown }[] = [
    { name: "a reply to another request", message: { ...good, id: 8 } },
    { name: "another message type", message: { ...good, type: "ready" } },
    { name: "ok that is not a boolean", message: { ...good, ok: "yes" } },
    { name: "not an object", message: "result" },
    { name: "null", message: null },
  ];
  it.each(forged)("ignores $name", ({ message }) => {
    expect(parseResult(message, 7, 100)).toBeUndefined();
  });

  it("caps strings, drops non-string fields and never reports less output than it carries", () => {
    const reply = parseResult({ ...good, output: "o".repeat(1_000), value: { evil: true }, error: 5, outputChars: -1 }, 7, 100);
    expect(reply).toEqual({ kind: "result", ok: true, output: "o".repeat(300), outputChars: 300 });
  });
});
