import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Pyodide cold starts (and restarts) take seconds, more on a busy machine running every test file at once.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import type { CellResult } from "../../src/interpreter/cell.js";
import { createInterpreterTools } from "../../src/interpreter/create-tools.js";
import { closeWarmSpares, PythonSession, type PythonSessionOptions } from "../../src/interpreter/python-session.js";
import { packageDir } from "../../src/interpreter/sandbox-paths.js";
import { createToolbox } from "../../src/toolbox.js";
import { commandLine, cpuSpent, descendants, startTicks } from "../support/processes.js";

// One session for the whole file: Pyodide loads once (a crash or timeout swaps in the warm spare).
// The network namespace is off so that the in-child guards alone are what is being tested.
const SHARED: PythonSessionOptions = { outputLimit: 2_000, isolateNetwork: false }; // same options: same warm spares
const session = new PythonSession({ ...SHARED, timeoutMs: 2_000 });

const hostDir = mkdtempSync(join(tmpdir(), "toolsmith-python-"));
const secretFile = join(hostDir, "secret.txt");
const SECRET = "host-secret-7f3a9c";
const repoFile = fileURLToPath(new URL("../../package.json", import.meta.url));

let server: Server;
let port = 0;
const connections: Socket[] = [];

beforeAll(async () => {
  writeFileSync(secretFile, SECRET);
  process.env["TOOLSMITH_TEST_SECRET"] = SECRET;
  server = createServer((socket) => {
    connections.push(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
  await session.start();
});

afterAll(async () => {
  session.close();
  closeWarmSpares();
  delete process.env["TOOLSMITH_TEST_SECRET"];
  rmSync(hostDir, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const text = (cell: CellResult) => [cell.output, cell.value ?? "", cell.error ?? ""].join("\n");

/** A task that swallows the cancellation at the end of its cell (once started), then spins: leftover work nothing cancels. */
const STUBBORN_TASK = [
  "async def stubborn():",
  "    while True:",
  "        try:",
  "            await asyncio.sleep(0.05)",
  "            break",
  "        except asyncio.CancelledError:",
  "            pass",
  "    while True: pass",
].join("\n");

/** The sandboxed Python children of this process (Linux /proc). */
function pythonChildren(): number[] {
  return descendants(process.pid, { directOnly: true }).filter((pid) => commandLine(pid).includes("python-child.mjs"));
}

/** The sandboxed Python children started with `outputLimit` (their command line carries it), newest first. */
function childrenWithOutputLimit(outputLimit: number): number[] {
  return pythonChildren()
    .filter((pid) => commandLine(pid).split("\0").includes(String(outputLimit)))
    .sort((a, b) => startTicks(b) - startTicks(a));
}

describe("python session: notebook cells", () => {
  it("returns the repr of the last expression", async () => {
    const cell = await session.run("import math\nmath.factorial(12)");
    expect(cell).toMatchObject({ ok: true, value: "479001600" });
  });

  it("captures printed output and gives no value for a statement", async () => {
    const cell = await session.run("print('hello'); import sys; print('oops', file=sys.stderr); y = 1");
    expect(cell.ok).toBe(true);
    expect(cell.output).toBe("hello\noops\n");
    expect(cell.value).toBeUndefined();
  });

  it("shows reprs, not str()", async () => {
    expect((await session.run("'text'")).value).toBe("'text'");
    expect((await session.run("[1, 'a', None]")).value).toBe("[1, 'a', None]");
  });

  it("keeps state across calls and forgets it on reset", async () => {
    await session.run("counter = 41\ndef bump():\n    global counter\n    counter += 1\n    return counter");
    expect((await session.run("bump()")).value).toBe("42");
    await session.reset();
    const after = await session.run("counter");
    expect(after.ok).toBe(false);
    expect(after.error).toMatch(/NameError: name 'counter' is not defined/);
  });

  it("reports errors as a traceback trimmed to the user's code", async () => {
    const cell = await session.run("def f(x):\n    return 1 / x\n\nf(0)");
    expect(cell.ok).toBe(false);
    expect(cell.errorKind).toBe("exception");
    expect(cell.error).toMatch(/^Traceback/);
    expect(cell.error).toMatch(/File "<cell \d+>", line 4, in <module>/);
    expect(cell.error).toMatch(/return 1 \/ x/);
    expect(cell.error).toMatch(/ZeroDivisionError: division by zero\n?$/);
    expect(cell.error).not.toMatch(/_pyodide|eval_code/);
  });

  it("reports syntax errors", async () => {
    const cell = await session.run("def broken(:\n  pass");
    expect(cell.ok).toBe(false);
    expect(cell.error).toMatch(/SyntaxError/);
  });

  it("supports top-level await", async () => {
    const cell = await session.run("import asyncio\nawait asyncio.sleep(0.01)\n'slept'");
    expect(cell.value).toBe("'slept'");
  });

  it("answers input() with EOF instead of reading the user's terminal", async () => {
    const cell = await session.run("input('say something: ')");
    expect(cell.ok).toBe(false);
    expect(cell.error).toMatch(/EOFError/);
  });
});

describe("python session: escape attempts fail safely", () => {
  const escapes: { name: string; code: string; error?: RegExp }[] = [
    { name: "import js; js.process.env", code: "import js\njs.process.env.TOOLSMITH_TEST_SECRET", error: /AttributeError/ },
    { name: "os.environ", code: "import os\ndict(os.environ)" },
    { name: "js.require", code: "import js\njs.require('child_process')", error: /AttributeError/ },
    { name: "from js import eval", code: "from js import eval as e\ne('process.env')", error: /ImportError/ },
    {
      name: "pyodide.ffi constructor.constructor",
      code: "from pyodide.ffi import to_js\nto_js([1]).constructor.constructor('return globalThis.process.env')()",
      error: /EvalError: Code generation from strings disallowed/,
    },
    { name: "pyodide.code.run_js", code: "import pyodide.code\npyodide.code.run_js('process.env')", error: /ImportError|EvalError/ },
    {
      name: "js.Function.new via a reachable function",
      code: "import pyodide_js\npyodide_js.runPython.constructor.new('return process.env')()",
      error: /EvalError/,
    },
    {
      name: "process.kill via the prototype",
      code: "import js\njs.Object.getPrototypeOf(js.process).kill(js.process.ppid, 0)",
      error: /AttributeError/,
    },
    { name: "__import__('js')", code: "__import__('js').process.kill(1, 0)", error: /AttributeError/ },
    {
      name: "__builtins__.__import__ of pyodide_js internals",
      code: "m = __builtins__.__import__('pyodide_js')\nm._api.config.jsglobals.process.env",
      error: /AttributeError/,
    },
    { name: "os.system", code: `import os\nos.system('touch ${secretFile}.touched')`, error: /OSError/ },
    { name: "subprocess.run", code: `import subprocess\nsubprocess.run(['touch', '${secretFile}.touched'])` },
    { name: "open a host file", code: `open('${secretFile}').read()`, error: /FileNotFoundError/ },
    { name: "open /etc/passwd", code: "open('/etc/passwd').read()", error: /FileNotFoundError/ },
    { name: "open a repo file", code: `open('${repoFile}').read()`, error: /FileNotFoundError/ },
    {
      name: "mount the host filesystem with NODEFS",
      code: `import pyodide_js\npyodide_js.mountNodeFS('/host', '${hostDir}')\nopen('/host/secret.txt').read()`,
      error: /Error/,
    },
    {
      name: "write a host file through a NODEFS mount",
      code: `import pyodide_js\npyodide_js.mountNodeFS('/out', '${hostDir}')\nopen('/out/written.txt', 'w').write('x')`,
      error: /Error/,
    },
  ];

  it.each(escapes)("$name", async ({ code, error }) => {
    const cell = await session.run(code);
    expect(text(cell)).not.toContain(SECRET);
    if (error) {
      expect(cell.ok).toBe(false);
      expect(cell.error).toMatch(error);
    }
    expect(existsSync(`${secretFile}.touched`)).toBe(false);
    expect(existsSync(join(hostDir, "written.txt"))).toBe(false);
    // the interpreter is still usable (restarted if the attempt crashed it)
    expect((await session.run("6 * 7")).value).toBe("42");
  });

  // Each of these reaches a C function Emscripten implements in JavaScript that the sandbox switched off;
  // a JavaScript exception there used to be a Pyodide fatal error (child dead, state lost).
  const switchedOff: { name: string; code: string }[] = [
    { name: "posix.system", code: `import posix\nposix.system('touch ${secretFile}.touched')` },
    { name: "ctypes: libc system()", code: `import ctypes\nctypes.CDLL(None).system(b'touch ${secretFile}.touched')` },
    { name: "ctypes: emscripten_run_script", code: "import ctypes\nctypes.CDLL(None).emscripten_run_script(b'globalThis.pwned = 1')" },
    { name: "ctypes: emscripten_run_script_int", code: "import ctypes\nctypes.CDLL(None).emscripten_run_script_int(b'6 * 7')" },
    { name: "ctypes: emscripten_run_script_string", code: "import ctypes\nctypes.CDLL(None)['emscripten_run_script_string'](b'process.env.HOME')" },
    { name: "ctypes: emscripten_async_run_script", code: "import ctypes\nctypes.PyDLL(None).emscripten_async_run_script(b'1', 0)" },
  ];

  it.each(switchedOff)("$name raises a Python error and keeps the state", async ({ code }) => {
    await session.run("kept = 'yes'");
    const cell = await session.run(code);
    expect(cell).toMatchObject({ ok: false, errorKind: "exception" });
    expect(cell.error).toMatch(/OSError: .*not available in this sandbox/);
    expect(cell.stateLost).toBeFalsy();
    expect(existsSync(`${secretFile}.touched`)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await session.run("kept")).toMatchObject({ ok: true, value: "'yes'" });
  });

  it("a socket connect after useNodeSockFS raises a Python error and keeps the state", async () => {
    const own = new PythonSession({ ...SHARED, timeoutMs: 10_000 });
    try {
      await own.run("kept = 'yes'");
      const connect = `import socket\ns = socket.create_connection(('127.0.0.1', ${port}))\ns.send(b'GET / HTTP/1.0\\r\\n\\r\\n')`;
      const cell = await own.run(`import pyodide_js\nawait pyodide_js.useNodeSockFS()\n${connect}`);
      expect(cell).toMatchObject({ ok: false, errorKind: "exception" });
      expect(cell.error).toMatch(/OSError/);
      expect(cell.stateLost).toBeFalsy();
      // the Node socket layer stays switched on for this interpreter: try again, also through asyncio
      expect(await own.run(connect)).toMatchObject({ ok: false, errorKind: "exception" });
      // asyncio goes through Pyodide's own socket calls, whose failures Pyodide could not turn into Python errors
      const viaAsyncio = await own.run(`import asyncio\nr, w = await asyncio.open_connection('127.0.0.1', ${port})`);
      expect(viaAsyncio).toMatchObject({ ok: false, errorKind: "exception" });
      expect(viaAsyncio.error).toMatch(/network access is not available in this sandbox/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(connections).toHaveLength(0);
      expect(await own.run("kept")).toMatchObject({ ok: true, value: "'yes'" });
    } finally {
      own.close();
    }
  });

  it("does not reveal the install path (Pyodide's config, JavaScript stack traces)", async () => {
    const installDir = packageDir("pyodide");
    const probes = [
      "import pyodide_js\nc = pyodide_js._api.config\n[c.indexURL, c.packageBaseUrl, c.packageCacheDir, pyodide_js._api.packageManager.installBaseUrl]",
      [
        "import pyodide_js",
        "try:",
        "    pyodide_js.mountNodeFS('/mnt', '/nonexistent')",
        "except Exception as error:",
        "    caught = error",
        "print(caught.js_error.stack)",
        "raise caught",
      ].join("\n"),
      "import pyodide_js\npyodide_js.FS.readFile('/no/such/file')",
      "import pyodide_js\nawait pyodide_js.loadPackage('micropip')",
    ];
    for (const code of probes) {
      const cell = await session.run(code);
      const shown = text(cell);
      expect(shown).not.toContain(installDir);
      expect(shown).not.toContain("node_modules");
      expect(shown).not.toMatch(/file:\/\//);
    }
    const stack = await session.run(probes[1]!);
    expect(stack.output).toMatch(/at .*mountNodeFS \(pyodide\.asm\.mjs:\d+:\d+\)/);
  });

  const network: { name: string; code: (port: number) => string }[] = [
    {
      name: "urllib to a live local server",
      code: (p) => `import urllib.request\nurllib.request.urlopen('http://127.0.0.1:${p}/steal').read()`,
    },
    {
      name: "socket.create_connection",
      code: (p) => `import socket\ns = socket.create_connection(('127.0.0.1', ${p}))\ns.send(b'GET / HTTP/1.0\\r\\n\\r\\n')`,
    },
    {
      name: "asyncio.open_connection",
      code: (p) => `import asyncio\nr, w = await asyncio.open_connection('127.0.0.1', ${p})\nw.write(b'x')\nawait w.drain()`,
    },
    {
      name: "pyodide.http.pyfetch",
      code: (p) => `from pyodide.http import pyfetch\nawait pyfetch('http://127.0.0.1:${p}/steal')`,
    },
  ];

  it.each(network)("network: $name", async ({ code }) => {
    const cell = await session.run(code(port));
    expect(cell.ok).toBe(false);
    // give a connection that did get out time to arrive
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(connections).toHaveLength(0);
    await session.run("None"); // (a busy machine can take urllib past the 2 s limit: the next test gets a loaded interpreter)
  });
});

describe("python session: limits", () => {
  it("stops a runaway loop at the time limit, restarts, and says the state is gone", async () => {
    await session.run("before = 1");
    const cell = await session.run("while True: pass");
    expect(cell).toMatchObject({ ok: false, errorKind: "timeout", stateLost: true });
    expect(cell.error).toMatch(/TimeoutError: execution exceeded the 2 s time limit/);
    expect(cell.error).toMatch(/every variable, function and import from earlier calls is gone/);
    const next = await session.run("'before' in globals(), 1 + 1");
    expect(next).toMatchObject({ ok: true, value: "(False, 2)" });
  });

  it("stops the code when the call is cancelled", async () => {
    await session.run("None");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const cell = await session.run("while True: pass", { signal: controller.signal });
    expect(cell).toMatchObject({ ok: false, errorKind: "crashed", stateLost: true });
    expect(cell.error).toMatch(/the call was cancelled/);
    expect((await session.run("2 + 2")).value).toBe("4");
    expect((await session.run("3 + 3")).notice).toBeUndefined();
  });

  it("turns an allocation bomb into MemoryError and stays usable", async () => {
    await session.run("None");
    for (const bomb of ["bytearray(10**9)", "[0] * (10**9)"]) {
      const cell = await session.run(bomb);
      expect(cell).toMatchObject({ ok: false, errorKind: "memory" });
      expect(cell.error).toMatch(/MemoryError/);
    }
    expect((await session.run("len(bytearray(10**7))")).value).toBe("10000000");
  });

  it("kills an interpreter whose memory grows outside the wasm cap", async () => {
    const small = new PythonSession({ timeoutMs: 10_000, processMemoryLimitMb: 450, isolateNetwork: false, outputLimit: 2_020 });
    try {
      // a JS-side buffer is outside both the wasm grow() cap and V8's heap limit: only the host's RSS watch stops it
      const cell = await small.run(
        ["import pyodide_js", "Uint8Array = pyodide_js._module.HEAPU8.constructor", "Uint8Array.new(2 * 10**9).fill(1)"].join("\n"),
      );
      expect(cell).toMatchObject({ ok: false, errorKind: "memory", stateLost: true });
      expect(cell.error).toMatch(/MiB limit/);
      expect((await small.run("1 + 1")).value).toBe("2");

      // the same from a task that outlives its cell by ignoring the cancellation: the next call says the
      // state is gone
      const scheduled = await small.run(
        [
          "import asyncio, pyodide_js",
          "Uint8Array = pyodide_js._module.HEAPU8.constructor",
          STUBBORN_TASK.replace("while True: pass", "Uint8Array.new(2 * 10**9).fill(1)"),
          "task = asyncio.ensure_future(stubborn())",
          "await asyncio.sleep(0)  # let it start",
          "'scheduled'",
        ].join("\n"),
      );
      expect(scheduled.value).toBe("'scheduled'");
      // Until the host's memory watch has killed the child (its warm spare, the other one, lives on): a
      // fixed wait could run out first on a loaded machine, where the new spare is loading meanwhile.
      const children = childrenWithOutputLimit(2_020);
      await vi.waitFor(() => expect(children.some((pid) => !existsSync(`/proc/${pid}`))).toBe(true), { timeout: 60_000, interval: 50 });
      const next = await small.run("'task' in globals()");
      expect(next).toMatchObject({ ok: true, value: "False", stateLost: true });
      expect(next.notice).toMatch(/stopped after the previous call and was restarted/);
    } finally {
      small.close();
    }
  }, 120_000);

  it("cancels the background tasks a cell leaves behind, so they cannot spin into the next call", async () => {
    const code = [
      "import asyncio",
      "async def spin():",
      "    await asyncio.sleep(0.05)",
      "    while True: pass",
      "async def chatty():",
      "    await asyncio.sleep(0.05)",
      "    print('late')",
      "t1 = asyncio.ensure_future(spin()); t2 = asyncio.ensure_future(chatty())",
      "'started'",
    ].join("\n");
    expect(await session.run(code)).toMatchObject({ ok: true, value: "'started'" });
    // Long enough for the tasks' sleeps to end, were they still alive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const next = await session.run("t1.cancelled(), t2.cancelled()");
    expect(next).toMatchObject({ ok: true, output: "", value: "(True, True)" });
    expect(next.notice).toBeUndefined();
  });

  it("cancels the loop callbacks (call_soon, call_later, call_at) a cell leaves pending", async () => {
    const code = [
      "import asyncio",
      "loop = asyncio.get_event_loop()",
      "def spin():",
      "    while True: pass",
      "def chatty():",
      "    print('late')",
      "h1 = loop.call_later(0.05, spin)",
      "h2 = loop.call_soon(chatty)",
      "h3 = loop.call_at(loop.time() + 0.05, spin)",
      "h4 = loop.call_soon_threadsafe(spin)",
      "kept = 'yes'",
      "'scheduled'",
    ].join("\n");
    expect(await session.run(code)).toMatchObject({ ok: true, output: "", value: "'scheduled'" });
    // long enough for the callbacks to have run (and spun), were they still pending
    await new Promise((resolve) => setTimeout(resolve, 400));
    const started = performance.now();
    const next = await session.run("kept, [h.cancelled() for h in (h1, h2, h3, h4)]");
    expect(next).toMatchObject({ ok: true, output: "", value: "('yes', [True, True, True, True])" });
    expect(next.notice).toBeUndefined();
    expect(next.stateLost).toBeFalsy();
    expect(performance.now() - started).toBeLessThan(1_000);
    // tasks and awaits inside a cell still work, and a callback that ran within its cell is not disturbed
    const inside = await session.run(
      "fired = []\nloop.call_later(0.01, fired.append, 1)\nawait asyncio.sleep(0.05)\nawait asyncio.gather(asyncio.sleep(0.01), asyncio.sleep(0.02))\nfired",
    );
    expect(inside).toMatchObject({ ok: true, value: "[1]" });
  });

  it("keeps the line cache bounded over 400 cells of 100 KB, keeps tracebacks and clears it on reset", async () => {
    // options of its own: no shared spare, so the child started here is the one measured
    const own = new PythonSession({ isolateNetwork: false, outputLimit: 4_000, timeoutMs: 30_000, warmSpare: false });
    try {
      await own.start();
      // Python's memory (the cache included) is Pyodide's wasm heap, which never shrinks: its size says what
      // Python kept, whatever garbage the child's V8 heap has not collected yet (that depends on the machine's load).
      const wasmHeapMiB = async () => Number((await own.run("import pyodide_js\npyodide_js._module.HEAPU8.length")).value) / 2 ** 20;
      const filler = `# ${"x".repeat(97)}\n`.repeat(1_000); // 100 000 characters of comments
      const cell = (i: number) => `${filler}n = ${i}`;
      // Measured once the cache is full: from there a bounded cache stops growing, where an unbounded one
      // kept every cell (the leak: about 78 MiB over 400 such cells).
      for (let i = 0; i < 100; i++) expect((await own.run(cell(i))).ok).toBe(true);
      const heapBefore = await wasmHeapMiB();
      for (let i = 100; i < 400; i++) {
        const result = await own.run(cell(i));
        if (!result.ok) throw new Error(`cell ${i} failed: ${result.error}`);
      }
      const heapAfter = await wasmHeapMiB();
      const cached = await own.run(
        "import linecache\ncells = [v for k, v in linecache.cache.items() if k.startswith('<cell ')]\n(len(cells), sum(v[0] for v in cells))",
      );
      const [cells, chars] = JSON.parse(String(cached.value).replace(/^\(/, "[").replace(/\)$/, "]")) as [number, number];
      expect(cells).toBeLessThanOrEqual(50);
      expect(chars).toBeLessThanOrEqual(2_000_000 + 101_000);
      // Measured: a bounded cache keeps the heap flat (30 MiB before and after); keeping the 300 cells' cache
      // entries, as an unbounded cache does, grows it by 32 MiB.
      expect(heapBefore).toBeGreaterThan(0);
      expect(heapAfter - heapBefore).toBeLessThan(16);
      // a traceback still shows the lines of a large cell, and of a function defined in a recent one
      await own.run(`${filler}def fails():\n    return 1 / 0`);
      const failed = await own.run(`${filler}fails()`);
      expect(failed.error).toMatch(/line 1001, in <module>\n\s+fails\(\)/);
      expect(failed.error).toMatch(/line 1002, in fails\n\s+return 1 \/ 0/);
      await own.reset();
      const afterReset = await own.run("import linecache\n[name for name in linecache.cache if name.startswith('<cell ')]");
      expect(afterReset.value).toMatch(/^\['<cell \d+>'\]$/); // only this cell's own
    } finally {
      own.close();
    }
  }, 900_000); // 400 cells of 100 KB take 30 s on a quiet machine; generous for one under heavy load

  it("tells the next call that a call cancelled through the toolbox's signal lost the variables", async () => {
    const tools = createInterpreterTools({ languages: ["python"], python: { ...SHARED, timeoutMs: 10_000 } });
    const toolbox = createToolbox(tools.tools, { confirm: () => true });
    const call = (code: string, signal?: AbortSignal) =>
      toolbox.call({ name: "python", arguments: JSON.stringify({ code }) }, signal ? { signal } : {});
    try {
      expect(await call("kept = 1\n'set'")).toMatchObject({ ok: true, content: "'set'" });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const cancelled = await call("while True: pass", controller.signal);
      expect(cancelled).toMatchObject({ ok: false, error: { kind: "aborted" } });
      const next = await call("'kept' in globals()");
      expect(next.ok).toBe(true);
      expect(next.content).toMatch(/^\[The previous Python call was cancelled, .*every variable, function and import from earlier calls is gone\.\]\nFalse$/);
      expect((await call("1 + 1")).content).toBe("2");
    } finally {
      tools.close();
    }
  });

  it("times out three calls in a row at their 1 s limit, each naming it, and runs the next call", async () => {
    const strict = new PythonSession({ ...SHARED, timeoutMs: 1_000 });
    try {
      await strict.start();
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const cell = await strict.run("while True: pass");
        expect(cell).toMatchObject({ ok: false, errorKind: "timeout", stateLost: true });
        expect(cell.error).toMatch(/execution exceeded the 1 s time limit/);
        expect(performance.now() - started).toBeGreaterThan(900); // the code had its whole second
      }
      // the replacement may still be loading: the call waits for it outside its limit, then runs
      expect(await strict.run("6 * 7")).toMatchObject({ ok: true, value: "42" });
    } finally {
      strict.close();
    }
  }, 180_000);

  it("says when the next call will wait for a cold start, and that wait does not count against its limit", async () => {
    const cold = new PythonSession({ ...SHARED, timeoutMs: 1_000, warmSpare: false });
    try {
      await cold.start();
      const cell = await cold.run("while True: pass");
      expect(cell).toMatchObject({ ok: false, errorKind: "timeout", stateLost: true });
      expect(cell.error).toMatch(/the next call first waits for one to load \(a cold start, a few seconds\); that wait does not count against its time limit/);
      expect(await cold.run("1 + 1")).toMatchObject({ ok: true, value: "2" });
    } finally {
      cold.close();
    }
  }, 120_000);

  it("waits for a replacement interpreter outside the call's limit: held 3 s past a 1 s limit, the call still runs", async () => {
    // Options of its own (outputLimit), so warm spares of its own: the spare starts as soon as the first one
    // has loaded, and is held (SIGSTOP) before it can load, which no machine's speed changes.
    const held = new PythonSession({ ...SHARED, outputLimit: 2_017, timeoutMs: 1_000 });
    let spare: number | undefined;
    try {
      await held.start();
      const children = childrenWithOutputLimit(2_017);
      expect(children).toHaveLength(2);
      spare = children[0]!;
      process.kill(spare, "SIGSTOP");
      const timedOut = await held.run("while True: pass");
      expect(timedOut).toMatchObject({ ok: false, errorKind: "timeout", stateLost: true });
      expect(timedOut.error).toMatch(/that wait does not count against its time limit/);
      const heldSpare = spare;
      const letGo = setTimeout(() => process.kill(heldSpare, "SIGCONT"), 3_000);
      const started = performance.now();
      const next = await held.run("6 * 7");
      clearTimeout(letGo);
      expect(next).toMatchObject({ ok: true, value: "42" });
      expect(next.notice).toBeUndefined();
      expect(performance.now() - started).toBeGreaterThanOrEqual(3_000); // it did wait, three times its limit
    } finally {
      if (spare !== undefined) {
        try {
          process.kill(spare, "SIGCONT");
        } catch {
          // already gone
        }
      }
      held.close();
    }
  }, 120_000);

  it("bounds the wait for an interpreter by its start-up limit, with a message naming that limit", async () => {
    // Pyodide cannot load in 0.1 s on any machine (compiling its wasm alone takes longer)
    const slow = new PythonSession({ ...SHARED, outputLimit: 2_018, startupTimeoutMs: 100, warmSpare: false });
    try {
      const cell = await slow.run("1 + 1");
      expect(cell).toMatchObject({ ok: false, errorKind: "crashed" });
      expect(cell.error).toMatch(
        /^SystemError: the Python interpreter could not start, so the code did not run: Pyodide did not finish loading within its 0\.1 s start-up limit \(startupTimeoutMs\)/,
      );
    } finally {
      slow.close();
    }
  });

  it("restarts an interpreter left busy between calls, saying so instead of blaming the next call", async () => {
    // Options of its own (outputLimit) and no spare: its one child is found by its command line.
    const busy = new PythonSession({ timeoutMs: 2_000, isolateNetwork: false, warmSpare: false, outputLimit: 2_019 });
    try {
      // A task that swallows its cancellation outlives the cell; it spins once the call has returned.
      const cell = await busy.run(`import asyncio\n${STUBBORN_TASK}\nt = asyncio.ensure_future(stubborn())\nawait asyncio.sleep(0)\nkept = 1`);
      expect(cell.ok).toBe(true);
      const [child] = childrenWithOutputLimit(2_019);
      expect(child).toBeDefined();
      // Wait until the spin has really started (the idle child has used 300 ms of CPU since the call), however
      // long a loaded machine takes to schedule it: a call sent before would run first and never meet it.
      await cpuSpent(child!, 300);
      const next = await busy.run("1 + 1");
      // The spin is seen by the CPU share the idle child used; on a machine so loaded that the child got under
      // a quarter of a CPU it is not, and the call that meets it times out instead: state lost either way.
      expect(next.stateLost).toBe(true);
      if (next.ok) {
        expect(next.value).toBe("2");
        expect(next.notice).toMatch(/busy with leftover background work/);
      } else {
        expect(next.errorKind).toBe("timeout");
        expect(await busy.run("1 + 1")).toMatchObject({ ok: true, value: "2" });
      }
      expect(await busy.run("'kept' in globals()")).toMatchObject({ ok: true, value: "False" });
      expect((await busy.run("2 + 2")).notice).toBeUndefined();
    } finally {
      busy.close();
    }
  }, 300_000);

  it("truncates long output with a note", async () => {
    const cell = await session.run("print('x' * 10_000)");
    expect(cell.ok).toBe(true);
    expect(cell.truncated).toBe(true);
    expect(cell.output.length).toBeLessThan(2_200);
    expect(cell.output).toMatch(/\[output truncated: \d+ more characters not shown\]/);
  });

  it("sends escaped control characters and huge error type names without losing the interpreter", async () => {
    const wide = new PythonSession({ timeoutMs: 10_000, outputLimit: 20_000, isolateNetwork: false, warmSpare: false });
    try {
      expect((await wide.run("kept = 42")).ok).toBe(true);
      // JSON writes each control character as six: output and error at the limit are 240 000 characters on the wire.
      const control = await wide.run("print('\\x00' * 20000); raise ValueError('\\x01' * 20000)");
      expect(control).toMatchObject({ ok: false, errorKind: "exception" });
      expect(control.error).toMatch(/ValueError/);
      expect(control.stateLost).toBeFalsy();
      const named = await wide.run("raise type('E' * 400_000, (Exception,), {})()");
      expect(named).toMatchObject({ ok: false, errorKind: "exception" });
      expect(named.stateLost).toBeFalsy();
      expect(await wide.run("kept")).toMatchObject({ ok: true, value: "42" });
    } finally {
      wide.close();
    }
  }, 120_000);

  it("truncates a long value with a note", async () => {
    const cell = await session.run("'y' * 10_000");
    expect(cell.truncated).toBe(true);
    expect(cell.value!.length).toBeLessThan(2_200);
    expect(cell.value).toMatch(/\[output truncated: \d+ more characters not shown\]/);
  });
});
