// Code mode through the cpython backend (Debian's python3 in bubblewrap): the same bridge over its pipes.
import { afterAll, describe, expect, it, vi } from "vitest";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { defineTool } from "../../src/define-tool.js";
import { createToolbox } from "../../src/toolbox.js";
import type { ToolSpec } from "../../src/registry.js";
import { createInterpreterTools } from "../../src/interpreter/create-tools.js";

const sums = defineTool({
  name: "sums",
  description: "Adds a + b",
  parameters: { type: "object", properties: { a: { type: "integer" }, b: { type: "integer", default: 1 } }, required: ["a"] },
  params: ["a", "b"],
  fn: (a: number, b: number) => a + b,
});
const pay = defineTool({
  name: "pay",
  description: "Pays someone",
  parameters: { type: "object", properties: { to: { type: "string" } }, required: ["to"] },
  params: ["to"],
  confirm: true,
  fn: (to: string) => `paid ${to}`,
});
const wait = defineTool({
  name: "wait",
  description: "Waits until cancelled",
  parameters: { type: "object", properties: {} },
  params: "object",
  invoke: (_args: object, context) => new Promise<string>((resolve) => context.signal.addEventListener("abort", () => resolve("stopped"))),
});
const asked: unknown[] = [];
const toolbox = createToolbox([sums, pay, wait] as unknown as ToolSpec[], {
  confirm: (request) => {
    asked.push(request.arguments);
    return request.arguments["to"] === "bob";
  },
});
const tools = createInterpreterTools({ backend: "cpython", languages: ["python"], tools: toolbox, codeMode: { maxCalls: 200 } });
const python = (code: string) => tools.tools[0]!.invoke({ code }, { signal: new AbortController().signal }) as Promise<string>;
afterAll(() => tools.close());

describe("cpython calling tools", () => {
  it("calls sums 100 times in a loop: 5050", async () => {
    expect(await python("from tools import sums\nt = 0\nfor i in range(1, 101):\n    t = sums(t, i)\nprint(t)")).toBe("5050");
  });

  it("asks per @confirm call; a refusal raises ToolRefused", async () => {
    const out = await python("from tools import pay, ToolRefused\nprint(pay('bob'))\ntry:\n    pay('eve')\nexcept ToolRefused as e:\n    print('refused', e)");
    expect(asked).toEqual([{ to: "bob" }, { to: "eve" }]);
    expect(out).toBe("paid bob\nrefused #FAIL# (pay was not run: the user did not approve it)");
  });

  it("a flood past the limit and an unknown tool end in guest errors; the host keeps working", async () => {
    expect(await python("import tools\nfor i in range(500):\n    tools.sums(i)")).toMatch(/ToolLimitError: sums was not called: this run already made 200 tool calls/);
    expect(await python("tools.call('nope')")).toMatch(/UnknownTool/);
    expect(await python("tools.sums('x' * 2_000_000)")).toMatch(/ToolLimitError: the arguments of sums are \d+ characters, too big to pass to the host/);
    expect(await python("import threading\nout = []\nts = [threading.Thread(target=lambda i=i: out.append(tools.sums(i, 1))) for i in range(8)]\n[t.start() for t in ts]\n[t.join() for t in ts]\nsorted(out)")).toBe("[1, 2, 3, 4, 5, 6, 7, 8]");
    expect(await python("tools.sums(2, 3)")).toBe("5");
  });

  it("a thread's call still out when the run ends: the sandbox restarts, the host keeps working", async () => {
    await python("import threading, time, tools\nthreading.Thread(target=lambda: tools.call('wait')).start()\ntime.sleep(0.2)");
    const after = await python("import tools\ntools.sums(4, 4)");
    expect(after).toMatch(/restarted/);
    expect(after).toMatch(/8$/);
  });
});
