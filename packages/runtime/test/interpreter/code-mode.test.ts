// Code mode through the real sandboxes (Pyodide child process, QuickJS worker): the guest calls a toolbox's
// tools, and abuse of the bridge ends in a clean guest error while the host keeps working.
import OpenAI from "openai";
import { afterAll, describe, expect, it, vi } from "vitest";
import { messageText, reply, startScriptedServer, toolMessages } from "../support/scripted-server.js";
import { runTools } from "../../src/run-tools.js";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { defineTool } from "../../src/define-tool.js";
import { createToolbox } from "../../src/toolbox.js";
import type { ToolSpec } from "../../src/registry.js";
import { RunBridge, DEFAULT_BRIDGE_LIMITS } from "../../src/interpreter/bridge.js";
import { createInterpreterTools, type InterpreterTools } from "../../src/interpreter/create-tools.js";
import type { CodeModeOptions } from "../../src/interpreter/code-mode.js";
import { describeTools, pythonModule } from "../../src/interpreter/guest-api.js";
import { closeWarmSpares } from "../../src/interpreter/python-session.js";

let sumsCalls = 0;
const sums = defineTool({
  name: "sums",
  description: "Adds a + b",
  parameters: { type: "object", properties: { a: { type: "integer" }, b: { type: "integer", default: 1 } }, required: ["a"] },
  returns: { type: "integer" },
  params: ["a", "b"],
  fn: (a: number, b: number) => {
    sumsCalls++;
    return a + b;
  },
});
const big = defineTool({
  name: "big",
  description: "Returns n characters",
  parameters: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] },
  params: "object",
  invoke: ({ n }: { n: number }) => "x".repeat(n),
});
let slowAborted = 0;
const slow = defineTool({
  name: "slow",
  description: "Waits until cancelled",
  parameters: { type: "object", properties: {} },
  params: "object",
  invoke: (_args: object, context) =>
    new Promise<string>((resolve) =>
      context.signal.addEventListener("abort", () => {
        slowAborted += 1;
        resolve("stopped");
      }),
    ),
});
let sessions: InterpreterTools | undefined;
const nested = defineTool({
  name: "nested",
  description: "Runs Python from a tool (re-entrant)",
  parameters: { type: "object", properties: {} },
  params: "object",
  invoke: (_args: object, context) => sessions!.tools[0]!.invoke({ code: "1 + 1" }, context) as Promise<string>,
});
const approvals: unknown[] = [];
const pay = defineTool({
  name: "pay",
  description: "Pays someone",
  parameters: { type: "object", properties: { to: { type: "string" }, amount: { type: "integer" } }, required: ["to", "amount"] },
  params: ["to", "amount"],
  confirm: true,
  fn: (to: string, amount: number) => `paid ${amount} to ${to}`,
});

const specs = [sums, big, slow, nested, pay] as unknown as ToolSpec[];
const toolbox = createToolbox(specs, {
  confirm: (request) => {
    approvals.push(request.arguments);
    return request.arguments["to"] !== "mallory";
  },
});
const limits: CodeModeOptions = { maxCalls: 150, maxArgumentChars: 10_000, maxResultChars: 50_000, maxCallTimeMs: 1_500 };
sessions = createInterpreterTools({ tools: toolbox, codeMode: limits });
const signal = new AbortController().signal;
const python = (code: string) => sessions!.tools[0]!.invoke({ code }, { signal }) as Promise<string>;
const javascript = (code: string) => sessions!.tools[1]!.invoke({ code }, { signal }) as Promise<string>;

afterAll(() => {
  sessions?.close();
  closeWarmSpares();
});

describe("the guest API", () => {
  it("describes the tools with Python signatures and TypeScript declarations", () => {
    expect(describeTools(specs, "python")).toContain('def sums(a: int, b: int = 1) -> int:\n    """Adds a + b"""');
    expect(describeTools(specs, "python")).toContain("def big(*, n: int) -> Any:");
    expect(describeTools(specs, "javascript")).toContain("sums(args: { a: number; b?: number }): Promise<number>;");
    const many = Array.from({ length: 31 }, (_, i) => ({ ...sums, name: `t${i}`, description: `Tool ${i}\nmore` })) as unknown as ToolSpec[];
    const short = describeTools(many, "python");
    expect(short).toContain("- t30: Tool 30");
    expect(short).not.toContain("def t30");
    expect(short).toContain("help(tools.NAME)");
  });

  it("shows the tools to the model in the interpreter tools' descriptions", () => {
    expect(sessions!.tools[0]!.description).toContain("from tools import");
    expect(sessions!.tools[1]!.description).toContain("declare const tools");
  });
});

describe("Python (Pyodide) calling tools", () => {
  it("calls sums 100 times in a loop: 5050", async () => {
    expect(await python("from tools import sums\ntotal = 0\nfor i in range(1, 101):\n    total = sums(total, i)\nprint(total)")).toBe("5050");
  });

  it("takes positional and keyword arguments, applies defaults, keywords for object-style tools", async () => {
    expect(await python("import tools\n(tools.sums(6, 3), tools.sums(a=6, b=3), tools.sums(6), len(tools.big(n=3)))")).toBe("(9, 9, 7, 3)");
    expect(await python("help(tools.sums)")).toContain("sums(a: int, b: int = 1) -> int");
    expect(await python("print(tools.describe('big'))")).toContain("def big(*, n: int)");
  });

  it("asks for each call of a @confirm tool; a refusal raises ToolRefused carrying #FAIL#", async () => {
    approvals.length = 0;
    const out = await python(
      "from tools import pay, ToolRefused\nprint(pay('bob', 3))\ntry:\n    pay('mallory', 9)\nexcept ToolRefused as e:\n    print(type(e).__name__, e)",
    );
    expect(approvals).toEqual([{ to: "bob", amount: 3 }, { to: "mallory", amount: 9 }]);
    expect(out).toBe("paid 3 to bob\nToolRefused #FAIL# (pay was not run: the user did not approve it)");
  });

  const abuse: { name: string; code: string; error: RegExp }[] = [
    { name: "an unknown tool", code: "tools.call('rm_rf', path='/')", error: /UnknownTool: Unknown tool "rm_rf"/ },
    { name: "a function as an argument", code: "tools.sums(lambda: 1)", error: /InvalidArguments: the arguments of sums cannot be sent as JSON/ },
    { name: "a cyclic value", code: "l = []\nl.append(l)\ntools.sums(l)", error: /InvalidArguments: .*Circular reference/ },
    { name: "a wrong type", code: "tools.sums('six')", error: /InvalidArguments: Invalid arguments for sums:\na: expected integer/ },
    { name: "a huge argument", code: "tools.sums('x' * 100_000)", error: /ToolLimitError: the arguments of sums are over the 10000-character limit/ },
    { name: "an argument bigger than the channel's line", code: "tools.sums('x' * 2_000_000)", error: /ToolLimitError: the arguments of sums are \d+ characters, too big to pass to the host/ },
    { name: "a huge result", code: "tools.big(n=60_000)", error: /ToolLimitError: the result is \d+ characters as JSON, over the 50000-character limit/ },
    { name: "a flood past the limit", code: "for i in range(1000):\n    tools.sums(i)", error: /ToolLimitError: sums was not called: this run already made 150 tool calls/ },
    { name: "a re-entrant interpreter run", code: "print(tools.call('nested'))", error: /RuntimeError: the python interpreter cannot be run from code running in an interpreter/ },
    { name: "the host's channel called directly with junk", code: "tools._host_call(None, 'not json')", error: /"ok":false,"kind":"unknown_tool"/ },
  ];
  it.each(abuse)("$name ends in a clean guest error and the host keeps working", async ({ code, error }) => {
    const out = await python(`import tools\n${code}`);
    expect(out).toMatch(error);
    expect(await python("tools.sums(1, 1)")).toBe("2");
  });

  it("a call scheduled to run after the run ended never runs, so it cannot reach the host", async () => {
    // Loop callbacks and tasks a cell leaves are cancelled when it ends (the bridge refuses a late call too).
    sumsCalls = 0;
    await python(
      "import asyncio, tools\nlate = []\ndef later():\n    try:\n        late.append(tools.sums(1))\n    except tools.ToolError as e:\n        late.append(str(e))\nasyncio.get_event_loop().call_later(0.05, later)",
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await python("late")).toBe("[]");
    expect(sumsCalls).toBe(0);
  });

  it("at the run's call-time limit a pending call is cancelled: the tool's signal aborts", async () => {
    slowAborted = 0;
    const out = await python("tools.call('slow')");
    expect(out).toMatch(/ToolLimitError: slow was cancelled: this run's tool calls reached their 1500 ms limit/);
    expect(slowAborted).toBe(1);
    expect(await python("tools.sums(2, 2)")).toBe("4");
  });

  it("cancelling the run cancels its pending call", async () => {
    slowAborted = 0;
    const controller = new AbortController();
    const running = sessions!.tools[0]!.invoke({ code: "import tools\ntools.call('slow')" }, { signal: controller.signal }) as Promise<string>;
    await new Promise((resolve) => setTimeout(resolve, 500));
    controller.abort();
    expect(await running).toMatch(/cancelled|restarted/);
    expect(slowAborted).toBe(1);
    // The next call says the cancelled run's state is gone, then answers.
    expect(await python("import tools\ntools.sums(3, 3)")).toMatch(/^\[The previous Python call was cancelled[^\n]*\]\n6$/);
  });
});

describe("JavaScript (QuickJS) calling tools", () => {
  it("calls sums 100 times in a loop: 5050", async () => {
    expect(await javascript("let t = 0; for (let i = 1; i <= 100; i++) t = await tools.sums({ a: t, b: i }); console.log(t)")).toBe("5050");
  });

  it("runs concurrent calls one at a time and asks per @confirm call", async () => {
    approvals.length = 0;
    const out = await javascript(
      "const r = await Promise.allSettled([tools.pay({ to: 'bob', amount: 1 }), tools.pay({ to: 'mallory', amount: 2 }), tools.sums({ a: 1 })]); r.map((x) => x.value ?? (x.reason.name + ': ' + x.reason.message))",
    );
    expect(approvals).toEqual([{ to: "bob", amount: 1 }, { to: "mallory", amount: 2 }]);
    expect(out).toBe('["paid 1 to bob", "ToolRefused: #FAIL# (pay was not run: the user did not approve it)", 2]');
  });

  const abuse: { name: string; code: string; error: RegExp }[] = [
    { name: "an unknown tool", code: "await tools.call('rm_rf', {})", error: /ToolError: Unknown tool "rm_rf"/ },
    { name: "a function as an argument", code: "await tools.sums({ a: () => 1 })", error: /ToolError: Invalid arguments for sums/ },
    { name: "a cyclic value", code: "const o = {}; o.o = o; await tools.sums(o)", error: /ToolError: the arguments of sums cannot be sent as JSON/ },
    { name: "a huge argument", code: "await tools.sums({ a: 'x'.repeat(100000) })", error: /over the 10000-character limit/ },
    { name: "a flood past the limit", code: "await Promise.all(Array.from({ length: 1000 }, (_, i) => tools.sums({ a: i })))", error: /this run already made 150 tool calls/ },
    { name: "a re-entrant interpreter run", code: "console.log(await tools.call('nested'))", error: /cannot be run from code running in an interpreter/ },
    { name: "a non-string to the host function", code: "await tools.call({ toString() { throw new Error('boom') } })", error: /boom|ToolError/ },
  ];
  it.each(abuse)("$name ends in a clean guest error and the host keeps working", async ({ code, error }) => {
    expect(await javascript(code)).toMatch(error);
    expect(await javascript("await tools.sums({ a: 1, b: 1 })")).toBe("2");
  });
});

describe("RunBridge", () => {
  it("refuses calls after the run ended", async () => {
    const bridge = new RunBridge(toolbox, DEFAULT_BRIDGE_LIMITS, pythonModule(specs), "", {});
    expect(JSON.parse(await bridge.call("sums", '{"a":1}'))).toEqual({ ok: true, value: 2 });
    bridge.end();
    expect(JSON.parse(await bridge.call("sums", '{"a":1}'))).toMatchObject({ ok: false, kind: "ended" });
  });
});

describe("runTools({ codeMode })", () => {
  it("offers the interpreter instead of the tools; one program makes the calls, each confirmed call asked", async () => {
    const server = await startScriptedServer([
      reply({ toolCalls: [{ name: "python", arguments: { code: "from tools import sums, pay\nprint(sums(40, 2), pay('bob', 1))" } }] }),
      (body) => reply({ content: messageText(toolMessages(body)[0]) }),
    ]);
    try {
      const asked: string[] = [];
      const result = await runTools({
        client: new OpenAI({ apiKey: "test-key", baseURL: server.url, maxRetries: 0 }),
        model: "scripted",
        messages: [{ role: "user", content: "go" }],
        tools: createToolbox([sums, pay] as unknown as ToolSpec[]),
        codeMode: true,
        confirm: (request) => {
          asked.push(request.tool);
          return true;
        },
      });
      expect(result.finalText).toBe("42 paid 1 to bob");
      expect(asked).toEqual(["python", "pay"]);
      const offered = server.chatRequests()[0]?.tools?.map((tool) => (tool.type === "function" ? tool.function.name : ""));
      expect(offered).toEqual(["python"]);
    } finally {
      await server.close();
    }
  });
});
