// Toolbox.call / callFunc: every outcome is a ToolResult whose content the model can act on.
import { describe, expect, it } from "vitest";
import { registry } from "../../../examples/registry.generated.js";
import { compileValidator, createToolbox, defineTool, formatIssues, toContent, type ConfirmRequest, type ToolResult } from "../src/index.js";

const sumsBox = createToolbox([registry.sums]);

const slow = defineTool<{ ms: number }>({
  name: "slow",
  description: "Waits ms milliseconds, stopping early when cancelled",
  parameters: { type: "object", properties: { ms: { type: "integer" } }, required: ["ms"] },
  invoke: ({ ms }, { signal }) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => resolve("done"), ms);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(new Error("stopped"));
      });
    }),
});

const divide = defineTool({
  name: "divide",
  description: "Divides a by b",
  parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
  params: ["a", "b"],
  fn: (a: number, b: number) => {
    if (b === 0) throw new Error("division by zero");
    return a / b;
  },
});

const python = defineTool<{ code: string }>({
  name: "python",
  description: "Runs code",
  parameters: { type: "object", properties: { code: { type: "string" } }, required: ["code"] },
  confirm: true,
  invoke: ({ code }) => `ran ${code}`,
});

function failure(result: ToolResult) {
  if (result.ok) throw new Error(`expected a failure, got ${result.content}`);
  return result;
}

describe("Toolbox.call", () => {
  it("validates, applies defaults and calls positionally (the seed's sums)", async () => {
    const result = await sumsBox.call({ name: "sums", arguments: '{"a": 6}', id: "call_1" });
    expect(result).toMatchObject({ ok: true, name: "sums", callId: "call_1", content: "7", value: 7, arguments: { a: 6, b: 1 } });
    expect(await sumsBox.call({ name: "sums", arguments: { a: 6, b: 3 } })).toMatchObject({ ok: true, content: "9" });
  });

  it("builds an object-style tool's one argument (a destructured parameter) with defaults applied, and awaits it", async () => {
    const greet = defineTool({
      name: "greet",
      parameters: { type: "object", properties: { name: { type: "string" }, punct: { type: "string", default: "!" } }, required: ["name"] },
      params: "object",
      fn: async ({ name, punct }: { name: string; punct: string }) => `Hi ${name}${punct}`,
    });
    expect(await createToolbox([greet]).call({ name: "greet", arguments: '{"name": "Ada"}' })).toMatchObject({ ok: true, content: "Hi Ada!", value: "Hi Ada!" });
  });

  it("never mutates an argument object it was given", async () => {
    const args = { a: 6 };
    await sumsBox.call({ name: "sums", arguments: args });
    expect(args).toEqual({ a: 6 });
  });

  const failures: { name: string; call: { name: string; arguments: string }; kind: string; content: RegExp }[] = [
    { name: "arguments that are not JSON", call: { name: "sums", arguments: '{"a": 6 "b": 3}' }, kind: "invalid_json", content: /not valid JSON: expected ',' or '}' after a property value at position 8: \{"a": 6 ⟪here⟫"b": 3\}/ },
    { name: "truncated JSON", call: { name: "sums", arguments: '{"a": 6, "b":' }, kind: "invalid_json", content: /expected a value \(the text ends early\) at the end/ },
    { name: "an unknown tool", call: { name: "multiply", arguments: "{}" }, kind: "unknown_tool", content: /^Unknown tool "multiply"\. Available tools: sums\.$/ },
    { name: "a missing required argument", call: { name: "sums", arguments: '{"b": 3}' }, kind: "invalid_arguments", content: /^Invalid arguments for sums:\na: missing required argument \(expected integer\)$/ },
    { name: "an unexpected argument", call: { name: "sums", arguments: '{"a": 1, "c": 3}' }, kind: "invalid_arguments", content: /c: unexpected argument \(known arguments: a, b\)/ },
    { name: "a wrong type (no coercion)", call: { name: "sums", arguments: '{"a": 6, "b": "six"}' }, kind: "invalid_arguments", content: /b: expected integer, got string "six"/ },
    { name: "a non-integer for an integer", call: { name: "sums", arguments: '{"a": 6.5}' }, kind: "invalid_arguments", content: /a: expected integer, got number 6\.5/ },
  ];
  for (const f of failures) {
    it(`reports ${f.name}`, async () => {
      const result = failure(await sumsBox.call(f.call));
      expect(result.error.kind).toBe(f.kind);
      expect(result.content).toMatch(f.content);
    });
  }

  it("collects every issue into one message", async () => {
    const result = failure(await sumsBox.call({ name: "sums", arguments: '{"a": "1", "b": null, "c": 0}' }));
    expect(result.content.split("\n")).toEqual([
      "Invalid arguments for sums:",
      'a: expected integer, got string "1"',
      "b: expected integer, got null",
      "c: unexpected argument (known arguments: a, b)",
    ]);
    expect(result.error.issues?.map((i) => i.path)).toEqual(["a", "b", "c"]);
  });

  it("reports a thrown error by its message, not its stack", async () => {
    const result = failure(await createToolbox([divide]).call({ name: "divide", arguments: '{"a": 1, "b": 0}' }));
    expect(result.error.kind).toBe("threw");
    expect(result.content).toBe("divide failed: division by zero");
    expect(await createToolbox([divide]).call({ name: "divide", arguments: '{"a": 1, "b": 4}' })).toMatchObject({ ok: true, content: "0.25" });
  });

  it("stops waiting at the time limit, names the limit and aborts the tool's signal", async () => {
    const box = createToolbox([slow], { timeoutMs: 50 });
    const result = failure(await box.call({ name: "slow", arguments: '{"ms": 60000}' }));
    expect(result.error.kind).toBe("timeout");
    expect(result.content).toBe("slow did not finish within its time limit of 50 ms and was abandoned.");
    const perCall = failure(await box.call({ name: "slow", arguments: '{"ms": 60000}' }, { timeoutMs: 20 }));
    expect(perCall.content).toContain("20 ms");
  });

  it("is cancelled by an AbortSignal", async () => {
    const controller = new AbortController();
    const pending = createToolbox([slow]).call({ name: "slow", arguments: '{"ms": 60000}' }, { signal: controller.signal });
    controller.abort();
    expect(failure(await pending).error.kind).toBe("aborted");
  });

  it("asks confirm with the code; a refusal or a missing callback reads #FAIL#", async () => {
    const box = createToolbox([python]);
    const asked: ConfirmRequest[] = [];
    const refused = failure(await box.call({ name: "python", arguments: '{"code": "1+1"}', id: "c1" }, { confirm: (r) => (asked.push(r), false) }));
    expect(refused).toMatchObject({ content: "#FAIL#", error: { kind: "refused" } });
    expect(asked).toEqual([{ tool: "python", arguments: { code: "1+1" }, callId: "c1", code: "1+1", description: "Runs code" }]);
    expect(failure(await box.call({ name: "python", arguments: '{"code": "1"}' })).content).toBe("#FAIL#");
    expect(await box.call({ name: "python", arguments: '{"code": "2"}' }, { confirm: async () => true })).toMatchObject({ ok: true, content: "ran 2" });
  });
});

describe("a __proto__ key from the model", () => {
  const deleteFile = defineTool({
    name: "delete_file",
    confirm: true,
    parameters: { type: "object", properties: { path: { type: "string", default: "/tmp/scratch.txt" } }, additionalProperties: false },
    params: ["path"],
    fn: (path: string) => `deleted ${path}`,
  });
  const attack = '{"__proto__": {"path": "/home/user/.ssh/id_rsa"}}';

  for (const strict of [true, false]) {
    it(`never smuggles hidden arguments past the confirmation (${strict ? "strict" : "non-strict"} form)`, async () => {
      const seen: ConfirmRequest[] = [];
      const box = createToolbox([deleteFile], { confirm: (request) => (seen.push(request), true) });
      if (strict) box.chatCompletionsTools({ strict: true });
      const result = failure(await box.call({ name: "delete_file", arguments: attack }));
      expect(result.error.kind).toBe("invalid_arguments");
      expect(result.content).toMatch(/__proto__: unexpected argument/);
      expect(seen).toEqual([]);
    });
  }

  it("is an ordinary argument where a tool declares it, shown to the confirmation as sent", async () => {
    const seen: string[] = [];
    const echo = defineTool({
      name: "echo",
      confirm: true,
      strict: true,
      parameters: JSON.parse('{"type": "object", "properties": {"__proto__": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"], "additionalProperties": false}}, "required": ["__proto__"], "additionalProperties": false}'),
      invoke: (args: Record<string, unknown>) => JSON.stringify(args),
    });
    const box = createToolbox([echo], { confirm: (request) => (seen.push(JSON.stringify(request.arguments)), true) });
    const result = await box.call({ name: "echo", arguments: attack });
    expect(seen).toEqual(['{"__proto__":{"path":"/home/user/.ssh/id_rsa"}}']);
    expect(result).toMatchObject({ ok: true, content: '{"__proto__":{"path":"/home/user/.ssh/id_rsa"}}' });
  });
});

describe("deeply nested arguments", () => {
  const chain = defineTool({
    name: "chain",
    parameters: { type: "object", properties: { n: { $ref: "#/$defs/N" } }, required: ["n"], $defs: { N: { type: "object", properties: { next: { anyOf: [{ $ref: "#/$defs/N" }, { type: "null" }] } } } } },
    invoke: () => "ok",
  });
  const unique = defineTool({ name: "unique", parameters: { type: "object", properties: { a: { type: "array", uniqueItems: true } } }, invoke: () => "ok" });
  const box = createToolbox([chain, unique]);
  const linked = (depth: number) => `{"n":${'{"next":'.repeat(depth)}null${"}".repeat(depth)}}`;
  const nested = "[".repeat(100_000) + "]".repeat(100_000);

  it("accepts nesting up to the limit", async () => {
    expect(await box.call({ name: "chain", arguments: linked(200) })).toMatchObject({ ok: true });
  });

  for (const [label, call] of [
    ["a recursive $ref 5000 levels deep", { name: "chain", arguments: linked(5000) }],
    ["a uniqueItems array of deep items", { name: "unique", arguments: `{"a":[${nested},${nested}]}` }],
    ["an already parsed object", { name: "unique", arguments: { a: JSON.parse(nested) as unknown } }],
  ] as const) {
    it(`refuses ${label} with a readable issue instead of throwing`, async () => {
      const result = failure(await box.call(call));
      expect(result.error.kind).toBe("invalid_arguments");
      expect(result.content).toMatch(/nested too deeply: expected at most 256 levels/);
    });
  }

  it("keeps every other result of a turn (callFunc)", async () => {
    const results = await box.callFunc({ tool_calls: [
      { id: "1", type: "function", function: { name: "chain", arguments: linked(5000) } },
      { id: "2", type: "function", function: { name: "unique", arguments: '{"a": [1, 2]}' } },
    ] });
    expect(results.map((r) => r.ok)).toEqual([false, true]);
  });

  it("is an issue, never a throw, from a validator used directly", () => {
    const validate = compileValidator({ type: "object", properties: { a: { type: "array", uniqueItems: true } } });
    expect(formatIssues(validate({ a: [JSON.parse(nested), JSON.parse(nested)] }))).toMatch(/nested too deeply/);
  });
});

describe("Toolbox.callFunc (the seed's call_func)", () => {
  const completion = {
    choices: [
      {
        message: {
          role: "assistant" as const,
          content: null,
          tool_calls: [
            { id: "call_a", type: "function" as const, function: { name: "sums", arguments: '{"a": 6, "b": 3}' } },
            { id: "call_b", type: "function" as const, function: { name: "sums", arguments: '{"a": 1}' } },
          ],
        },
      },
    ],
  };
  it("takes a completion, a message, a tool call or a legacy function_call", async () => {
    const contents = async (input: Parameters<typeof sumsBox.callFunc>[0]) => (await sumsBox.callFunc(input)).map((r) => [r.callId, r.content]);
    expect(await contents(completion)).toEqual([["call_a", "9"], ["call_b", "2"]]);
    expect(await contents(completion.choices[0]!.message)).toEqual([["call_a", "9"], ["call_b", "2"]]);
    expect(await contents(completion.choices[0]!.message.tool_calls[1]!)).toEqual([["call_b", "2"]]);
    expect(await contents({ function_call: { name: "sums", arguments: '{"a": 6, "b": 3}' } })).toEqual([[undefined, "9"]]);
  });
});

describe("tool formats", () => {
  const optional = defineTool({
    name: "greet",
    description: "Greets",
    parameters: { type: "object", properties: { name: { type: "string" }, times: { type: "integer", default: 1 } }, required: ["name"] },
    invoke: (args) => args,
  });

  it("offers Chat Completions tools, legacy functions, Responses and Anthropic tools", () => {
    const box = createToolbox([optional]);
    const parameters = optional.parameters;
    expect(box.chatCompletionsTools()).toEqual([{ type: "function", function: { name: "greet", description: "Greets", parameters } }]);
    expect(box.functions()).toEqual([{ name: "greet", description: "Greets", parameters }]);
    expect(box.responsesTools()).toEqual([{ type: "function", name: "greet", description: "Greets", parameters, strict: false }]);
    expect(box.anthropicTools()).toEqual([{ name: "greet", description: "Greets", input_schema: parameters }]);
  });

  it("makes tools strict where possible and maps a strict model's nulls back to defaults", async () => {
    const box = createToolbox([optional]);
    const [tool] = box.chatCompletionsTools({ strict: true });
    expect(tool?.function.strict).toBe(true);
    expect(tool?.function.parameters).toMatchObject({ additionalProperties: false, required: ["name", "times"] });
    expect(await box.call({ name: "greet", arguments: '{"name": "Ada", "times": null}' })).toMatchObject({ ok: true, value: { name: "Ada", times: 1 } });
  });

  it("offers a strict tool (spec.strict) in strict form by default and always maps its nulls back to defaults", async () => {
    const strictGreet = { ...optional, strict: true };
    const box = createToolbox([strictGreet]);
    // No format asked for yet: the model may have seen the strict form elsewhere (e.g. the --json schemas).
    expect(await box.call({ name: "greet", arguments: '{"name": "Ada", "times": null}' })).toMatchObject({ ok: true, value: { name: "Ada", times: 1 } });
    const [chat] = box.chatCompletionsTools();
    expect(chat?.function).toMatchObject({ strict: true, parameters: { additionalProperties: false, required: ["name", "times"] } });
    expect(box.responsesTools()[0]).toMatchObject({ strict: true });
    expect(box.chatCompletionsTools({ strict: false })[0]?.function).toEqual({ name: "greet", description: "Greets", parameters: optional.parameters, strict: false });
    expect(box.functions()[0]?.parameters).toEqual(optional.parameters);
    // null is still wrong where the ordinary schema requires a value.
    expect(await box.call({ name: "greet", arguments: '{"name": null}' })).toMatchObject({ ok: false, content: "Invalid arguments for greet:\nname: expected string, got null" });
  });

  it("leaves a tool non-strict when its schema cannot be strict", () => {
    const open = defineTool({ name: "tag", parameters: { type: "object", properties: { tags: { type: "object", additionalProperties: { type: "string" } } } }, invoke: () => 0 });
    const [tool] = createToolbox([open]).chatCompletionsTools({ strict: true });
    expect(tool?.function.strict).toBe(false);
  });
});

describe("toContent", () => {
  it.each([
    ["text", "text"],
    [9, "9"],
    [undefined, "null"],
    [null, "null"],
    [{ a: [1, 2] }, '{"a":[1,2]}'],
    [new Date("2026-11-25T08:00:00Z"), "2026-11-25T08:00:00.000Z"],
    [{ at: new Date("2026-11-25T08:00:00Z") }, '{"at":"2026-11-25T08:00:00.000Z"}'],
    [new Map([["k", 1]]), '{"k":1}'],
    [new Set([1, 2]), "[1,2]"],
    [10n, '"10"'],
  ])("%o -> %s", (value, expected) => {
    expect(toContent(value)).toBe(expected);
  });
});
