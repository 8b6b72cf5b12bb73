// Raw HTTP exchanges with an MCP endpoint, for the headers and bodies a well-behaved client never sends.
import { request } from "node:http";

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export function send(url: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

export const initializeBody = JSON.stringify({
  jsonrpc: "2.0", id: 1, method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});

export const jsonHeaders = { "content-type": "application/json", accept: "application/json, text/event-stream" };

export const bearer = (token: string | undefined): Record<string, string> => (token !== undefined ? { authorization: `Bearer ${token}` } : {});

/** Opens a session with a raw initialize request; returns the response (its `mcp-session-id` header names the session). */
export function initialize(url: string, headers: Record<string, string>): Promise<RawResponse> {
  return send(url, { method: "POST", headers: { ...jsonHeaders, ...headers }, body: initializeBody });
}

/** A tools/list in an open session: 200 while the session lives, 404 once it is closed. */
export function listTools(url: string, id: string, headers: Record<string, string>): Promise<RawResponse> {
  return send(url, {
    method: "POST",
    headers: { ...jsonHeaders, ...headers, "mcp-session-id": id, "mcp-protocol-version": "2025-06-18" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
  });
}

export const sessionOf = (response: RawResponse): string => String(response.headers["mcp-session-id"] ?? "");
