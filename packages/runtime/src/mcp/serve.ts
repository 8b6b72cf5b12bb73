import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable, Writable } from "node:stream";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { createMcpServer, type McpServerOptions, type ServableToolbox } from "./server.js";

export interface StdioServeOptions extends McpServerOptions {
  readonly transport: "stdio";
  /** Defaults to the process's stdin/stdout (stdout then carries only protocol messages). */
  readonly stdin?: Readable;
  readonly stdout?: Writable;
}

export interface HttpServeOptions extends McpServerOptions {
  readonly transport: "http";
  /** Default 127.0.0.1: only this machine can connect. */
  readonly host?: string;
  /** Default 0: any free port (read it from the handle). */
  readonly port?: number;
  /** The MCP endpoint path. Default "/mcp". */
  readonly path?: string;
  /** A session with no request for this long (ms) is closed; its client must initialize again. Default 30 minutes. */
  readonly sessionIdleMs?: number;
  /** Most open sessions; a new one closes the longest idle (or is refused with 503 when all are busy). Default 100. */
  readonly maxSessions?: number;
}

export type ServeOptions = StdioServeOptions | HttpServeOptions;

export interface McpServerHandle {
  /** For HTTP: the endpoint URL clients connect to (`http://127.0.0.1:PORT/mcp`). */
  readonly url?: string;
  /** Stops serving: closes every session and, for HTTP, the listening socket. */
  close(): Promise<void>;
  /** Resolves when the server stops (stdio: the client closed the pipe). */
  readonly closed: Promise<void>;
}

/**
 * Serves a toolbox over MCP: `tools/list` gives each tool's input (and object output) schema, `tools/call`
 * runs through `toolbox.call`, so arguments are validated exactly as for a model's calls and every failure
 * comes back as an `isError` result the model can read. Confirmation-gated tools ask the human through MCP
 * elicitation when the client supports it, and are refused otherwise, unless `approveAll` is set.
 */
export async function serveMcp(toolbox: ServableToolbox, options: ServeOptions): Promise<McpServerHandle> {
  return options.transport === "stdio" ? serveStdio(toolbox, options) : serveHttp(toolbox, options);
}

async function serveStdio(toolbox: ServableToolbox, options: StdioServeOptions): Promise<McpServerHandle> {
  const server = createMcpServer(toolbox, options);
  const transport = new StdioServerTransport(options.stdin, options.stdout);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  // The SDK's stdio transport does not notice the pipe closing; stop when the client goes away.
  const input = options.stdin ?? process.stdin;
  input.once("end", () => void server.close());
  await server.connect(transport);
  return { close: () => server.close(), closed };
}

async function serveHttp(toolbox: ServableToolbox, options: HttpServeOptions): Promise<McpServerHandle> {
  const host = options.host ?? "127.0.0.1";
  const path = options.path ?? "/mcp";
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const maxSessions = options.maxSessions ?? 100;
  // Every session holds a server (and the toolbox state behind it): without an end they would pile up.
  const sessions = new Map<string, Session>();
  let activity = 0; // orders sessions by last use (a counter: two uses in one millisecond still differ)
  let allowedHosts: ReadonlySet<string> | undefined;

  const closeSession = (session: Session): void => {
    clearTimeout(session.timer);
    if (session.id !== undefined) sessions.delete(session.id);
    void session.server.close();
  };
  /** Counts a request in flight (idle time starts when the last one's response closes). */
  const track = (session: Session, res: ServerResponse): void => {
    session.inFlight++;
    clearTimeout(session.timer);
    res.once("close", () => {
      session.inFlight--;
      session.lastActive = ++activity;
      if (session.inFlight === 0 && sessions.has(session.id ?? "")) {
        session.timer = setTimeout(() => closeSession(session), idleMs);
        session.timer.unref();
      }
    });
  };
  /** Makes room for one more session: false when every session is busy. */
  const makeRoom = (): boolean => {
    if (sessions.size < maxSessions) return true;
    let oldest: Session | undefined;
    for (const session of sessions.values()) {
      if (session.inFlight === 0 && (oldest === undefined || session.lastActive < oldest.lastActive)) oldest = session;
    }
    if (oldest === undefined) return false;
    closeSession(oldest);
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== path) return reply(res, 404, `not found: the MCP endpoint is ${path}`);
    // DNS-rebinding protection (MCP transport spec): a loopback server answers only loopback Host headers.
    if (allowedHosts !== undefined && !allowedHosts.has(String(req.headers.host))) {
      return reply(res, 403, `host ${String(req.headers.host)} is not allowed`);
    }
    const sessionId = req.headers["mcp-session-id"];
    const existing = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (existing !== undefined) {
      track(existing, res);
      return existing.transport.handleRequest(req, res);
    }
    if (sessionId !== undefined) return jsonRpcError(res, 404, "Session not found");
    if (req.method !== "POST") return jsonRpcError(res, 400, "No session: send an initialize request first");

    const body = await readJson(req);
    if (body === undefined || !isInitializeRequest(body)) {
      return jsonRpcError(res, 400, "No session: the first request must be initialize");
    }
    if (!makeRoom()) return jsonRpcError(res, 503, `Too many sessions: all ${maxSessions} are busy, try again later`);
    const server = createMcpServer(toolbox, options);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        session.id = id;
        sessions.set(id, session);
      },
      onsessionclosed: (id) => {
        clearTimeout(session.timer);
        sessions.delete(id);
      },
    });
    const session: Session = { server, transport, inFlight: 0, lastActive: ++activity };
    transport.onclose = () => {
      clearTimeout(session.timer);
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    track(session, res);
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) jsonRpcError(res, 500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  if (isLoopback(host)) allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const closed = new Promise<void>((resolve) => http.once("close", () => resolve()));
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}${path}`,
    closed,
    async close() {
      for (const session of sessions.values()) clearTimeout(session.timer);
      await Promise.all([...sessions.values()].map(({ server }) => server.close()));
      sessions.clear();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

interface Session {
  id?: string;
  readonly server: Server;
  readonly transport: StreamableHTTPServerTransport;
  /** Requests whose responses are still open (an SSE stream counts while it is connected). */
  inFlight: number;
  /** When it was last used, as a position in the server's sequence of responses. */
  lastActive: number;
  timer?: NodeJS.Timeout;
}

function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "::1";
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4 * 1024 * 1024) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(`${text}\n`);
}

function jsonRpcError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}
