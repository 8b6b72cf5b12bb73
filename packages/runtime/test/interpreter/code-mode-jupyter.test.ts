// Code mode through the jupyter backend: the tools' calls cross the kernel's stdin channel
// (input_request / input_reply), on the local sandboxed kernel and on a remote server by URL alike.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createInterpreterTools, type InterpreterTools } from "../../src/interpreter/create-tools.js";
import { CODE_MODE_LIMITS, codeModeFixture, pythonCallTests, untilWaitCalls } from "../support/code-mode-fixture.js";
import { startTestJupyterServer, type TestJupyterServer } from "../support/jupyter-server.js";

// A local Jupyter Server and a sandboxed kernel take seconds to start, more on a busy machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const fixture = codeModeFixture();
const { toolbox, approvals: asked, aborted } = fixture;

// A roomy code limit: a restarted kernel's first cells are slow on a loaded machine, and only the
// deadline test (which has a kernel of its own) is about the limit.
const tools = createInterpreterTools({
  backend: "jupyter",
  languages: ["python"],
  tools: toolbox,
  codeMode: { ...CODE_MODE_LIMITS, maxCallTimeMs: 20_000 },
  jupyter: { timeoutMs: 30_000, interruptGraceMs: 3_000 },
});
fixture.interpreters = tools;
const python = (code: string, signal = new AbortController().signal) => tools.tools[0]!.invoke({ code }, { signal }) as Promise<string>;
beforeAll(() => tools.python.start());
afterAll(() => tools.close());

pythonCallTests(fixture, { backend: "jupyter", interpreters: tools, label: "jupyter (local sandboxed kernel)" });

describe("jupyter (local sandboxed kernel) calling tools", () => {
  it("the tools module comes back when the code deletes or reloads it", async () => {
    expect(await python("import sys, importlib\ndel sys.modules['tools']\nimport tools\nimportlib.reload(tools).sums(1, 2)")).toBe("3");
  });

  it("the code's own input() and getpass() still fail at once; a raw stdin request gets end-of-file", async () => {
    const started = performance.now();
    expect(await python("input('name? ')")).toMatch(/StdinNotImplementedError: raw_input was called, but this frontend does not support input requests/);
    expect(await python("import getpass\ngetpass.getpass()")).toMatch(/StdinNotImplementedError/);
    // the kernel class's own raw_input (what the tools use) with an unmarked prompt: the host answers EOF
    expect(await python("k = get_ipython().kernel\ntype(k).raw_input(k, 'hello?')")).toMatch(/EOFError/);
    // a marked prompt that is not a valid request: an error reply, nothing called
    expect(await python("import json\nr = type(k).raw_input(k, '\\x00toolsmith:call\\x00{\"name\": 1}')\njson.loads(r)['kind']")).toBe("'invalid_json'");
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(await python("tools.sums(20, 22)")).toBe("42");
  });

  it("a request forged past the tools' lock while a call is out is refused without running anything", async () => {
    asked.length = 0;
    // The code sends two marked requests on the kernel's stdin socket itself, as the tools module would
    // but without its lock, and then reads both answers. One thread does all of it: a ZMQ socket is not
    // thread-safe, and two threads reading it at once (each in the kernel's raw_input) can split a reply
    // between them, so that neither returns - an attacker's own problem, but not what this tests.
    const out = await python(
      [
        "import json, time, zmq",
        "k = get_ipython().kernel",
        "ident, parent = k._parent_ident['shell'], k.get_parent('shell')",
        "def ask(name, args):",
        "    request = json.dumps({'name': name, 'args': json.dumps(args), 'main': True})",
        "    k.session.send(k.stdin_socket, 'input_request', {'prompt': '\\x00toolsmith:call\\x00' + request, 'password': False}, parent, ident=ident)",
        "ask('slow', {'ms': 500})",
        "ask('pay', {'to': 'bob', 'amount': 1})",
        "answers, give_up = [], time.monotonic() + 20",
        "while len(answers) < 2 and time.monotonic() < give_up:",
        "    if zmq.select([k.stdin_socket], [], [], 0.05)[0]:",
        "        _, reply = k.session.recv(k.stdin_socket)",
        "        if reply:",
        "            answers.append(json.loads(reply['content']['value']))",
        "for answer in answers:",
        "    print(answer.get('value') or answer.get('error'))",
      ].join("\n"),
    );
    // the host answers the forged request at once, and the call that was out when it came afterwards
    expect(out).toBe("pay was not called: another tool call is still out (calls go one at a time)\nslept 500");
    expect(asked).toEqual([]); // pay was never asked for, let alone run
    expect(await python("tools.sums(20, 22)")).toBe("42"); // and the next call gets its own answer
  });

  it("the code's deadline pauses while a call is out; past it, the cell still times out", async () => {
    // a 4 s code limit: the `slow` tool outlasts it, which the paused deadline must allow
    const tight = createInterpreterTools({
      backend: "jupyter",
      languages: ["python"],
      tools: toolbox,
      codeMode: { maxCallTimeMs: 20_000 },
      jupyter: { timeoutMs: 4_000, interruptGraceMs: 3_000 },
    });
    const run = (code: string) => tight.tools[0]!.invoke({ code }, { signal: new AbortController().signal }) as Promise<string>;
    try {
      expect(await run("from tools import slow\nslow(5000)")).toBe("'slept 5000'");
      const stuck = await run("x_before = 1\nwhile True:\n    pass");
      expect(stuck).toMatch(/TimeoutError: the code ran longer than 4 s and was interrupted/);
      expect(await run("import tools\nx_before + tools.sums(1)")).toBe("3");
    } finally {
      await tight.close();
    }
  }, 240_000);

  it("a call after the run ended fails in the guest; a thread's call still out at the end is answered; state is kept", async () => {
    await python(
      [
        "import sys, threading, time, tools",
        "late = {}",
        "def later(key, call):",
        "    try:",
        "        late[key] = call()",
        "    except tools.ToolError as e:",
        "        late[key] = f'{type(e).__name__}: {e}'",
        "threading.Thread(target=later, args=('out', lambda: tools.call('wait'))).start()",
        "threading.Thread(target=later, args=('after', lambda: (time.sleep(0.5), tools.sums(1, 2)))).start()",
        // the run ends with the wait call out: once the thread holds the calls' lock its request is sent
        "while not sys.modules['_toolsmith']._call_lock.locked():",
        "    time.sleep(0.005)",
        "time.sleep(0.3)",
      ].join("\n"),
    );
    // Until both threads have their answers, asked by runs without tools (a thread's call during one of
    // them fails as after the end, so asking cannot change the answers).
    await vi.waitFor(async () => expect((await tools.python.run("len(late)")).value).toBe("2"), { timeout: 60_000, interval: 200 });
    const after = await python("print(late['out'])\nprint(late['after'])\ntools.sums(4, 4)");
    expect(after).toBe("ToolError: wait was cancelled: the code's run has ended\nToolError: sums was not called: the code's run has ended\n8");
    expect(aborted.at(-1)).toMatch(/run ended/);
  });

  it("a cancelled run with a call out: the tool's signal aborts, the kernel is interrupted, later calls get their own answers", async () => {
    aborted.length = 0;
    const controller = new AbortController();
    const waits = fixture.calls.wait;
    const cancelled = python("kept = 7\ntools.call('wait')", controller.signal);
    await untilWaitCalls(fixture, waits + 1);
    controller.abort(new Error("stop"));
    expect(await cancelled).toMatch(/Cancelled: the call was cancelled and was interrupted/);
    expect(aborted).toHaveLength(1);
    // no stale answer reaches the next calls
    expect(await python("[tools.sums(i, 0) for i in range(5)], kept")).toBe("([0, 1, 2, 3, 4], 7)");
  });

  it("a kernel that dies during a run with tools is reported; the restarted kernel gets the tools again", async () => {
    // Its own kernel with a roomy limit: a restarted kernel's first cells are slow on a loaded machine,
    // and the limit is not what this tests.
    const roomy = createInterpreterTools({ backend: "jupyter", languages: ["python"], tools: toolbox, jupyter: { timeoutMs: 60_000 } });
    const run = (code: string) => roomy.tools[0]!.invoke({ code }, { signal: new AbortController().signal }) as Promise<string>;
    try {
      const died = await run("import os, tools\ntools.sums(1)\nos._exit(1)");
      expect(died).toMatch(/restarted/);
      // the code broke the helper module before the first run with tools: it is loaded again
      expect((await roomy.python.run("import sys\nsys.modules['_toolsmith'] = None")).ok).toBe(true);
      expect(await run("from tools import sums\nsums(40, 2)")).toBe("42");
    } finally {
      await roomy.close();
    }
  }, 240_000);

  it("a kernel the tools cannot be set up in is restarted at the next call", async () => {
    await tools.python.run("import os\nos._exit(1)");
    expect((await tools.python.run("import json\njson.loads = None")).ok).toBe(true); // on the restarted kernel
    expect(await python("1")).toMatch(/^SystemError: the tools could not be set up in the kernel: /);
    // The first call on the restarted kernel is answered: its request waits in the kernel until the new
    // connection's stdin socket is connected (it used to be dropped now and then under load).
    const next = await python("from tools import sums\nsums(40, 2)");
    expect(next).toMatch(/^\[The Python kernel stopped after the previous call and was restarted: .*\]\n42$/);
    expect(await python("from tools import sums\nsums(40, 2)")).toBe("42");
  }, 300_000);

  it("a call made while the host's stdin socket is not connected waits for it instead of being lost", async () => {
    // Right after a restart the kernel can send its first input request before the new connection's stdin
    // socket is connected, and its stdin ROUTER drops such a request without a word. Here the request is
    // addressed to a peer that is not connected for half a second (the kernel's own record of who sent
    // the cell), then to the host again: the call must wait for the route and be answered, not hang.
    const out = await python(
      [
        "import threading, tools",
        "k = get_ipython().kernel",
        "host = k._parent_ident['shell']",
        "k._parent_ident['shell'] = [b'toolsmith-test-not-connected']",
        "threading.Timer(0.5, k._parent_ident.__setitem__, ('shell', host)).start()",
        "tools.sums(40, 2)",
      ].join("\n"),
    );
    expect(out).toBe("42"); // a lost request would end in the cell's TimeoutError
  });

  it("a kernel restarted because a cell would not stop answers the first tool call on its new connection", async () => {
    // Restarted through the server's REST API while busy: the new connection is accepted before the new
    // kernel listens, and its sockets connect while it starts (see kernelInfo in channels.ts, bridge.ts).
    const tight = createInterpreterTools({ backend: "jupyter", languages: ["python"], tools: toolbox, jupyter: { timeoutMs: 8_000, interruptGraceMs: 1_000 } });
    const run = (code: string) => tight.tools[0]!.invoke({ code }, { signal: new AbortController().signal }) as Promise<string>;
    try {
      expect(await run("from tools import sums\nsums(1, 1)")).toBe("2");
      const stuck = await run("import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    time.sleep(0.05)");
      expect(stuck).toMatch(/did not stop when interrupted, so the kernel was restarted/);
      expect(await run("from tools import sums\nsums(40, 2)")).toBe("42");
    } finally {
      await tight.close();
    }
  }, 240_000);

  it("a run without tools still refuses input at once, and has no tools module bridge", async () => {
    const cell = await tools.python.run("input('x')");
    expect(cell.error).toMatch(/StdinNotImplementedError/);
    const call = await tools.python.run("import tools\ntools.sums(1, 2)");
    expect(call.error).toMatch(/ToolError: sums was not called: the code's run has ended/);
  });
});

describe("jupyter (remote server by URL) calling tools", () => {
  let remote: TestJupyterServer;
  let client: InterpreterTools;
  beforeAll(async () => {
    remote = await startTestJupyterServer();
    client = createInterpreterTools({ backend: "jupyter", languages: ["python"], tools: toolbox, jupyter: { url: remote.url, token: remote.token, timeoutMs: 60_000 } });
  });
  afterAll(async () => {
    client?.close();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await remote?.stop();
  });

  it("calls the tools through the gateway's stdin channel too", async () => {
    const run = (code: string) => client.tools[0]!.invoke({ code }, { signal: new AbortController().signal }) as Promise<string>;
    expect(await run("from tools import sums\nt = 0\nfor i in range(1, 101):\n    t = sums(t, i)\nprint(t)")).toBe("5050");
    asked.length = 0;
    expect(await run("from tools import pay, ToolRefused\ntry:\n    pay('eve', 1)\nexcept ToolRefused as e:\n    print(e)")).toBe("#FAIL# (pay was not run: the user did not approve it)");
    expect(asked).toEqual([{ to: "eve", amount: 1 }]);
    expect(await run("input()")).toMatch(/StdinNotImplementedError/);
  });
});
