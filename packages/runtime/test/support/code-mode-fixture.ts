// Code mode's shared test fixture: one toolbox of test tools, and the table of Python calls every Python
// backend (Pyodide, CPython, Jupyter) must answer the same way. Each backend's test file opens its session,
// runs `pythonCallTests` on it, then adds the tests of what only that backend does.
import { describe, expect, it, vi } from "vitest";
import { defineTool } from "../../src/define-tool.js";
import { createToolbox, type Toolbox } from "../../src/toolbox.js";
import type { ToolSpec } from "../../src/registry.js";
import type { CodeModeOptions } from "../../src/interpreter/code-mode.js";
import { createInterpreterTools, type InterpreterTools } from "../../src/interpreter/create-tools.js";
import type { InterpreterSession, PythonBackend } from "../../src/interpreter/session.js";

/** The limits the call table checks against (each backend may add its own `maxCallTimeMs`). */
export const CODE_MODE_LIMITS = { maxCalls: 150, maxArgumentChars: 10_000, maxResultChars: 50_000 } as const satisfies CodeModeOptions;

export interface CodeModeFixture {
  readonly specs: ToolSpec[];
  /** The tools behind a `confirm` that approves payments to bob only. */
  readonly toolbox: Toolbox;
  /** The arguments of each confirmation asked for, in order. */
  readonly approvals: unknown[];
  /** The abort reason of each `wait` call that was cancelled, in order. */
  readonly aborted: string[];
  /** How many times `sums` ran, and `wait` was called. */
  readonly calls: { sums: number; wait: number };
  /** Who `pay` paid, in order. */
  readonly paid: string[];
  /** The interpreter tools `nested` runs Python through (set once the test file has created them). */
  interpreters: InterpreterTools | undefined;
}

/** A fresh set of test tools (and their counters) for one test file. */
export function codeModeFixture(): CodeModeFixture {
  const approvals: unknown[] = [];
  const aborted: string[] = [];
  const calls = { sums: 0, wait: 0 };
  const paid: string[] = [];
  const sums = defineTool({
    name: "sums",
    description: "Adds a + b",
    parameters: { type: "object", properties: { a: { type: "integer" }, b: { type: "integer", default: 1 } }, required: ["a"] },
    returns: { type: "integer" },
    params: ["a", "b"],
    fn: (a: number, b: number) => {
      calls.sums++;
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
  const greet = defineTool({
    name: "greet",
    description: "Greets someone",
    parameters: { type: "object", properties: { name: { type: "string" }, loud: { type: "boolean", default: false } }, required: ["name"] },
    params: "object",
    fn: ({ name, loud }: { name: string; loud: boolean }) => (loud ? `HELLO ${name.toUpperCase()}` : `hello ${name}`),
  });
  const pay = defineTool({
    name: "pay",
    description: "Pays someone",
    parameters: { type: "object", properties: { to: { type: "string" }, amount: { type: "integer" } }, required: ["to", "amount"] },
    params: ["to", "amount"],
    confirm: true,
    fn: (to: string, amount: number) => {
      paid.push(to);
      return `paid ${amount} to ${to}`;
    },
  });
  const slow = defineTool({
    name: "slow",
    description: "Answers after ms milliseconds",
    parameters: { type: "object", properties: { ms: { type: "integer" } }, required: ["ms"] },
    params: ["ms"],
    fn: (ms: number) => new Promise<string>((resolve) => setTimeout(() => resolve(`slept ${ms}`), ms)),
  });
  const wait = defineTool({
    name: "wait",
    description: "Waits until cancelled",
    parameters: { type: "object", properties: {} },
    params: "object",
    invoke: (_args: object, context) => {
      calls.wait++;
      return new Promise<string>((resolve) =>
        context.signal.addEventListener("abort", () => {
          aborted.push(String((context.signal.reason as Error | undefined)?.message));
          resolve("stopped");
        }),
      );
    },
  });
  const nested = defineTool({
    name: "nested",
    description: "Runs Python from a tool (re-entrant)",
    parameters: { type: "object", properties: {} },
    params: "object",
    invoke: (_args: object, context) => fixture.interpreters!.tools[0]!.invoke({ code: "1 + 1" }, context) as Promise<string>,
  });
  // Named like the Python tools module's own helpers: they must neither replace them nor be replaced.
  const helperNamed = ["_call", "_host_call"].map((name) =>
    defineTool({
      name,
      description: `Echoes x (named like a helper of the tools module)`,
      parameters: { type: "object", properties: { x: { type: "string" } }, required: ["x"] },
      params: ["x"],
      fn: (x: string) => `${name} got ${x}`,
    }),
  );
  const specs = [sums, big, greet, pay, slow, wait, nested, ...helperNamed] as unknown as ToolSpec[];
  const toolbox = createToolbox(specs, {
    confirm: (request) => {
      approvals.push(request.arguments);
      return request.arguments["to"] === "bob";
    },
  });
  const fixture: CodeModeFixture = { specs, toolbox, approvals, aborted, calls, paid, interpreters: undefined };
  return fixture;
}

/**
 * Resolves once `wait` has been called `count` times in all: a test that cancels a run with a call out
 * cancels after this, not after a fixed time a loaded machine may need more than to get the call out.
 */
export async function untilWaitCalls(fixture: CodeModeFixture, count: number): Promise<void> {
  await vi.waitFor(() => expect(fixture.calls.wait).toBeGreaterThanOrEqual(count), { timeout: 60_000, interval: 20 });
}

/** A Python call that must end in a clean guest error (`expected`: a pattern, or the whole output). */
export interface GuestErrorCase {
  readonly name: string;
  readonly code: string;
  readonly expected: RegExp | string;
}

/** Abuse of the bridge from Python: each ends in a guest error, and the host keeps working. */
export const pythonGuestErrors: readonly GuestErrorCase[] = [
  { name: "an unknown tool", code: "tools.call('rm_rf', path='/')", expected: /UnknownTool: Unknown tool "rm_rf"/ },
  {
    name: "a function as an argument",
    code: "tools.sums(lambda: 1)",
    expected: /InvalidArguments: the arguments of sums cannot be sent as JSON: function values cannot be passed/,
  },
  { name: "a cyclic value", code: "l = []\nl.append(l)\ntools.sums(l)", expected: /InvalidArguments: the arguments of sums cannot be sent as JSON: Circular reference/ },
  { name: "a wrong type", code: "tools.sums('six')", expected: /InvalidArguments: Invalid arguments for sums:\na: expected integer/ },
  {
    name: "a huge argument",
    code: "tools.sums('x' * 100_000)",
    expected: new RegExp(`ToolLimitError: the arguments of sums are over the ${CODE_MODE_LIMITS.maxArgumentChars}-character limit`),
  },
  {
    // past every backend's channel: a pipe line (Pyodide, CPython) or a kernel stdin request (Jupyter)
    name: "an argument bigger than the channel's line",
    code: "tools.sums('x' * 9_000_000)",
    expected: /ToolLimitError: the arguments of sums are \d+ characters, too big to pass to the host/,
  },
  {
    name: "a huge result",
    code: "tools.big(n=60_000)",
    expected: new RegExp(`ToolLimitError: the result is \\d+ characters as JSON, over the ${CODE_MODE_LIMITS.maxResultChars}-character limit`),
  },
  {
    name: "a flood past the limit",
    code: "n = 0\ntry:\n    for i in range(1000):\n        tools.sums(i)\n        n += 1\nexcept tools.ToolLimitError as e:\n    print(n, e)",
    expected: `${CODE_MODE_LIMITS.maxCalls} sums was not called: this run already made ${CODE_MODE_LIMITS.maxCalls} tool calls, the limit per run`,
  },
  { name: "a re-entrant interpreter run", code: "print(tools.call('nested'))", expected: /RuntimeError: the python interpreter cannot be run from code running in an interpreter/ },
  { name: "the host's channel called directly with junk", code: "tools.__host_call(None, 'not json')", expected: /"ok":false,"kind":"unknown_tool"/ },
];

export interface PythonCodeModeBackend {
  readonly backend: PythonBackend;
  /** The backend's interpreter tools, opened with `fixture.toolbox` and `CODE_MODE_LIMITS`. */
  readonly interpreters: InterpreterTools;
  /** A label for the describe block, e.g. "Python (Pyodide)". */
  readonly label: string;
}

/** The calls every Python backend answers alike, as one describe block of tests on `backend`'s session. */
export function pythonCallTests(fixture: CodeModeFixture, { backend, interpreters, label }: PythonCodeModeBackend): void {
  const python = (code: string) => interpreters.tools[0]!.invoke({ code }, { signal: new AbortController().signal }) as Promise<string>;

  describe(`${label} calling tools: the shared call table`, () => {
    it("calls sums 100 times in a loop: 5050", async () => {
      expect(await python("from tools import sums\nt = 0\nfor i in range(1, 101):\n    t = sums(t, i)\nprint(t)")).toBe("5050");
    });

    it("takes positional and keyword arguments, fills defaults; object-style tools take keywords", async () => {
      expect(await python("import tools\n(tools.sums(6, 3), tools.sums(a=6, b=3), tools.sums(6), tools.sums(b=10, a=1), len(tools.big(n=3)))")).toBe("(9, 9, 7, 11, 3)");
      expect(await python("from tools import greet\nprint(greet(name='ann'), greet(name='bo', loud=True))")).toBe("hello ann HELLO BO");
      expect(await python("try:\n    tools.sums('six')\nexcept tools.InvalidArguments as e:\n    print('invalid:', e)")).toBe(
        'invalid: Invalid arguments for sums:\na: expected integer, got string "six"',
      );
      // As written on every Python (the module's annotations are postponed: strings, quoted by help() before 3.14).
      expect(await python("help(tools.sums)")).toMatch(/sums\(a: int, b: int = 1\) -> int\n\s+Adds a \+ b/);
      expect(await python("import typing\nprint(typing.get_type_hints(tools.sums))")).toBe("{'a': <class 'int'>, 'b': <class 'int'>, 'return': <class 'int'>}");
      expect(await python("print(tools.describe('big'))")).toContain("def big(*, n: int)");
      // Tools named like the module's helpers: every tool still works, those two included.
      expect(await python("print(tools.sums(1, 2), tools._call('a'), tools._host_call(x='b'), tools.call('_call', x='c'))")).toBe("3 _call got a _host_call got b _call got c");
    });

    it("asks for each call of a @confirm tool; a refusal raises ToolRefused (a ToolError) carrying #FAIL#", async () => {
      fixture.approvals.length = 0;
      const out = await python(
        "from tools import pay, ToolRefused, ToolError\nprint(pay('bob', 3))\ntry:\n    pay('mallory', 9)\nexcept ToolRefused as e:\n    print(type(e).__name__, isinstance(e, ToolError), e)",
      );
      expect(fixture.approvals).toEqual([{ to: "bob", amount: 3 }, { to: "mallory", amount: 9 }]);
      expect(out).toBe("paid 3 to bob\nToolRefused True #FAIL# (pay was not run: the user did not approve it)");
    });

    it.each(pythonGuestErrors)("$name ends in a clean guest error and the host keeps working", async ({ code, expected }) => {
      const out = await python(`import tools\n${code}`);
      if (typeof expected === "string") expect(out).toBe(expected);
      else expect(out).toMatch(expected);
      expect(await python("tools.sums(1, 1)")).toBe("2");
    });

    it("at the run's call-time limit a pending call is cancelled: the tool's signal aborts", async () => {
      // Other tools over the same session, with a 1 s budget for the time a run spends in tool calls.
      const session: InterpreterSession = interpreters.python;
      const tight = createInterpreterTools({
        backends: { [backend]: () => session },
        backend,
        languages: ["python"],
        tools: fixture.toolbox,
        codeMode: { ...CODE_MODE_LIMITS, maxCallTimeMs: 1_000 },
      });
      try {
        fixture.aborted.length = 0;
        const out = await tight.tools[0]!.invoke(
          { code: "import tools\ntry:\n    tools.call('wait')\nexcept tools.ToolLimitError as e:\n    print(e)" },
          { signal: new AbortController().signal },
        );
        expect(out).toBe("wait was cancelled: this run's tool calls reached their 1000 ms limit");
        expect(fixture.aborted).toHaveLength(1);
        expect(await python("tools.sums(2, 2)")).toBe("4");
      } finally {
        tight.javascript.close(); // the session stays open: it is the backend's own
      }
    });
  });
}
