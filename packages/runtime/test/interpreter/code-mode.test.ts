// Code mode through the real sandboxes (Pyodide child process, QuickJS worker): the guest calls a toolbox's
// tools, and abuse of the bridge ends in a clean guest error while the host keeps working.
import OpenAI from "openai";
import { afterAll, describe, expect, it, vi } from "vitest";
import { messageText, reply, startScriptedServer, toolMessages } from "../support/scripted-server.js";
import { runTools } from "../../src/run-tools.js";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { createToolbox } from "../../src/toolbox.js";
import type { ToolSpec } from "../../src/registry.js";
import { RunBridge, DEFAULT_BRIDGE_LIMITS } from "../../src/interpreter/bridge.js";
import { createInterpreterTools } from "../../src/interpreter/create-tools.js";
import { describeTools, pythonModule } from "../../src/interpreter/guest-api.js";
import { closeWarmSpares } from "../../src/interpreter/python-session.js";
import { CODE_MODE_LIMITS, codeModeFixture, pythonCallTests, untilWaitCalls } from "../support/code-mode-fixture.js";

const fixture = codeModeFixture();
const { specs, toolbox, approvals, aborted, calls } = fixture;
const sums = specs.find((spec) => spec.name === "sums")!;
const pay = specs.find((spec) => spec.name === "pay")!;
const sessions = createInterpreterTools({ tools: toolbox, codeMode: CODE_MODE_LIMITS });
fixture.interpreters = sessions;
const python = (code: string) => sessions.tools[0]!.invoke({ code }, { signal: new AbortController().signal }) as Promise<string>;
const javascript = (code: string) => sessions.tools[1]!.invoke({ code }, { signal: new AbortController().signal }) as Promise<string>;

afterAll(() => {
  sessions.close();
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
    expect(sessions.tools[0]!.description).toContain("from tools import");
    expect(sessions.tools[1]!.description).toContain("declare const tools");
  });
});

pythonCallTests(fixture, { backend: "pyodide", interpreters: sessions, label: "Python (Pyodide)" });

describe("Python (Pyodide) calling tools", () => {
  it("help() shows a tool's signature with plain type names", async () => {
    expect(await python("import tools\nhelp(tools.sums)")).toContain("sums(a: int, b: int = 1) -> int");
  });

  it("a call scheduled to run after the run ended never runs, so it cannot reach the host", async () => {
    // Loop callbacks and tasks a cell leaves are cancelled when it ends (the bridge refuses a late call too).
    calls.sums = 0;
    await python(
      "import asyncio, tools\nlate = []\ndef later():\n    try:\n        late.append(tools.sums(1))\n    except tools.ToolError as e:\n        late.append(str(e))\nasyncio.get_event_loop().call_later(0.05, later)",
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await python("late")).toBe("[]");
    expect(calls.sums).toBe(0);
  });

  it("cancelling the run cancels its pending call", async () => {
    aborted.length = 0;
    const controller = new AbortController();
    const waits = calls.wait;
    const running = sessions.tools[0]!.invoke({ code: "import tools\ntools.call('wait')" }, { signal: controller.signal }) as Promise<string>;
    await untilWaitCalls(fixture, waits + 1);
    controller.abort();
    expect(await running).toMatch(/cancelled|restarted/);
    expect(aborted).toHaveLength(1);
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
