import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInterpreterTools } from "../../src/interpreter/create-tools.js";
import { JavaScriptSession } from "../../src/interpreter/javascript-session.js";
import { createToolbox } from "../../src/toolbox.js";

// 2 s past the deadline before the worker is stopped hard: the worker's own interrupt answers well before, even
// when a loaded machine is slow to wake it or to deliver its reply (only one test waits this out).
const session = new JavaScriptSession({ timeoutMs: 1_000, outputLimit: 2_000, hardStopGraceMs: 2_000 });

beforeAll(() => session.start());
afterAll(() => session.close());

describe("javascript session: notebook cells", () => {
  it("returns the last expression's value and captures console output", async () => {
    const cell = await session.run("const n = 12;\nconsole.log('computing', n, { of: [n] });\nlet f = 1; for (let i = 2; i <= n; i++) f *= i;\nf");
    expect(cell).toMatchObject({ ok: true, output: "computing 12 { of: [12] }\n", value: "479001600" });
  });

  it("shows values the way a REPL does", async () => {
    const cases: [string, string | undefined][] = [
      ["'text'", '"text"'],
      ["[1, 'a', null, undefined]", '[1, "a", null, undefined]'],
      ["({ a: 1, nested: { b: [true] } })", "{ a: 1, nested: { b: [true] } }"],
      ["new Map([[1, 'one']])", 'Map(1) {1 => "one"}'],
      ["10n ** 20n", "100000000000000000000n"],
      ["(() => {})", "[Function: (anonymous)]"],
      ["Promise.resolve(7)", "7"],
      ["undefined", undefined],
      ["var declared = 1", undefined],
    ];
    for (const [code, value] of cases) {
      const cell = await session.run(code);
      expect(cell.ok).toBe(true);
      expect(cell.value).toBe(value);
    }
  });

  it("keeps state across calls and forgets it on reset", async () => {
    await session.run("let total = 40; function add(x) { total += x; return total }");
    expect((await session.run("add(2)")).value).toBe("42");
    await session.reset();
    const after = await session.run("total");
    expect(after).toMatchObject({ ok: false, errorKind: "exception" });
    expect(after.error).toMatch(/ReferenceError: 'total' is not defined/);
  });

  it("reports errors with the guest's own stack", async () => {
    const cell = await session.run("function inner() { return null.x }\ninner()");
    expect(cell.ok).toBe(false);
    expect(cell.error).toMatch(/^TypeError: cannot read property 'x' of null/);
    expect(cell.error).toMatch(/at inner \(<cell \d+>:1/);
    expect((await session.run("throw 42")).error).toBe("Uncaught 42");
    expect((await session.run("(async () => { throw new RangeError('later') })()")).error).toMatch(/^RangeError: later/);
  });
});

describe("javascript session: escape attempts fail safely", () => {
  const escapes: { name: string; code: string; error?: RegExp; value?: string; fresh?: boolean }[] = [
    { name: "constructor chain to process", code: "this.constructor.constructor('return process')()", error: /ReferenceError: 'process' is not defined/ },
    { name: "Function from a host-provided function", code: "console.log.constructor('return process')()", error: /ReferenceError/ },
    { name: "eval", code: "eval('require')", error: /ReferenceError/ },
    {
      name: "Node globals",
      code: "[typeof process, typeof require, typeof fetch, typeof setTimeout, typeof WebAssembly, typeof Buffer, typeof module].join()",
      value: '"undefined,undefined,undefined,undefined,undefined,undefined,undefined"',
    },
    { name: "the global object has only the language and console", code: "Object.keys(globalThis).join()", value: '"console"', fresh: true },
    { name: "dynamic import", code: "import('node:fs')", error: /Error/ },
    { name: "quickjs-libc std/os", code: "[typeof std, typeof os].join()", value: '"undefined,undefined"' },
  ];

  it.each(escapes)("$name", async ({ code, error, value, fresh }) => {
    if (fresh) await session.reset();
    const cell = await session.run(code);
    if (error) {
      expect(cell.ok).toBe(false);
      expect(cell.error).toMatch(error);
    }
    if (value !== undefined) expect(cell.value).toBe(value);
    expect((await session.run("6 * 7")).value).toBe("42");
  });
});

describe("javascript session: limits", () => {
  it("interrupts a runaway loop at the deadline and keeps the state", async () => {
    await session.run("var kept = 'still here'");
    const cell = await session.run("while (true) {}");
    expect(cell).toMatchObject({ ok: false, errorKind: "timeout" });
    expect(cell.stateLost).toBeUndefined();
    expect(cell.error).toMatch(/TimeoutError: execution exceeded the 1 s time limit and was interrupted/);
    expect((await session.run("kept")).value).toBe('"still here"');
  });

  it("stops a built-in that ignores the interrupt by terminating the worker", async () => {
    await session.run("var lost = 1");
    const cell = await session.run("'x'.repeat(1e7).indexOf('x'.repeat(1e5) + 'y')");
    expect(cell).toMatchObject({ ok: false, errorKind: "timeout", stateLost: true });
    expect(cell.error).toMatch(/restarted: every variable and function from earlier calls is gone/);
    expect((await session.run("typeof lost")).value).toBe('"undefined"');
    expect((await session.run("1 + 1")).value).toBe("2");
  });

  it("stops the code when the call is cancelled", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const cell = await session.run("'x'.repeat(1e7).indexOf('x'.repeat(1e5) + 'y')", { signal: controller.signal });
    expect(cell).toMatchObject({ ok: false, errorKind: "crashed", stateLost: true });
    expect(cell.error).toMatch(/the call was cancelled/);
    expect((await session.run("2 + 2")).value).toBe("4");
  });

  it("reports an endless microtask chain stopped at the deadline as a timeout, state kept", async () => {
    await session.run("var survivor = 'kept'");
    const chains = [
      "Promise.resolve().then(function loop() { return Promise.resolve().then(loop) }); 'started'",
      "let ticks = 0; const tick = () => { ticks++; Promise.resolve().then(tick) }; tick(); 'started'",
      "(async () => { for (;;) await 0 })(); 'started'",
    ];
    for (const code of chains) {
      const cell = await session.run(code);
      expect(cell).toMatchObject({ ok: false, errorKind: "timeout" });
      expect(cell.value).toBeUndefined();
      expect(cell.error).toMatch(/TimeoutError: execution exceeded the 1 s time limit and was interrupted/);
      expect(cell.stateLost).toBeUndefined();
    }
    // the chains are over: the next call is quick and sees the state
    const started = performance.now();
    expect((await session.run("survivor")).value).toBe('"kept"');
    expect(performance.now() - started).toBeLessThan(900);
  });

  it("frees what a failed memory bomb left in a variable, and says so", async () => {
    const small = new JavaScriptSession({ memoryLimitMb: 64, timeoutMs: 10_000 });
    try {
      await small.run("var before = 1");
      const bomb = await small.run("var big = []; while (true) big.push(new Array(2e5).fill(1.5))");
      expect(bomb).toMatchObject({ ok: false, errorKind: "memory", stateLost: true });
      expect(bomb.error).toMatch(/out of memory/);
      expect(bomb.error).toMatch(/memory was still full after this error, so it was restarted/);
      // later calls have their memory back
      for (let i = 0; i < 3; i++) {
        const later = await small.run("Array.from({ length: 200000 }, (_, i) => i).join(',').length");
        expect(later).toMatchObject({ ok: true, value: "1288889" });
      }
      expect((await small.run("typeof big + ' ' + typeof before")).value).toBe('"undefined undefined"');

      // a bomb whose garbage is gone once it failed keeps the state
      await small.run("var kept = 42");
      const transient = await small.run("(() => { const a = []; while (true) a.push(new Array(2e5).fill(1.5)) })()");
      expect(transient).toMatchObject({ ok: false, errorKind: "memory" });
      expect(transient.stateLost).toBeUndefined();
      expect((await small.run("kept")).value).toBe("42");
    } finally {
      small.close();
    }
  });

  it("tells the next call that a call cancelled through the toolbox's signal lost the state", async () => {
    const tools = createInterpreterTools({ languages: ["javascript"], javascript: { timeoutMs: 5_000 } });
    const toolbox = createToolbox(tools.tools, { confirm: () => true });
    try {
      await toolbox.call({ name: "javascript", arguments: JSON.stringify({ code: "var kept = 1" }) });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const cancelled = await toolbox.call(
        { name: "javascript", arguments: JSON.stringify({ code: "'x'.repeat(1e7).indexOf('x'.repeat(1e5) + 'y')" }) },
        { signal: controller.signal },
      );
      expect(cancelled).toMatchObject({ ok: false, error: { kind: "aborted" } });
      const next = await toolbox.call({ name: "javascript", arguments: JSON.stringify({ code: "typeof kept" }) });
      expect(next.ok).toBe(true);
      expect(next.content).toMatch(/^\[The previous JavaScript call was cancelled, .*every variable and function from earlier calls is gone\.\]/);
      expect(next.content).toMatch(/"undefined"$/);
      const after = await toolbox.call({ name: "javascript", arguments: JSON.stringify({ code: "1 + 1" }) });
      expect(after.content).toBe("2");
    } finally {
      tools.close();
    }
  });

  it("turns deep recursion into an error with a short stack", async () => {
    const cell = await session.run("function down(n) { return down(n + 1) + 1 }\ndown(0)");
    expect(cell.ok).toBe(false);
    expect(cell.error).toMatch(/^InternalError: stack overflow/);
    expect(cell.error).toMatch(/\.\.\. \d+ more frames$/);
    expect((await session.run("1 + 1")).value).toBe("2");
  });

  it("turns an allocation bomb into an out-of-memory error", async () => {
    const small = new JavaScriptSession({ memoryLimitMb: 32, timeoutMs: 5_000 });
    try {
      for (const bomb of [
        "(() => { const a = []; while (true) a.push('x'.repeat(1e6)); })()",
        "new ArrayBuffer(2 ** 30).byteLength",
        "'x'.repeat(2 ** 29).length",
      ]) {
        const cell = await small.run(bomb);
        expect(cell.ok).toBe(false);
        expect(cell.errorKind === "memory" || /RangeError|out of memory/.test(cell.error ?? "")).toBe(true);
      }
      expect((await small.run("[1, 2, 3].length")).value).toBe("3");
    } finally {
      small.close();
    }
  });

  // QuickJS (this wasm build has no malloc_usable_size) counts small allocations loosely: 1 KiB strings
  // get past its own 16 MiB limit. Its wasm memory, created with a maximum of the limit plus 32 MiB, is
  // the bound that holds: the code meets out-of-memory there, and the host is never asked for more.
  it("holds many small allocations to the interpreter's memory cap", async () => {
    const small = new JavaScriptSession({ memoryLimitMb: 16, timeoutMs: 10_000 });
    try {
      const cell = await small.run("var n = 0; try { const a = []; for (;;) { a.push('x'.repeat(1024) + n); n++; } } catch (e) { String(e) }");
      expect(cell.value).toBe('"InternalError: out of memory"');
      const held = Number((await small.run("n")).value);
      expect(held).toBeGreaterThan(0);
      expect(held * 1024).toBeLessThan((16 + 32) * 2 ** 20);
      expect((await small.run("[1, 2, 3].length")).value).toBe("3");
    } finally {
      small.close();
    }
  });

  it("truncates long output with a note", async () => {
    const cell = await session.run("for (let i = 0; i < 1000; i++) console.log('line ' + i)");
    expect(cell.truncated).toBe(true);
    expect(cell.output.length).toBeLessThan(2_200);
    expect(cell.output).toMatch(/\[output truncated: \d+ more characters not shown\]/);
  });
});
