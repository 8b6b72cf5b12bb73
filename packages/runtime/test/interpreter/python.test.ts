import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Pyodide cold starts (and restarts) take seconds, more on a busy machine running every test file at once.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import type { CellResult } from "../../src/interpreter/cell.js";
import { closeWarmSpares, PythonSession } from "../../src/interpreter/python-session.js";

// One session for the whole file: Pyodide loads once (a crash or timeout swaps in the warm spare).
// The network namespace is off so that the in-child guards alone are what is being tested.
const session = new PythonSession({ timeoutMs: 2_000, outputLimit: 2_000, isolateNetwork: false });

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

  it("a raw posix.system ends the child, which is reported and replaced", async () => {
    await session.run("kept = 1");
    const cell = await session.run(`import posix\nposix.system('touch ${secretFile}.touched')`);
    expect(existsSync(`${secretFile}.touched`)).toBe(false);
    expect(cell).toMatchObject({ ok: false, errorKind: "crashed", stateLost: true });
    expect(cell.error).toMatch(/restarted/);
    expect((await session.run("'kept' in globals()")).value).toBe("False");
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
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const cell = await session.run("while True: pass", { signal: controller.signal });
    expect(cell).toMatchObject({ ok: false, errorKind: "crashed", stateLost: true });
    expect(cell.error).toMatch(/the call was cancelled/);
    expect((await session.run("2 + 2")).value).toBe("4");
  });

  it("turns an allocation bomb into MemoryError and stays usable", async () => {
    for (const bomb of ["bytearray(10**9)", "[0] * (10**9)"]) {
      const cell = await session.run(bomb);
      expect(cell).toMatchObject({ ok: false, errorKind: "memory" });
      expect(cell.error).toMatch(/MemoryError/);
    }
    expect((await session.run("len(bytearray(10**7))")).value).toBe("10000000");
  });

  it("kills an interpreter whose memory grows outside the wasm cap", async () => {
    const small = new PythonSession({ timeoutMs: 10_000, processMemoryLimitMb: 450, isolateNetwork: false });
    try {
      // a JS-side buffer is outside both the wasm grow() cap and V8's heap limit: only the host's RSS watch stops it
      const cell = await small.run(
        ["import pyodide_js", "Uint8Array = pyodide_js._module.HEAPU8.constructor", "Uint8Array.new(2 * 10**9).fill(1)"].join("\n"),
      );
      expect(cell).toMatchObject({ ok: false, errorKind: "memory", stateLost: true });
      expect(cell.error).toMatch(/MiB limit/);
      expect((await small.run("1 + 1")).value).toBe("2");

      // the same from a callback scheduled to run after the call returned (background tasks are cancelled
      // when their cell ends, a plain loop callback is not): the next call says the state is gone
      const scheduled = await small.run(
        [
          "import asyncio, pyodide_js",
          "Uint8Array = pyodide_js._module.HEAPU8.constructor",
          "task = asyncio.get_event_loop().call_later(0.2, lambda: Uint8Array.new(2 * 10**9).fill(1))",
          "'scheduled'",
        ].join("\n"),
      );
      expect(scheduled.value).toBe("'scheduled'");
      await new Promise((resolve) => setTimeout(resolve, 3_000));
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

  it("restarts an interpreter left busy between calls, saying so instead of blaming the next call", async () => {
    const busy = new PythonSession({ timeoutMs: 2_000, isolateNetwork: false, warmSpare: false });
    try {
      // A plain loop callback is not a task, so it outlives the cell; it spins once the call has returned.
      const cell = await busy.run("import asyncio\ndef spin():\n    while True: pass\nasyncio.get_event_loop().call_later(0.05, spin)\nkept = 1");
      expect(cell.ok).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 600));
      const next = await busy.run("1 + 1");
      expect(next).toMatchObject({ ok: true, value: "2", stateLost: true });
      expect(next.notice).toMatch(/busy with leftover background work/);
      expect(await busy.run("'kept' in globals()")).toMatchObject({ ok: true, value: "False" });
      expect((await busy.run("2 + 2")).notice).toBeUndefined();
    } finally {
      busy.close();
    }
  }, 120_000);

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
