// Each MCP session gets interpreters of its own: client B never reads what client A set, a session's
// interpreters stop with it, and at most `max` sessions have live interpreters at once.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createInterpreterTools } from "../../src/interpreter/index.js";
import { createToolbox } from "../../src/toolbox.js";
import type { ToolSpec } from "../../src/registry.js";
import { serveMcp, sessionInterpreters, type McpServerHandle, type SessionInterpreters, type SessionToolbox } from "../../src/mcp/index.js";
import { cliPath, httpTransport, registryPath, repoRoot, toolText } from "./connect.js";

interface Peer {
  readonly client: Client;
  readonly transport: StreamableHTTPClientTransport;
  run(code: string): Promise<{ text: string; isError: boolean }>;
}

async function peer(handle: { url?: string; token?: string }, language = "javascript"): Promise<Peer> {
  const client = new Client({ name: "peer", version: "1" });
  const transport = httpTransport(handle.url ?? "", handle.token);
  await client.connect(transport);
  return {
    client,
    transport,
    async run(code) {
      const result = await client.callTool({ name: language, arguments: { code } }, undefined, { timeout: 120_000 });
      return { text: toolText(result), isError: result.isError === true };
    },
  };
}

/** A server whose every session has its own JavaScript interpreter, from `pool`. */
function serveWith(pool: SessionInterpreters, options: { sessionIdleMs?: number } = {}): Promise<McpServerHandle> {
  return serveMcp(
    (): SessionToolbox => {
      const own = pool.forSession();
      const toolbox = createToolbox(own.tools as unknown as readonly ToolSpec<never, unknown>[]);
      return { specs: toolbox.specs, call: (call, opts) => toolbox.call(call, opts), close: own.close };
    },
    { transport: "http", port: 0, approveAll: true, ...options },
  );
}

const javascriptOnly = () => createInterpreterTools({ languages: ["javascript"] });

describe("interpreters per MCP session", () => {
  let pool: SessionInterpreters;
  let handle: McpServerHandle;
  beforeAll(async () => {
    pool = sessionInterpreters({ max: 2, open: javascriptOnly });
    handle = await serveWith(pool);
  });
  afterAll(async () => {
    await handle.close();
    pool.close();
  });

  it("keeps one client's variables from another, and evicts the least recently used idle one at the limit, saying so", async () => {
    const [a, b, c] = [await peer(handle), await peer(handle), await peer(handle)];
    expect((await a.run("var secret = 'from A'; secret")).text).toContain("from A");
    expect((await b.run("typeof secret")).text).toContain("undefined");
    expect((await a.run("secret")).text).toContain("from A");
    expect(pool.live).toBe(2);

    const third = await c.run("var mine = 3; mine"); // a third live session: b was used least recently
    expect(third.text).toContain("3");
    expect(pool.live).toBe(2);
    const after = await b.run("typeof secret");
    expect(after.text).toMatch(/^Note: this client's interpreters were stopped .* every variable/);
    // b's comeback took the place of a (idle longer than c): a is told its state is gone.
    expect((await a.run("typeof secret")).text).toMatch(/^Note: .*\n\n[\s\S]*undefined/);
    expect((await a.run("typeof secret")).text).not.toContain("Note:"); // said once
    for (const p of [a, b, c]) await p.client.close();
  }, 60_000);

  it("stops a session's interpreters when the session ends (DELETE)", async () => {
    const before = pool.live;
    const a = await peer(handle);
    await a.run("1 + 1");
    expect(pool.live).toBe(Math.min(before + 1, 2));
    await a.transport.terminateSession();
    await a.client.close();
    await vi.waitFor(() => expect(pool.live).toBe(Math.min(before + 1, 2) - 1), { timeout: 10_000 });
  });
});

describe("the interpreter limit", () => {
  it("refuses a newcomer's call while every live interpreter is running, with a message the model can read", async () => {
    const pool = sessionInterpreters({ max: 1, open: javascriptOnly });
    const handle = await serveWith(pool);
    try {
      const [a, b] = [await peer(handle), await peer(handle)];
      const busy = a.run("const until = Date.now() + 1500; while (Date.now() < until) {} 'done'");
      await vi.waitFor(() => expect(pool.live).toBe(1)); // a's interpreter is open and running its loop
      const refused = await b.run("1");
      expect(refused.isError).toBe(true);
      expect(refused.text).toContain("all 1 interpreter slots of this server are running other clients' code");
      expect((await busy).text).toContain("done");
      expect((await b.run("40 + 2")).text).toContain("42"); // free again: b takes the slot
      await Promise.all([a.client.close(), b.client.close()]);
    } finally {
      await handle.close();
      pool.close();
    }
  }, 30_000);

  it("stops the interpreters of a client that went away without DELETE once its session is idle", async () => {
    const pool = sessionInterpreters({ max: 2, open: javascriptOnly });
    const handle = await serveWith(pool, { sessionIdleMs: 200 });
    try {
      const a = await peer(handle);
      await a.run("1");
      expect(pool.live).toBe(1);
      await a.client.close(); // the SDK sends no DELETE
      await vi.waitFor(() => expect(pool.live).toBe(0), { timeout: 10_000 });
    } finally {
      await handle.close();
      pool.close();
    }
  });
});

describe("toolsmith mcp --http --interpreters, as a process", () => {
  it("gives each client its own Python", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=source", cliPath, registryPath, "--http", "--interpreters", "--yes"], {
      cwd: repoRoot,
      env: { ...process.env, TOOLSMITH_MCP_TOKEN: "" }, // so it generates one
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    try {
      const handle = await new Promise<{ url: string; token: string }>((resolve, reject) => {
        child.stderr.on("data", (c: Buffer) => {
          stderr += c.toString("utf8");
          const url = /at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1];
          const token = /bearer token .*: (\S+)\n/.exec(stderr)?.[1];
          if (url !== undefined && token !== undefined) resolve({ url, token });
        });
        child.once("exit", (code) => reject(new Error(`exited ${String(code)}: ${stderr}`)));
      });
      const [a, b] = [await peer(handle, "python"), await peer(handle, "python")];
      expect((await a.run("secret = 'from A'\nsecret")).text).toContain("from A");
      const other = await b.run("secret");
      expect(other.text).toContain("NameError");
      expect((await a.run("secret")).text).toContain("from A");
      await Promise.all([a.client.close(), b.client.close()]);
    } finally {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
  }, 180_000);
});
