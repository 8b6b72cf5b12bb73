import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Readable, Writable } from "node:stream";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import { audience, bearerChecker, generateToken, hostAllowed, isLoopback, originAllowed, postHeaderProblem } from "./http-guard.js";
import { createMcpServer, type McpServerOptions, type ServableToolbox } from "./server.js";
import { SessionTable, type TableEntry } from "./session-table.js";

export interface StdioServeOptions extends McpServerOptions {
  readonly transport: "stdio";
  /** Defaults to the process's stdin/stdout (stdout then carries only protocol messages). */
  readonly stdin?: Readable;
  readonly stdout?: Writable;
}

export interface HttpServeOptions extends McpServerOptions {
  readonly transport: "http";
  /** Default 127.0.0.1: only this machine can connect. Any other host needs `allowedHosts` and a token. */
  readonly host?: string;
  /** Default 0: any free port (read it from the handle). */
  readonly port?: number;
  /** The MCP endpoint path. Default "/mcp". */
  readonly path?: string;
  /**
   * The bearer token every request must carry (`Authorization: Bearer <token>`; 401 otherwise). Default: a
   * fresh random one, read it from the handle. `false` serves without one, allowed only on loopback.
   */
  readonly token?: string | false;
  /**
   * `Host` headers answered besides loopback's own (`name:port`, or a bare name for any port); required for
   * a host other than loopback. A browser `Origin` is allowed when its host is one of these.
   */
  readonly allowedHosts?: readonly string[];
  /** More `Origin`s allowed, exactly (`https://app.example`). A foreign `Origin` gets 403. */
  readonly allowedOrigins?: readonly string[];
  /**
   * No sessions: every POST gets a fresh server (the SDK's stateless Streamable HTTP), so any instance behind
   * a load balancer can answer it. For tool-only servers: no server-to-client requests (a confirmation-gated
   * tool is refused unless `approveAll`), no per-client state. GET and DELETE get 405.
   */
  readonly stateless?: boolean;
  /**
   * A session with no request open for this long (ms) is closed; its client must initialize again. Default
   * 5 minutes. A connected SDK client keeps its GET event stream open, which counts as a request, so only
   * clients that went away (the SDK's `Client.close()` sends no DELETE) or keep no stream are closed.
   */
  readonly sessionIdleMs?: number;
  /** Most open sessions (stateless: requests at once). Default 100. */
  readonly maxSessions?: number;
  /**
   * At `maxSessions`, a new session closes the longest-idle one, but never one younger than this or with a
   * request in the last `sessionGraceMs`; when there is none, the newcomer gets 503 with `Retry-After`. Default 60 s.
   */
  readonly sessionGraceMs?: number;
}

export type ServeOptions = StdioServeOptions | HttpServeOptions;

/** A toolbox for one MCP session, closed when the session ends (per-client interpreter state, say). */
export interface SessionToolbox extends ServableToolbox {
  close?(): void | Promise<void>;
}

/** One toolbox for every client, or a function that makes one per session (per request when stateless). */
export type ToolboxSource = ServableToolbox | (() => SessionToolbox);

export interface McpServerHandle {
  /** For HTTP: the endpoint URL clients connect to (`http://127.0.0.1:PORT/mcp`). */
  readonly url?: string;
  /** For HTTP: the bearer token clients must send (undefined when served with `token: false`). */
  readonly token?: string;
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
export async function serveMcp(source: ToolboxSource, options: ServeOptions): Promise<McpServerHandle> {
  return options.transport === "stdio" ? serveStdio(source, options) : serveHttp(source, options);
}

function openToolbox(source: ToolboxSource): SessionToolbox {
  return typeof source === "function" ? source() : source;
}

async function closeToolbox(source: ToolboxSource, toolbox: SessionToolbox): Promise<void> {
  if (typeof source === "function") await toolbox.close?.();
}

async function serveStdio(source: ToolboxSource, options: StdioServeOptions): Promise<McpServerHandle> {
  const toolbox = openToolbox(source);
  const server = createMcpServer(toolbox, options);
  const transport = new StdioServerTransport(options.stdin, options.stdout);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => void closeToolbox(source, toolbox).finally(resolve);
  });
  // The SDK's stdio transport does not notice the pipe closing; stop when the client goes away.
  const input = options.stdin ?? process.stdin;
  input.once("end", () => void server.close());
  await server.connect(transport);
  return { close: () => server.close(), closed };
}

interface Session extends TableEntry {
  readonly server: Server;
  readonly transport: StreamableHTTPServerTransport;
  /** Set once the server closed by itself (the client sent DELETE): nothing left to close. */
  serverClosed: boolean;
}

/** The server's answer to a request: an MCP session's (or a stateless server's), or a refusal. */
type Route = ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & { close?(): Promise<void> };

async function serveHttp(source: ToolboxSource, options: HttpServeOptions): Promise<McpServerHandle> {
  const host = options.host ?? "127.0.0.1";
  const path = options.path ?? "/mcp";
  const token = options.token === false ? undefined : options.token ?? generateToken();
  if (token === undefined && !isLoopback(host)) throw new Error(`serving on ${host} without a token is not allowed: only loopback may go without one`);
  if (token !== undefined && token.length === 0) throw new Error("the bearer token is empty");
  if (!isLoopback(host) && (options.allowedHosts ?? []).length === 0) {
    throw new Error(`serving on ${host} needs allowedHosts: the Host names clients reach this server by (DNS-rebinding protection)`);
  }
  const authorized = token === undefined ? () => true : bearerChecker(token);
  const route: Route = options.stateless === true ? statelessRoute(source, options) : sessionRoute(source, options);
  let allowed = audience(host, 0);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== path) return reply(res, 404, `not found: the MCP endpoint is ${path}`);
    // DNS-rebinding protection (MCP transport spec): answer only the Host names this server is reached by.
    if (!hostAllowed(allowed, req.headers.host)) return reply(res, 403, `host ${String(req.headers.host)} is not allowed`);
    // MCP transport spec: a foreign Origin (a web page the user opened) must be refused.
    if (!originAllowed(allowed, req.headers.origin)) return jsonRpcError(res, 403, `origin ${req.headers.origin ?? ""} is not allowed`);
    if (!authorized(req.headers.authorization)) {
      res.setHeader("www-authenticate", 'Bearer realm="toolsmith-mcp"');
      return jsonRpcError(res, 401, "Unauthorized: send the server's token as `Authorization: Bearer <token>`");
    }
    return route(req, res);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) jsonRpcError(res, 500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
      else res.end();
    });
  });
  // An idle keep-alive connection is closed by the server after keepAliveTimeout. A client that picks that
  // connection for its next POST at the same moment gets "other side closed", and the SDK client does not
  // retry: the call is lost (seen under load: 10-20 of 3,500 calls at 100 clients). The SDK's responses
  // carry no Keep-Alive hint, so Node's fetch drops idle connections after its own 4 s, only 1 s before
  // Node's default 5 s here: a busy client's late timers lose that race. 65 s leaves a minute of margin.
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000; // must exceed keepAliveTimeout (Node's advice)
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  allowed = audience(host, port, options.allowedHosts, options.allowedOrigins);
  const closed = new Promise<void>((resolve) => http.once("close", () => resolve()));
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}${path}`,
    ...(token !== undefined ? { token } : {}),
    closed,
    async close() {
      await route.close?.();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Stateful Streamable HTTP: an initialize opens a session (its own server and toolbox), `mcp-session-id` finds it. */
function sessionRoute(source: ToolboxSource, options: HttpServeOptions): Route {
  const maxSessions = options.maxSessions ?? 100;
  const closing = new Set<Promise<void>>();
  const sessions = new SessionTable<Session>(
    { max: maxSessions, idleMs: options.sessionIdleMs ?? 5 * 60_000, graceMs: options.sessionGraceMs ?? 60_000 },
    (session) => {
      if (session.serverClosed) return;
      const done = session.server.close().catch(() => {});
      closing.add(done);
      void done.finally(() => closing.delete(done));
    },
  );

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const sessionId = req.headers["mcp-session-id"];
    const existing = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (existing !== undefined) {
      res.once("close", sessions.track(existing));
      return existing.transport.handleRequest(req, res);
    }
    if (sessionId !== undefined) return jsonRpcError(res, 404, "Session not found");
    if (req.method !== "POST") return jsonRpcError(res, 400, "No session: send an initialize request first");
    // Only a request the transport will take as a valid initialize may claim a slot (and so close a session).
    const problem = postHeaderProblem(req.headers);
    if (problem !== undefined) return jsonRpcError(res, problem.status, problem.message);
    const body = await readJson(req);
    if (body === undefined || !isInitializeRequest(body)) {
      return jsonRpcError(res, 400, "No session: the first request must be initialize");
    }
    const admission = sessions.admit();
    if (!admission.admitted) {
      res.setHeader("retry-after", String(admission.retryAfterSeconds));
      return jsonRpcError(res, 503, `Too many sessions: all ${maxSessions} are in use, try again in ${admission.retryAfterSeconds} s`);
    }
    try {
      const toolbox = openToolbox(source);
      const server = createMcpServer(toolbox, options);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          admission.release();
          sessions.add(id, session);
        },
      });
      const now = Date.now();
      const session: Session = { server, transport, inFlight: 0, openedAt: now, lastRequestAt: now, ended: false, serverClosed: false };
      // However it ends (DELETE, idle, eviction, shutdown), the session's toolbox goes with it.
      server.onclose = () => {
        session.serverClosed = true;
        sessions.end(session);
        void closeToolbox(source, toolbox);
      };
      res.once("close", sessions.track(session));
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
      if (session.id === undefined) sessions.end(session); // the transport refused it after all: nothing to keep
    } finally {
      admission.release();
    }
  };
  return Object.assign(route, {
    async close() {
      sessions.endAll();
      await Promise.all(closing);
    },
  });
}

/** Stateless Streamable HTTP: each POST is answered by a fresh server and transport, closed with its response. */
function statelessRoute(source: ToolboxSource, options: HttpServeOptions): Route {
  const maxInFlight = options.maxSessions ?? 100;
  let inFlight = 0;
  return async (req, res) => {
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      return jsonRpcError(res, 405, "Method not allowed: this server is stateless (POST only, no sessions)");
    }
    if (inFlight >= maxInFlight) {
      res.setHeader("retry-after", "1");
      return jsonRpcError(res, 503, `Too many requests: ${maxInFlight} are being answered, try again shortly`);
    }
    inFlight++;
    const toolbox = openToolbox(source);
    const server = createMcpServer(toolbox, options);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.once("close", () => {
      inFlight--;
      void server.close().finally(() => closeToolbox(source, toolbox));
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  };
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
