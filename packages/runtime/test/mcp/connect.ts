// Connects the SDK's own MCP client to our server, over stdio (a spawned `toolsmith mcp` process) or
// Streamable HTTP (serveMcp on 127.0.0.1), with or without the elicitation capability.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { createToolbox } from "../../src/toolbox.js";
import { serveMcp } from "../../src/mcp/index.js";
import { registry } from "./registry-fixture.js";

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
export const cliPath = fileURLToPath(new URL("../../src/mcp/cli.ts", import.meta.url));
export const registryPath = fileURLToPath(new URL("./registry-fixture.ts", import.meta.url));

/**
 * How the client answers an elicitation: approve, decline, not declare the capability at all, or answer
 * each question as a function decides (`signal` aborts when the server withdraws the question).
 */
export type Human = "approves" | "declines" | "cannot be asked" | HumanAnswer;
export type HumanAnswer = (request: ElicitRequest["params"], signal: AbortSignal) => ElicitResult | Promise<ElicitResult>;

export interface Connection {
  readonly client: Client;
  /** Every elicitation the server sent. */
  readonly asked: ElicitRequest["params"][];
  readonly stderr: () => string;
  close(): Promise<void>;
}

export function makeClient(human: Human): { client: Client; asked: ElicitRequest["params"][] } {
  const capabilities = human === "cannot be asked" ? {} : { elicitation: { form: {} } };
  const client = new Client({ name: "toolsmith-test", version: "1.0.0" }, { capabilities });
  const asked: ElicitRequest["params"][] = [];
  if (human !== "cannot be asked") {
    client.setRequestHandler(ElicitRequestSchema, (request, extra) => {
      asked.push(request.params);
      if (typeof human === "function") return human(request.params, extra.signal);
      return human === "approves" ? { action: "accept", content: { approve: true } } : { action: "decline" };
    });
  }
  return { client, asked };
}

export function connectStdio(human: Human, extraArgs: readonly string[] = []): Promise<Connection> {
  return connectCommand(process.execPath, ["--import", "tsx", "--conditions=source", cliPath, registryPath, ...extraArgs], human);
}

/** Starts an MCP server command as a client configuration would, and connects to it over its stdio. */
export async function connectCommand(command: string, args: readonly string[], human: Human, cwd = repoRoot): Promise<Connection> {
  const { client, asked } = makeClient(human);
  const transport = new StdioClientTransport({ command, args: [...args], cwd, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  await client.connect(transport);
  return { client, asked, stderr: () => stderr, close: () => client.close() };
}

/** The SDK's HTTP client transport, sending the server's bearer token. */
export function httpTransport(url: string, token: string | undefined): StreamableHTTPClientTransport {
  const headers: Record<string, string> = token !== undefined ? { authorization: `Bearer ${token}` } : {};
  return new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
}

export async function connectHttp(human: Human, options: { approveAll?: boolean } = {}): Promise<Connection & { url: string }> {
  const handle = await serveMcp(createToolbox(registry), { transport: "http", host: "127.0.0.1", port: 0, approveAll: options.approveAll ?? false });
  const url = handle.url ?? "";
  const { client, asked } = makeClient(human);
  await client.connect(httpTransport(url, handle.token));
  return {
    client,
    asked,
    url,
    stderr: () => "",
    async close() {
      await client.close();
      await handle.close();
    },
  };
}

/** The text of a tools/call result's content. */
export function toolText(result: unknown): string {
  const content = (result as { content?: readonly { type: string; text?: string }[] }).content ?? [];
  return content.map((c) => (c.type === "text" ? c.text ?? "" : `[${c.type}]`)).join("\n");
}

export interface HttpCli {
  readonly url: string;
  readonly stderr: () => string;
  readonly stdout: () => string;
  /** SIGTERM, then the exit code once it has exited. */
  stop(): Promise<number | null>;
}

/**
 * Starts `toolsmith mcp <registry fixture> --http ...args` as a process and waits until `ready` says
 * its stderr holds everything it prints at start (the URL comes first).
 */
export async function startHttpCli(args: readonly string[], ready: (stderr: string) => boolean, env: NodeJS.ProcessEnv = {}): Promise<HttpCli> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=source", cliPath, registryPath, "--http", ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
      const url = /at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1];
      if (url !== undefined && ready(stderr)) resolve(url);
    });
    child.once("exit", (code) => reject(new Error(`exited ${String(code)}: ${stderr}`)));
  });
  return {
    url,
    stderr: () => stderr,
    stdout: () => stdout,
    async stop() {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
