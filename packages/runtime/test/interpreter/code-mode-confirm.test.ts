// Confirmation of `@confirm` tools called from code: which callback decides (code mode's own, then the one
// given to the interpreter call, then the toolbox's), and `ConfirmRequest.signal`, which aborts when the call
// is cancelled (the caller's signal, the run's deadline) so a pending question stops waiting.
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it, vi } from "vitest";
import { confirmOnTerminal } from "../../src/interpreter/confirm.js";
import { createInterpreterTools, type InterpreterToolsOptions } from "../../src/interpreter/create-tools.js";
import { closeWarmSpares } from "../../src/interpreter/python-session.js";
import { codeModeFixture } from "../support/code-mode-fixture.js";
import { createToolbox, type ConfirmFn, type ConfirmRequest } from "../../src/toolbox.js";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
afterAll(() => closeWarmSpares());

// The shared code-mode tools' `pay` (a @confirm tool that records whom it paid) and `sums`.
const { specs: allSpecs, paid } = codeModeFixture();
const specs = allSpecs.filter((spec) => spec.name === "pay" || spec.name === "sums");

/** A confirm callback that never answers: it records each question and whether its signal aborted. */
function neverAnswers(): { confirm: ConfirmFn; asked: ConfirmRequest[]; aborted: unknown[] } {
  const asked: ConfirmRequest[] = [];
  const aborted: unknown[] = [];
  const confirm: ConfirmFn = (request) => {
    asked.push(request);
    return new Promise<boolean>((resolve) => request.signal?.addEventListener("abort", () => {
      aborted.push(request.signal?.reason);
      resolve(true); // too late: a cancelled call does not run, whatever the answer
    }));
  };
  return { confirm, asked, aborted };
}

async function until(ready: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("ConfirmRequest.signal on a direct call", () => {
  it("aborts with the caller's signal: the call ends as aborted and the tool does not run", async () => {
    paid.length = 0;
    const human = neverAnswers();
    const toolbox = createToolbox(specs, { confirm: human.confirm });
    const controller = new AbortController();
    const pending = toolbox.call({ name: "pay", arguments: { to: "bob", amount: 1 } }, { signal: controller.signal });
    await until(() => human.asked.length === 1);
    expect(human.asked[0]?.signal?.aborted).toBe(false);
    controller.abort(new Error("the user pressed stop"));
    const result = await pending;
    expect(result).toMatchObject({ ok: false, error: { kind: "aborted", message: "The call to pay was cancelled while waiting for its confirmation." } });
    expect(human.aborted).toEqual([new Error("the user pressed stop")]);
    expect(paid).toEqual([]);
  });

  it("does not wait for a callback that ignores the signal, nor ask when already cancelled", async () => {
    let asked = 0;
    const toolbox = createToolbox(specs, {
      confirm: () => {
        asked += 1;
        return new Promise<boolean>(() => {});
      },
    });
    const controller = new AbortController();
    const pending = toolbox.call({ name: "pay", arguments: { to: "bob", amount: 1 } }, { signal: controller.signal });
    await until(() => asked === 1);
    controller.abort();
    expect((await pending).ok).toBe(false);
    const again = await toolbox.call({ name: "pay", arguments: { to: "bob", amount: 1 } }, { signal: controller.signal });
    expect(again).toMatchObject({ ok: false, error: { kind: "aborted" } });
    expect(asked).toBe(1);
    // Without a signal, the request has none and the answer decides as before.
    const plain = createToolbox(specs, { confirm: (request) => request.signal === undefined });
    expect((await plain.call({ name: "pay", arguments: { to: "carol", amount: 2 } })).content).toBe("paid 2 to carol");
  });
});

describe("code mode: the run's deadline passes while a confirmation is pending", () => {
  const human = neverAnswers();
  const settings: InterpreterToolsOptions = { tools: createToolbox(specs, { confirm: human.confirm }), codeMode: { maxCallTimeMs: 1_000 } };
  const interpreters = createInterpreterTools(settings);
  afterAll(() => interpreters.close());
  const run = (language: "python" | "javascript", code: string, signal = new AbortController().signal) =>
    interpreters.tools[language === "python" ? 0 : 1]!.invoke({ code }, { signal }) as Promise<string>;

  it.each([
    ["python", "import tools\ntry:\n    tools.pay('bob', 5)\nexcept tools.ToolError as e:\n    print(type(e).__name__, e)", "tools.sums(20, 22)", "ToolLimitError "],
    ["javascript", "try { await tools.pay({ to: 'bob', amount: 5 }) } catch (e) { e.name + ': ' + e.message }", "await tools.sums({ a: 20, b: 22 })", '"ToolError: '],
  ] as const)("%s: the confirm sees the abort, the guest gets a clean error, the host keeps working", async (language, code, next, prefix) => {
    paid.length = 0;
    human.asked.length = 0;
    human.aborted.length = 0;
    const out = await run(language, code);
    expect(out.startsWith(`${prefix}pay was cancelled: this run's tool calls reached their 1000 ms limit`)).toBe(true);
    expect(human.asked.map((request) => [request.tool, request.arguments])).toEqual([["pay", { to: "bob", amount: 5 }]]);
    expect(human.aborted).toHaveLength(1);
    expect(String(human.aborted[0])).toContain("the run's time for tool calls is used up");
    expect(paid).toEqual([]);
    expect(await run(language, next)).toBe("42");
  });

  it("cancelling the run (the interpreter call's signal) aborts the pending confirmation", async () => {
    human.asked.length = 0;
    human.aborted.length = 0;
    const controller = new AbortController();
    const pending = run("javascript", "await tools.pay({ to: 'eve', amount: 9 })", controller.signal);
    await until(() => human.asked.length === 1);
    controller.abort();
    await pending;
    await until(() => human.aborted.length === 1);
    expect(paid).toEqual([]);
    expect(await run("javascript", "await tools.sums({ a: 1 })")).toMatch(/2$/);
  });

  it("the terminal prompt stops waiting, and its withdrawn question does not take the next answer", async () => {
    const input = new PassThrough();
    let shown = "";
    const output = new PassThrough();
    output.on("data", (chunk: Buffer) => (shown += chunk.toString("utf8")));
    const confirm = confirmOnTerminal({ input, output });
    const terminal = createInterpreterTools({ languages: ["javascript"], tools: createToolbox(specs, { confirm }), codeMode: { maxCallTimeMs: 1_000 } });
    try {
      paid.length = 0;
      const code = "try { await tools.pay({ to: 'bob', amount: 5 }) } catch (e) { e.name + ': ' + e.message }";
      const first = (await terminal.tools[0]!.invoke({ code }, { signal: new AbortController().signal })) as string;
      expect(first).toContain("pay was cancelled: this run's tool calls reached their 1000 ms limit");
      expect(shown).toContain('pay wants to run:\n```\n{\n  "to": "bob",\n  "amount": 5\n}\n```\nProceed with execution? [y/N] ');
      expect(shown).toContain("(cancelled while waiting for an answer: not running it)");
      // The answer typed now belongs to the next question.
      input.write("y\n");
      const second = (await terminal.tools[0]!.invoke({ code }, { signal: new AbortController().signal })) as string;
      expect(second).toBe('"paid 5 to bob"');
      expect(paid).toEqual(["bob"]);
    } finally {
      confirm.close();
      terminal.close();
    }
  });
});

describe("code mode: which confirm decides on a @confirm tool called from code", () => {
  const code = "await tools.pay({ to: 'bob', amount: 1 })";
  const recorder = (who: string, log: string[]): ConfirmFn => (request) => {
    log.push(`${who}:${request.tool}`);
    return true;
  };

  it("the interpreter call's confirm, over the toolbox's; code mode's own over both", async () => {
    const log: string[] = [];
    const tools = createToolbox(specs, { confirm: recorder("toolbox", log) });
    const plain = createInterpreterTools({ languages: ["javascript"], tools });
    const own = createInterpreterTools({ languages: ["javascript"], tools, codeMode: { confirm: recorder("code mode", log) } });
    try {
      const outer = createToolbox(plain.tools, { confirm: recorder("outer toolbox", log) });
      // The call's confirm decides the code run and each call from it.
      expect((await outer.call({ name: "javascript", arguments: { code } }, { confirm: recorder("call", log) })).content).toBe('"paid 1 to bob"');
      expect(log.splice(0)).toEqual(["call:javascript", "call:pay"]);
      // Without one, the outer toolbox's decides the code run only: the calls from code go to their toolbox's.
      expect((await outer.call({ name: "javascript", arguments: { code } })).content).toBe('"paid 1 to bob"');
      expect(log.splice(0)).toEqual(["outer toolbox:javascript", "toolbox:pay"]);
      const explicit = createToolbox(own.tools);
      expect((await explicit.call({ name: "javascript", arguments: { code } }, { confirm: recorder("call", log) })).content).toBe('"paid 1 to bob"');
      expect(log.splice(0)).toEqual(["call:javascript", "code mode:pay"]);
    } finally {
      plain.close();
      own.close();
    }
  });
});
