// A Jupyter Server's REST API (the part a kernel client needs: kernelspecs and the kernels' lifecycle),
// the same on Jupyter Server, Kernel Gateway and Enterprise Gateway. Requests go over node:http(s),
// which can also reach a server listening on a Unix socket (the local server does, so it opens no port).
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";

/** Where a Jupyter server is and how to authenticate. */
export interface ServerAddress {
  /** Base URL, e.g. `http://10.0.0.5:8888/` or `https://hub.example.org/user/me/` (a base path is kept). */
  readonly url: string;
  /** Sent as `Authorization: token ...` (and on the WebSocket handshake). */
  readonly token?: string;
  /** Reach the server through this Unix socket instead of the URL's host and port. */
  readonly socketPath?: string;
}

export interface KernelModel {
  readonly id: string;
  readonly name: string;
  readonly execution_state?: string;
}

/** A request the server refused or answered with an error status. */
export class JupyterServerError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "JupyterServerError";
  }
}

const RESPONSE_LIMIT = 4 * 2 ** 20;

export class JupyterServerConnection {
  private readonly base: URL;

  constructor(readonly address: ServerAddress) {
    this.base = new URL(address.url.endsWith("/") ? address.url : `${address.url}/`);
    if (this.base.protocol !== "http:" && this.base.protocol !== "https:") {
      throw new JupyterServerError(`a Jupyter server URL must start with http:// or https:// (got ${address.url})`);
    }
  }

  /** The headers every request (and the WebSocket handshake) carries. */
  headers(): Record<string, string> {
    return this.address.token ? { Authorization: `token ${this.address.token}` } : {};
  }

  /** `api/...` resolved against the base URL (a base path such as `/user/me/` is kept). */
  url(path: string): URL {
    return new URL(path, this.base);
  }

  /** The kernel's WebSocket URL (`ws+unix:` for a Unix socket, as the `ws` package spells it). */
  channelsUrl(kernelId: string, sessionId: string): string {
    const url = this.url(`api/kernels/${encodeURIComponent(kernelId)}/channels?session_id=${encodeURIComponent(sessionId)}`);
    if (this.address.socketPath) return `ws+unix://${this.address.socketPath}:${url.pathname}${url.search}`;
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return url.toString();
  }

  async request<T>(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
    const url = this.url(path);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const response = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = send(
        url,
        {
          method,
          headers: {
            ...this.headers(),
            ...(payload ? { "Content-Type": "application/json", "Content-Length": String(payload.length) } : {}),
          },
          ...(this.address.socketPath ? { socketPath: this.address.socketPath } : {}),
          timeout: timeoutMs,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > RESPONSE_LIMIT) req.destroy(new JupyterServerError(`${method} ${url.pathname}: response too large`));
            else chunks.push(chunk);
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new JupyterServerError(`${method} ${url.pathname}: no answer within ${timeoutMs} ms`)));
      req.on("error", reject);
      req.end(payload);
    }).catch((error: Error) => {
      throw error instanceof JupyterServerError
        ? error
        : new JupyterServerError(`cannot reach the Jupyter server at ${this.where()}: ${error.message}`);
    });
    if (response.status < 200 || response.status >= 300) {
      throw new JupyterServerError(
        `${method} ${url.pathname} -> ${response.status}${describeError(response.text)}${response.status === 403 ? " (is the token right?)" : ""}`,
        response.status,
      );
    }
    if (response.text === "") return undefined as T;
    try {
      return JSON.parse(response.text) as T;
    } catch {
      throw new JupyterServerError(`${method} ${url.pathname}: the answer is not JSON`);
    }
  }

  /** Where the server is, for messages: the socket or the URL without credentials. */
  where(): string {
    if (this.address.socketPath) return `unix:${this.address.socketPath}`;
    const shown = new URL(this.base);
    shown.username = "";
    shown.password = "";
    shown.search = "";
    return shown.toString();
  }

  startKernel(name?: string, timeoutMs = 60_000): Promise<KernelModel> {
    return this.request<KernelModel>("POST", "api/kernels", name ? { name } : {}, timeoutMs);
  }

  async deleteKernel(id: string, timeoutMs = 10_000): Promise<void> {
    await this.request("DELETE", `api/kernels/${encodeURIComponent(id)}`, undefined, timeoutMs);
  }

  async interruptKernel(id: string, timeoutMs = 10_000): Promise<void> {
    await this.request("POST", `api/kernels/${encodeURIComponent(id)}/interrupt`, undefined, timeoutMs);
  }

  async restartKernel(id: string, timeoutMs = 60_000): Promise<void> {
    await this.request("POST", `api/kernels/${encodeURIComponent(id)}/restart`, undefined, timeoutMs);
  }

  kernel(id: string, timeoutMs = 10_000): Promise<KernelModel> {
    return this.request<KernelModel>("GET", `api/kernels/${encodeURIComponent(id)}`, undefined, timeoutMs);
  }
}

/** The `message`/`reason` a Jupyter server puts in an error body, if any. */
function describeError(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; reason?: unknown };
    const message = [parsed.reason, parsed.message].filter((part) => typeof part === "string" && part).join(": ");
    return message ? `: ${message.slice(0, 300)}` : "";
  } catch {
    return "";
  }
}
