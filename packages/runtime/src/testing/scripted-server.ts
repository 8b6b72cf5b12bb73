/**
 * A scripted OpenAI-compatible server for tests: real HTTP on 127.0.0.1, so the real `openai` client (or a
 * spawned example) talks to it exactly as it would talk to OpenAI, vLLM or Ollama. Mock only at this edge.
 *
 * Each request to POST /v1/chat/completions consumes the next turn of the script. A turn is a reply, or a
 * function of the request body (so a script can answer from the tool results it receives rather than from
 * hard-coded values). Streaming requests (`stream: true`) get Server-Sent Events in OpenAI's chunk format:
 * text and tool-call arguments split across several chunks, usage in a final choice-less chunk when
 * `stream_options.include_usage` is set, then `data: [DONE]`.
 *
 * ```ts
 * const server = await startScriptedServer([
 *   reply({ toolCalls: [{ name: "sums", arguments: { a: 6, b: 3 } }] }),
 *   (body) => reply({ content: `The answer is ${toolMessages(body)[0]?.content}.` }),
 * ]);
 * const client = new OpenAI({ apiKey: "test", baseURL: server.url });
 * ...
 * await server.close();
 * ```
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A tool call the scripted model makes. `arguments` objects are JSON-encoded; strings are sent verbatim (so a test can send broken JSON). */
export interface ScriptedToolCall {
  readonly id?: string;
  readonly name: string;
  readonly arguments: string | object;
}

export interface ScriptedUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
}

/** What the scripted model answers with on one turn. */
export interface ScriptedReply {
  readonly content?: string | null;
  readonly toolCalls?: readonly ScriptedToolCall[];
  /** The seed's legacy single `function_call` (answering a request that sent `functions`). */
  readonly functionCall?: { readonly name: string; readonly arguments: string | object };
  /** Defaults to `{prompt_tokens: 10, completion_tokens: 5}`. */
  readonly usage?: ScriptedUsage;
  /** Defaults to "tool_calls" when there are tool calls, "function_call" for a function call, else "stop". */
  readonly finishReason?: "stop" | "length" | "tool_calls" | "function_call" | "content_filter";
  /** Wait this long before answering (streaming: before the first chunk). */
  readonly delayMs?: number;
  /** Never answer; the connection stays open until the client gives up (for abort tests). */
  readonly hang?: boolean;
  /** Streaming only: send this many chunks, then hang (for aborts mid-stream). */
  readonly hangAfterChunks?: number;
  /** Answer with this HTTP error status and message instead (4xx: the openai client does not retry those). */
  readonly error?: { readonly status: number; readonly message: string };
}

/** The parsed JSON body of a chat completions request (loosely typed: tests inspect what they need). */
export interface ChatRequestBody {
  readonly model?: string;
  readonly messages: readonly RequestMessage[];
  readonly tools?: readonly { readonly type: string; readonly function: { readonly name: string; readonly description?: string; readonly parameters?: unknown; readonly strict?: boolean } }[];
  readonly functions?: readonly { readonly name: string; readonly description?: string; readonly parameters?: unknown }[];
  readonly stream?: boolean;
  readonly stream_options?: { readonly include_usage?: boolean };
  readonly [key: string]: unknown;
}

export interface RequestMessage {
  readonly role: "system" | "developer" | "user" | "assistant" | "tool" | "function";
  readonly content?: string | null | readonly { readonly type: string; readonly text?: string }[];
  readonly tool_calls?: readonly { readonly id: string; readonly type: "function"; readonly function: { readonly name: string; readonly arguments: string } }[];
  readonly tool_call_id?: string;
  readonly name?: string;
  readonly [key: string]: unknown;
}

/** Context handed to a turn function besides the body. */
export interface TurnContext {
  /** 0-based index of this chat completions request. */
  readonly index: number;
  /** The request's abort signal: fires when the client disconnects. */
  readonly signal: AbortSignal;
}

export type Turn = ScriptedReply | ((body: ChatRequestBody, context: TurnContext) => ScriptedReply | Promise<ScriptedReply>);

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  /** Parsed JSON body (undefined for bodiless requests). */
  readonly body: ChatRequestBody | undefined;
  /** True once the client disconnected before the reply was complete (an abort). */
  aborted: boolean;
}

export interface ScriptedServerOptions {
  /** Model ids listed by GET /v1/models. Defaults to ["scripted-model"]. */
  readonly models?: readonly string[];
  /** How many pieces streamed text and tool-call arguments are cut into (default 3). */
  readonly streamPieces?: number;
}

export interface ScriptedServer {
  /** Base URL for the openai client / OPENAI_BASE_URL, e.g. `http://127.0.0.1:50123/v1`. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order (chat completions and anything else). */
  readonly requests: readonly RecordedRequest[];
  /** Only the chat completions requests' bodies, in order. */
  readonly chatRequests: () => readonly ChatRequestBody[];
  /** Turns not consumed yet. */
  readonly remainingTurns: () => number;
  /** Appends turns to the script. */
  push(...turns: Turn[]): void;
  close(): Promise<void>;
}

/** Builds a reply; a readable shorthand in scripts. */
export function reply(r: ScriptedReply): ScriptedReply {
  return r;
}

/** The tool messages of the request's last exchange (those after the last assistant message), in order. */
export function toolMessages(body: ChatRequestBody): RequestMessage[] {
  const lastAssistant = body.messages.map((m) => m.role).lastIndexOf("assistant");
  return body.messages.slice(lastAssistant + 1).filter((m) => m.role === "tool" || m.role === "function");
}

/** Text of a message's content (string or content parts). */
export function messageText(message: RequestMessage | undefined): string {
  const content = message?.content;
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => part.text ?? "").join("");
}

/** Text of the last user message. */
export function lastUserText(body: ChatRequestBody): string {
  return messageText([...body.messages].reverse().find((m) => m.role === "user"));
}

export async function startScriptedServer(turns: readonly Turn[] = [], options: ScriptedServerOptions = {}): Promise<ScriptedServer> {
  const script: Turn[] = [...turns];
  const requests: RecordedRequest[] = [];
  const models = options.models ?? ["scripted-model"];
  const pieces = Math.max(1, options.streamPieces ?? 3);
  let chatIndex = 0;
  let completionCounter = 0;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `scripted server failed: ${String(error)}`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    let body: ChatRequestBody | undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw) as ChatRequestBody;
      } catch {
        sendError(res, 400, `request body is not JSON: ${raw.slice(0, 80)}`);
        return;
      }
    }
    const record: RecordedRequest = { method: req.method ?? "GET", path, headers: req.headers, body, aborted: false };
    requests.push(record);

    const disconnected = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) {
        record.aborted = true;
        disconnected.abort();
      }
    });

    if (req.method === "GET" && path === "/v1/models") {
      sendJson(res, 200, { object: "list", data: models.map((id) => ({ id, object: "model", created: 0, owned_by: "scripted" })) });
      return;
    }
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      sendError(res, 404, `scripted server: no route for ${req.method} ${path}`);
      return;
    }
    if (!body || !Array.isArray(body.messages)) {
      sendError(res, 400, "scripted server: body needs a messages array");
      return;
    }

    const index = chatIndex++;
    const turn = script.shift();
    if (turn === undefined) {
      sendError(res, 400, `scripted server: script exhausted (request #${index + 1} has no turn left)`);
      return;
    }
    const r = typeof turn === "function" ? await turn(body, { index, signal: disconnected.signal }) : turn;
    if (r.delayMs) await sleep(r.delayMs, disconnected.signal);
    if (disconnected.signal.aborted) return;
    if (r.hang) return; // keep the socket open; the client's abort closes it
    if (r.error) {
      sendError(res, r.error.status, r.error.message);
      return;
    }

    const id = `chatcmpl-scripted-${++completionCounter}`;
    const model = body.model ?? models[0] ?? "scripted-model";
    const toolCalls = (r.toolCalls ?? []).map((call, i) => ({
      id: call.id ?? `call_${completionCounter}_${i}`,
      type: "function" as const,
      function: { name: call.name, arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments) },
    }));
    const functionCall = r.functionCall && {
      name: r.functionCall.name,
      arguments: typeof r.functionCall.arguments === "string" ? r.functionCall.arguments : JSON.stringify(r.functionCall.arguments),
    };
    const finishReason = r.finishReason ?? (toolCalls.length > 0 ? "tool_calls" : functionCall ? "function_call" : "stop");
    const usageIn = r.usage ?? { prompt_tokens: 10, completion_tokens: 5 };
    const usage = { ...usageIn, total_tokens: usageIn.prompt_tokens + usageIn.completion_tokens };
    const created = Math.floor(Date.now() / 1000);
    const content = r.content ?? null;

    if (!body.stream) {
      sendJson(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content,
              refusal: null,
              ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
              ...(functionCall ? { function_call: functionCall } : {}),
            },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage,
      });
      return;
    }

    // Streaming: the exact chunk shapes OpenAI sends.
    const chunk = (choices: unknown[], extra: object = {}) => ({ id, object: "chat.completion.chunk", created, model, system_fingerprint: null, choices, ...extra });
    const deltaChunk = (delta: object, finish: string | null = null) => chunk([{ index: 0, delta, logprobs: null, finish_reason: finish }]);
    const events: object[] = [deltaChunk({ role: "assistant", content: content === null ? null : "", refusal: null })];
    for (const piece of split(content ?? "", pieces)) events.push(deltaChunk({ content: piece }));
    toolCalls.forEach((call, i) => {
      events.push(deltaChunk({ tool_calls: [{ index: i, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] }));
      for (const piece of split(call.function.arguments, pieces)) events.push(deltaChunk({ tool_calls: [{ index: i, function: { arguments: piece } }] }));
    });
    if (functionCall) {
      events.push(deltaChunk({ function_call: { name: functionCall.name, arguments: "" } }));
      for (const piece of split(functionCall.arguments, pieces)) events.push(deltaChunk({ function_call: { arguments: piece } }));
    }
    events.push(deltaChunk({}, finishReason));
    if (body.stream_options?.include_usage) events.push(chunk([], { usage }));

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    let sent = 0;
    for (const event of events) {
      if (r.hangAfterChunks !== undefined && sent >= r.hangAfterChunks) return; // leave the stream open
      if (disconnected.signal.aborted) return;
      res.write(`data: ${JSON.stringify(event)}\n\n`);
      sent++;
      // Yield so chunks leave as separate writes (the client then really assembles deltas across reads).
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end("data: [DONE]\n\n");
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    chatRequests: () => requests.filter((r) => r.path === "/v1/chat/completions" && r.body).map((r) => r.body as ChatRequestBody),
    remainingTurns: () => script.length,
    push: (...more) => {
      script.push(...more);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function split(text: string, pieces: number): string[] {
  if (text.length === 0) return [];
  const size = Math.max(1, Math.ceil(text.length / pieces));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: { message, type: "invalid_request_error", param: null, code: null } });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
