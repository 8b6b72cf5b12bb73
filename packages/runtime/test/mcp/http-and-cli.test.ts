import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToolbox } from "../../src/toolbox.js";
import { loadRegistry, runMcpCommand, serveMcp, type McpServerHandle } from "../../src/mcp/index.js";
import { objectOutputSchema } from "../../src/mcp/server.js";
import { registry } from "./registry-fixture.js";
import { httpTransport, registryPath, startHttpCli, toolText } from "./connect.js";
import { initializeBody, jsonHeaders, send } from "./raw-http.js";

const initialize = initializeBody;
const baseHeaders = jsonHeaders;

describe("the HTTP endpoint", () => {
  let handle: McpServerHandle;
  let url: string;
  let mcpHeaders: Record<string, string>;
  beforeAll(async () => {
    handle = await serveMcp(createToolbox(registry), { transport: "http", port: 0 });
    url = handle.url ?? "";
    mcpHeaders = { ...baseHeaders, authorization: `Bearer ${handle.token ?? ""}` };
  });
  afterAll(async () => {
    await handle.close();
  });

  it("listens on 127.0.0.1 at /mcp by default", () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it.each([
    ["a foreign Host header (DNS rebinding)", { method: "POST", headers: { host: "evil.example:80" }, body: initialize }, "/mcp", 403, "not allowed"],
    ["an unknown session", { method: "POST", headers: { "mcp-session-id": "nope" }, body: initialize }, "/mcp", 404, "Session not found"],
    ["a first request that is not initialize", { method: "POST", headers: {}, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }) }, "/mcp", 400, "initialize"],
    ["a GET without a session", { method: "GET", headers: { accept: "text/event-stream" } }, "/mcp", 400, "initialize"],
    ["another path", { method: "POST", headers: {}, body: initialize }, "/other", 404, "/mcp"],
  ])("refuses %s", async (_label, init, path, status, fragment) => {
    const response = await send(url.replace(/\/mcp$/, path), { ...init, headers: { ...mcpHeaders, ...init.headers } });
    expect(response.status).toBe(status);
    expect(response.body).toContain(fragment);
  });

  it("keeps idle connections for 65 s, so a busy client never reuses one the server is closing", async () => {
    // Node states the server's keepAliveTimeout on its own responses (the SDK's set no hint).
    const response = await send(url, { method: "POST", headers: baseHeaders, body: initialize });
    expect(response.status).toBe(401);
    expect(response.headers["keep-alive"]).toBe("timeout=65");
  });

  it("opens a session for an initialize request", async () => {
    const response = await send(url, { method: "POST", headers: mcpHeaders, body: initialize });
    expect(response.status).toBe(200);
    expect(response.body).toContain('"serverInfo"');
  });
});

describe("HTTP sessions", () => {
  // These servers go without a token (loopback): the token is tested in http-abuse.test.ts.
  const mcpHeaders = baseHeaders;
  /** Opens a session with a raw initialize request; returns its id. */
  async function open(url: string): Promise<string> {
    const response = await fetch(url, { method: "POST", headers: mcpHeaders, body: initialize });
    await response.text();
    expect(response.status).toBe(200);
    return response.headers.get("mcp-session-id") ?? "";
  }
  const list = (url: string, id: string) =>
    send(url, { method: "POST", headers: { ...mcpHeaders, "mcp-session-id": id, "mcp-protocol-version": "2025-06-18" }, body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }) });

  it("closes a session left idle past sessionIdleMs", async () => {
    const handle = await serveMcp(createToolbox(registry), { transport: "http", port: 0, token: false, sessionIdleMs: 100 });
    try {
      const url = handle.url ?? "";
      const id = await open(url);
      expect((await list(url, id)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const expired = await list(url, id);
      expect(expired.status).toBe(404);
      expect(expired.body).toContain("Session not found");
    } finally {
      await handle.close();
    }
  });

  it("keeps at most maxSessions, closing the longest idle (past the grace period) for a new one", async () => {
    const handle = await serveMcp(createToolbox(registry), { transport: "http", port: 0, token: false, maxSessions: 2, sessionGraceMs: 0 });
    try {
      const url = handle.url ?? "";
      const first = await open(url);
      const second = await open(url);
      expect((await list(url, first)).status).toBe(200); // first is now the more recently used
      const third = await open(url);
      expect((await list(url, second)).status).toBe(404);
      expect((await list(url, first)).status).toBe(200);
      expect((await list(url, third)).status).toBe(200);
    } finally {
      await handle.close();
    }
  });
});

describe("toolsmith mcp arguments", () => {
  it.each([
    [[], 2, "missing the registry module"],
    [["a.ts", "b.ts"], 2, "one registry module expected"],
    [["a.ts", "--port", "x"], 2, "--port needs a port number"],
    [["a.ts", "--port", "80"], 2, "--host/--port/--path need --http"],
    [["a.ts", "--token", "abc"], 2, "--token need --http"],
    [["a.ts", "--http", "--no-token", "--token", "abc"], 2, "contradict"],
    [["a.ts", "--http", "--host", "127.0.0.2", "--no-token", "--allowed-hosts", "127.0.0.2"], 2, "--no-token is allowed only on loopback"],
    [["a.ts", "--http", "--host", "0.0.0.0"], 2, "--host 0.0.0.0 needs --allowed-hosts"],
    [["a.ts", "--http", "--stateless", "--interpreters"], 2, "cannot serve --interpreters"],
    [["a.ts", "--http", "--max-sessions", "0"], 2, "--max-sessions needs a positive whole number"],
    [["a.ts", "--http", "--allowed-hosts", ","], 2, "--allowed-hosts needs a comma-separated list"],
    [["a.ts", "--frobnicate"], 2, "unknown option --frobnicate"],
    [["does/not/exist.ts"], 1, "no such registry module"],
    [["--help"], 0, "Usage: toolsmith mcp"],
  ])("%j exits %i saying %s", async (argv, code, fragment) => {
    let stderr = "";
    const exit = await runMcpCommand(argv, { stderr: (t) => void (stderr += t) });
    expect(exit).toBe(code);
    expect(stderr).toContain(fragment);
  });

  it("loads a registry module's tools", async () => {
    const tools = await loadRegistry(registryPath);
    expect(tools.map((t) => t.name)).toEqual(Object.keys(registry));
  });

  it("says what a module without a registry exports", async () => {
    await expect(loadRegistry(new URL("./connect.ts", import.meta.url).pathname)).rejects.toThrow(/exports no `registry` \(exports: .*connectHttp/);
  });
});

describe("output schemas", () => {
  it.each([
    ["an object", { type: "object", properties: { a: { type: "string" } } }, true],
    ["a $ref to an object (named return type)", { $ref: "#/$defs/P", $defs: { P: { type: "object", properties: {} } } }, true],
    ["a number", { type: "integer" }, false],
    ["an array", { type: "array", items: { type: "string" } }, false],
    ["a union of objects", { anyOf: [{ type: "object", properties: {} }, { type: "null" }] }, false],
  ])("%s -> outputSchema: %s", (_label, returns, expected) => {
    const schema = objectOutputSchema(returns);
    expect(schema !== undefined).toBe(expected);
    if (schema !== undefined) expect(schema.type).toBe("object");
  });
});

describe("toolsmith mcp --http, as a process", () => {
  it("prints its URL on stderr, serves a client there, and exits 0 on SIGTERM", async () => {
    // An empty $TOOLSMITH_MCP_TOKEN, so it generates one.
    const cli = await startHttpCli(["--port", "0"], (stderr) => /bearer token .*: \S+\n/.test(stderr) && stderr.includes('"Authorization": "Bearer'), { TOOLSMITH_MCP_TOKEN: "" });
    const { url } = cli;
    const stderr = cli.stderr();
    const token = /bearer token .*: (\S+)\n/.exec(stderr)?.[1] ?? "";
    // The printed client configuration is one a client can use as is.
    const config = JSON.parse(stderr.slice(stderr.indexOf("{"), stderr.lastIndexOf("}") + 1)) as { mcpServers: Record<string, { url: string; headers: Record<string, string> }> };
    expect(config.mcpServers["toolsmith"]).toEqual({ type: "http", url, headers: { Authorization: `Bearer ${token}` } });
    expect((await fetch(url, { method: "POST", headers: baseHeaders, body: initialize })).status).toBe(401);
    const client = new Client({ name: "cli-test", version: "1" });
    await client.connect(httpTransport(url, token));
    expect(toolText(await client.callTool({ name: "add", arguments: { a: 40, b: 2 } }))).toBe("42");
    await client.close();
    expect(await cli.stop()).toBe(0);
    expect(cli.stderr()).toContain("serving 5 tool(s) (add, point, boom, wipe, slow)");
    expect(cli.stdout()).toBe("");
  });
});

describe("toolsmith mcp --http: the token's sources", () => {
  /** Starts the CLI and waits for everything it prints at start (the line after the URL). */
  async function start(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ url: string; stderr: string; stop: () => Promise<void> }> {
    const cli = await startHttpCli(args, (stderr) => /(WARNING|client configuration)[\s\S]*\n$/.test(stderr), { TOOLSMITH_MCP_TOKEN: "", ...env });
    return {
      url: cli.url,
      stderr: cli.stderr(),
      async stop() {
        await cli.stop();
      },
    };
  }

  it("takes the token from $TOOLSMITH_MCP_TOKEN, and does not print it", async () => {
    const token = "a-token-from-the-environment-0123456789";
    const server = await start([], { TOOLSMITH_MCP_TOKEN: token });
    try {
      expect(server.stderr).not.toContain(token);
      expect(server.stderr).toContain('"Authorization": "Bearer <the token from --token or $TOOLSMITH_MCP_TOKEN>"');
      expect((await fetch(server.url, { method: "POST", headers: { ...baseHeaders, authorization: `Bearer ${token}` }, body: initialize })).status).toBe(200);
      expect((await fetch(server.url, { method: "POST", headers: baseHeaders, body: initialize })).status).toBe(401);
    } finally {
      await server.stop();
    }
  }, 30_000);

  it("serves without a token only when told to (--no-token), with a warning", async () => {
    const server = await start(["--no-token"], { TOOLSMITH_MCP_TOKEN: "ignored-because-of-no-token-123" });
    try {
      expect(server.stderr).toContain("WARNING: serving without a token");
      expect((await fetch(server.url, { method: "POST", headers: baseHeaders, body: initialize })).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 30_000);
});
