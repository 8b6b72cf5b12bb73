// The checks every HTTP request passes before it reaches an MCP session: who may ask (bearer token), from
// where (Host, against DNS rebinding; Origin, against web pages), and, for a new session, whether the
// initialize request is one the SDK transport will accept (so a request that fails never costs a slot).
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { isJsonContentType } from "@modelcontextprotocol/sdk/shared/mediaType.js";

/** The environment variable `toolsmith mcp --http` reads its bearer token from (when `--token` is not given). */
export const TOKEN_ENV = "TOOLSMITH_MCP_TOKEN";

/** A fresh bearer token: 32 random bytes, base64url (43 characters). */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

export function isLoopback(host: string): boolean {
  return host === "127.0.0.1" || host === "localhost" || host === "::1" || host === "[::1]";
}

/**
 * Checks `Authorization: Bearer <token>` in constant time: both sides are hashed first, so neither the
 * comparison nor an early length mismatch tells an attacker how much of a guess was right.
 */
export function bearerChecker(token: string): (authorization: string | undefined) => boolean {
  const expected = createHash("sha256").update(token, "utf8").digest();
  return (authorization) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "");
    const given = createHash("sha256").update(match?.[1] ?? "", "utf8").digest();
    // Hash and compare even without a well-formed header, so that case takes the same time too.
    return timingSafeEqual(given, expected) && match !== null;
  };
}

/**
 * Which `Host` headers and `Origin`s the server answers. `hosts` holds `host:port` pairs and bare host
 * names (a bare name matches any port, for a server behind a proxy that rewrites it). An `Origin` is
 * allowed when its host is an allowed host, or it is listed in `origins` exactly.
 */
export interface Audience {
  readonly hosts: ReadonlySet<string>;
  readonly origins: ReadonlySet<string>;
}

export function audience(host: string, port: number, allowedHosts: readonly string[] = [], allowedOrigins: readonly string[] = []): Audience {
  const hosts = new Set(allowedHosts.map((h) => h.toLowerCase()));
  if (isLoopback(host)) for (const name of ["127.0.0.1", "localhost", "[::1]"]) hosts.add(`${name}:${port}`);
  return { hosts, origins: new Set(allowedOrigins.map((o) => o.replace(/\/+$/, "").toLowerCase())) };
}

export function hostAllowed(allowed: Audience, hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return false;
  const host = hostHeader.toLowerCase();
  if (allowed.hosts.has(host)) return true;
  const bare = host.replace(/:\d+$/, "");
  return bare !== host && allowed.hosts.has(bare);
}

/** A request without `Origin` is not from a browser page; one with a foreign `Origin` (or `null`) is refused. */
export function originAllowed(allowed: Audience, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  const normalized = origin.toLowerCase();
  if (allowed.origins.has(normalized)) return true;
  let parsed: URL;
  try {
    parsed = new URL(normalized);
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  const port = parsed.port !== "" ? parsed.port : parsed.protocol === "https:" ? "443" : "80";
  return hostAllowed(allowed, `${parsed.hostname}:${port}`);
}

/**
 * The header checks the SDK's transport makes on a POST (406 without both accepted types, 415 for another
 * content type), made before a session is created, so that an initialize it would refuse frees no slot.
 */
export function postHeaderProblem(headers: IncomingHttpHeaders): { status: number; message: string } | undefined {
  const accept = headers.accept ?? "";
  if (!accept.includes("application/json") || !accept.includes("text/event-stream")) {
    return { status: 406, message: "Not Acceptable: Client must accept both application/json and text/event-stream" };
  }
  if (!isJsonContentType(headers["content-type"])) {
    return { status: 415, message: "Unsupported Media Type: Content-Type must be application/json" };
  }
  return undefined;
}
