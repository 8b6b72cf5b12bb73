// `toolsmith mcp --interpreters --code-mode`: a `@confirm` tool called from the model's sandboxed code asks
// the human through MCP elicitation, per call, exactly as a direct call of that tool does. Real clients (the
// SDK's own) over stdio, Streamable HTTP and an in-memory pair; real Pyodide and QuickJS behind them.
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createInterpreterTools, interpreterToolShapes } from "../../src/interpreter/create-tools.js";
import { closeWarmSpares } from "../../src/interpreter/python-session.js";
import { createMcpServer, sessionInterpreters } from "../../src/mcp/index.js";
import type { ToolSpec } from "../../src/registry.js";
import { createToolbox } from "../../src/toolbox.js";
import { connectStdio, httpTransport, makeClient, startHttpCli, toolText, type Connection, type HumanAnswer } from "./connect.js";
import { registry } from "./registry-fixture.js";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });
afterAll(() => closeWarmSpares());

const approve: ElicitResult = { action: "accept", content: { approve: true } };

/** Approves the code and every call, except those whose arguments target "b". */
const approvesButB: HumanAnswer = (request) => (request.message.includes('"target": "b"') ? { action: "decline" } : approve);

const PYTHON = [
  "from tools import wipe, ToolRefused",
  "print(wipe('a'))",
  "try:",
  "    wipe('b')",
  "except ToolRefused as e:",
  "    print(type(e).__name__, e)",
].join("\n");
const JAVASCRIPT = "const r = [await tools.wipe({ target: 'c' })]; try { await tools.wipe({ target: 'b' }) } catch (e) { r.push(e.name + ': ' + e.message) } r";

/** Waits until `ready()` holds (polling), failing after `ms`. */
async function until(ready: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `toolsmith mcp ... --http` as a process, with a client of its own connected. */
async function connectHttpCli(human: HumanAnswer, args: readonly string[]): Promise<Connection> {
  const token = "code-mode-confirm-test-token-0123456789";
  const cli = await startHttpCli(["--port", "0", "--token", token, ...args], (stderr) => /client configuration[\s\S]*\n$/.test(stderr));
  const { url } = cli;
  const { client, asked } = makeClient(human);
  await client.connect(httpTransport(url, token));
  return {
    client,
    asked,
    stderr: cli.stderr,
    async close() {
      await client.close();
      await cli.stop();
    },
  };
}

describe("toolsmith mcp --interpreters --code-mode: @confirm tools called from code ask the client", () => {
  const transports: [string, (human: HumanAnswer) => Promise<Connection>][] = [
    ["stdio", (human) => connectStdio(human, ["--interpreters", "--code-mode"])],
    ["Streamable HTTP", (human) => connectHttpCli(human, ["--interpreters", "--code-mode"])],
  ];
  it.each(transports)("over %s: each call is asked with its tool and arguments; accept runs it, decline raises #FAIL# in the guest", async (_name, connect) => {
    const connection = await connect(approvesButB);
    try {
      const python = await connection.client.callTool({ name: "python", arguments: { code: PYTHON } });
      expect(python.isError).toBeFalsy();
      expect(toolText(python)).toBe("wiped a\nToolRefused #FAIL# (wipe was not run: the user did not approve it)");
      // One question for the code, then one per call from it, each naming the tool and its arguments.
      const messages = connection.asked.map((question) => question.message);
      expect(messages).toHaveLength(3);
      expect(messages[0]).toContain("The model wants to run python");
      expect(messages[0]).toContain("print(wipe('a'))");
      expect(messages[1]).toContain("The model wants to run wipe (Deletes everything (needs a human's approval))");
      expect(messages[1]).toContain('"target": "a"');
      expect(messages[2]).toContain('"target": "b"');

      const javascript = await connection.client.callTool({ name: "javascript", arguments: { code: JAVASCRIPT } });
      expect(toolText(javascript)).toBe('["wiped c", "ToolRefused: #FAIL# (wipe was not run: the user did not approve it)"]');
      expect(connection.asked.slice(3).map((question) => /"target": "(\w)"/.exec(question.message)?.[1] ?? "code")).toEqual(["code", "c", "b"]);
    } finally {
      await connection.close();
    }
  });

  it("a client without elicitation gets a clear refusal at once, and --yes approves the code and each call", async () => {
    const refused = await connectStdio("cannot be asked", ["--interpreters", "--code-mode"]);
    try {
      const result = await refused.client.callTool({ name: "python", arguments: { code: PYTHON } });
      expect(result.isError).toBe(true);
      expect(toolText(result)).toBe(
        "#FAIL# python was not run: the confirmation failed: this MCP client cannot ask for approval (no elicitation support); start the server with --yes to approve such calls",
      );
    } finally {
      await refused.close();
    }
    const approved = await connectStdio("cannot be asked", ["--interpreters", "--code-mode", "--yes"]);
    try {
      const result = await approved.client.callTool({ name: "javascript", arguments: { code: "[await tools.wipe({ target: 'a' }), await tools.wipe({ target: 'b' })]" } });
      expect(toolText(result)).toBe('["wiped a", "wiped b"]');
    } finally {
      await approved.close();
    }
  });

  it("cancelling the request while a call from code awaits its confirmation withdraws the question; the server keeps working", async () => {
    let withdrawn = 0;
    const human: HumanAnswer = (request, signal) => {
      if (!request.message.includes('"target": "slowly"')) return approve;
      // Never answered: only the server withdrawing the question ends it.
      return new Promise<ElicitResult>((resolve) =>
        signal.addEventListener("abort", () => {
          withdrawn += 1;
          resolve({ action: "cancel" });
        }),
      );
    };
    const connection = await connectStdio(human, ["--interpreters", "--code-mode"]);
    try {
      const controller = new AbortController();
      const pending = connection.client.callTool({ name: "javascript", arguments: { code: "await tools.wipe({ target: 'slowly' })" } }, undefined, { signal: controller.signal });
      await until(() => connection.asked.some((question) => question.message.includes('"target": "slowly"')));
      controller.abort();
      await expect(pending).rejects.toThrow();
      await until(() => withdrawn === 1);
      const next = await connection.client.callTool({ name: "javascript", arguments: { code: "[await tools.add({ a: 2, b: 3 }), await tools.wipe({ target: 'd' })]" } });
      expect(toolText(next)).toMatch(/\[5, "wiped d"\]$/);
    } finally {
      await connection.close();
    }
  });
});

describe("code mode over MCP: the run's deadline passes while a confirmation is pending", () => {
  it("withdraws the question, raises in the guest, and the next run works", async () => {
    const interpreters = createInterpreterTools({ tools: createToolbox(registry), codeMode: { maxCallTimeMs: 1_500 } });
    const server = createMcpServer(createToolbox(interpreters.tools));
    let withdrawn = 0;
    const { client, asked } = makeClient((request, signal) => {
      if (!request.message.includes('"target": "late"')) return approve;
      return new Promise<ElicitResult>((resolve) =>
        signal.addEventListener("abort", () => {
          withdrawn += 1;
          resolve({ action: "cancel" });
        }),
      );
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    await client.connect(clientSide);
    try {
      const limit = "wipe was cancelled: this run's tool calls reached their 1500 ms limit";
      for (const [language, code, expected] of [
        ["javascript", "try { await tools.wipe({ target: 'late' }) } catch (e) { e.name + ': ' + e.message }", `"ToolError: ${limit}"`],
        ["python", "import tools\ntry:\n    tools.wipe('late')\nexcept tools.ToolError as e:\n    print(type(e).__name__, e)", `ToolLimitError ${limit}`],
      ] as const) {
        withdrawn = 0;
        const result = await client.callTool({ name: language, arguments: { code } });
        expect(toolText(result)).toBe(expected);
        expect(withdrawn).toBe(1);
        const next = await client.callTool({ name: language, arguments: { code: language === "python" ? "tools.wipe('e')" : "await tools.wipe({ target: 'e' })" } });
        expect(toolText(next)).toBe(language === "python" ? "'wiped e'" : '"wiped e"');
      }
      expect(asked.filter((question) => question.message.includes('"target": "e"'))).toHaveLength(2);
    } finally {
      await client.close();
      await server.close();
      interpreters.close();
    }
  });
});

describe("code mode over MCP, code runs not gated (the server trusts the sandbox)", () => {
  it("a client without elicitation: each @confirm call from code raises a clear refusal in the guest; others run", async () => {
    const interpreters = createInterpreterTools({ languages: ["javascript"], tools: createToolbox(registry) });
    const server = createMcpServer(createToolbox(interpreters.tools.map((tool) => ({ ...tool, confirm: false }))));
    const { client, asked } = makeClient("cannot be asked");
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    await client.connect(clientSide);
    try {
      const result = await client.callTool({
        name: "javascript",
        arguments: { code: "let r; try { r = await tools.wipe({ target: 'a' }) } catch (e) { r = e.name + ': ' + e.message } [r, await tools.add({ a: 1 })]" },
      });
      expect(toolText(result)).toBe(
        '["ToolRefused: #FAIL# (wipe was not run: the confirmation failed: this MCP client cannot ask for approval (no elicitation support); start the server with --yes to approve such calls)", 2]',
      );
      expect(asked).toEqual([]);
    } finally {
      await client.close();
      await server.close();
      interpreters.close();
    }
  });
});

describe("the interpreter tools as listed, without opening sessions", () => {
  it("interpreterToolShapes gives what createInterpreterTools offers, minus invoke", () => {
    const options = { tools: createToolbox(registry), outDir: "/tmp/toolsmith-shapes-out" } as const;
    const opened = createInterpreterTools(options);
    try {
      const shapes = interpreterToolShapes(options);
      expect(shapes.map((shape) => ({ ...shape }))).toEqual(opened.tools.map(({ invoke: _invoke, ...shape }) => shape));
      expect(shapes[0]?.description).toContain("def wipe(");
      expect(shapes.every((shape) => shape.confirm === true)).toBe(true);
      expect(interpreterToolShapes({ languages: ["javascript"] }).map((shape) => shape.name)).toEqual(["javascript"]);
    } finally {
      opened.close();
    }
  });

  it("sessionInterpreters with specs opens nothing until a session's first call", async () => {
    let opened = 0;
    const options = { languages: ["javascript"] } as const;
    const pool = sessionInterpreters({
      specs: interpreterToolShapes(options),
      open: () => {
        opened += 1;
        return createInterpreterTools(options);
      },
    });
    const session = pool.forSession();
    try {
      expect(session.tools.map((tool) => tool.name)).toEqual(["javascript"]);
      expect(opened).toBe(0);
      const box = createToolbox(session.tools as unknown as ToolSpec[], { confirm: () => true });
      const result = await box.call({ name: "javascript", arguments: { code: "6 * 7" } });
      expect(result.content).toBe("42");
      expect(opened).toBe(1);
    } finally {
      session.close();
      pool.close();
    }
  });
});
