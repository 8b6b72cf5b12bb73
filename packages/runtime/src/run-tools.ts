// The tool loop on Chat Completions with the official `openai` client: ask, run the calls, answer, repeat.
import type {
  ChatCompletion,
  ChatCompletionAssistantMessageParam,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { createToolbox, toolMessages, type ConfirmFn, type ToolCall, type Toolbox, type ToolResult } from "./toolbox.js";
import { codeModeToolbox, type CodeModeRunOptions } from "./interpreter/code-mode-run.js";

/** Token usage summed over every request of a run. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export type StopReason = "stop" | "length" | "content_filter" | "max_steps" | "aborted";

/** Progress of a run, for a UI or a log. `step` counts model requests from 1. */
export type RunEvent =
  | { readonly type: "request"; readonly step: number; readonly messages: readonly ChatCompletionMessageParam[] }
  | { readonly type: "text"; readonly step: number; readonly delta: string }
  | { readonly type: "assistant"; readonly step: number; readonly message: ChatCompletionAssistantMessageParam }
  | { readonly type: "tool_call"; readonly step: number; readonly call: ToolCall & { readonly id: string } }
  | { readonly type: "tool_result"; readonly step: number; readonly result: ToolResult }
  | { readonly type: "done"; readonly result: RunToolsResult };

/** Request parameters passed through to `chat.completions.create` as they are (temperature, seed, ...). */
export type PassThroughParams = Omit<
  ChatCompletionCreateParamsBase,
  "model" | "messages" | "tools" | "functions" | "function_call" | "stream" | "stream_options" | "parallel_tool_calls" | "n"
>;

/**
 * The part of an `openai` client the loop uses: `new OpenAI(...)` from openai 6 or 7 fits, and so does a
 * client from another copy of the package than the one the runtime resolves (a class type would reject
 * it over its private members), or a wrapper exposing the same method.
 */
export interface ChatClient {
  readonly chat: {
    readonly completions: {
      create(body: ChatCompletionCreateParamsNonStreaming, options?: { signal?: AbortSignal }): PromiseLike<ChatCompletion>;
      create(body: ChatCompletionCreateParamsStreaming, options?: { signal?: AbortSignal }): PromiseLike<AsyncIterable<ChatCompletionChunk>>;
    };
  };
}

export interface RunToolsOptions extends PassThroughParams {
  /** An `openai` client (`new OpenAI({ baseURL, apiKey })`), version 6 or 7. */
  readonly client: ChatClient;
  readonly model: string;
  /** The conversation so far; not mutated (the result holds the extended copy). */
  readonly messages: readonly ChatCompletionMessageParam[];
  readonly tools?: Toolbox;
  /** Most model requests in this run (default 10); reaching it ends the run with stopReason "max_steps". */
  readonly maxSteps?: number;
  /** Cancels the run: the request in flight and the tools running. */
  readonly signal?: AbortSignal;
  /** Stream the answer (text deltas reach onText as they arrive). Default false. */
  readonly stream?: boolean;
  /** Answer text as it comes: each delta when streaming, each turn's whole text otherwise. */
  readonly onText?: (delta: string) => void;
  /** Observes the run. An observer that throws is ignored: it cannot end the run or lose a turn's results. */
  readonly onEvent?: (event: RunEvent) => void;
  /** Decides on tools needing confirmation (overrides the toolbox's); none means such calls read `#FAIL#`. */
  readonly confirm?: ConfirmFn;
  /** Time limit per tool call in ms (overrides tool and toolbox limits). */
  readonly toolTimeoutMs?: number;
  /** Sent as `parallel_tool_calls` when set. Calls in one turn always run concurrently here. */
  readonly parallelToolCalls?: boolean;
  /** Offer tools in OpenAI strict form where their schemas allow. */
  readonly strict?: boolean;
  /**
   * Code mode: offer a sandboxed interpreter (Python by default) whose code calls `tools`, instead of the
   * tools themselves. Each call from code goes through `tools.call` (validation, time limit, `confirm` per
   * call of a `@confirm` tool); the interpreter sessions last for this run.
   */
  readonly codeMode?: boolean | CodeModeRunOptions;
}

export interface RunToolsResult {
  /** The whole conversation: the input messages plus every assistant and tool message of the run. */
  readonly messages: ChatCompletionMessageParam[];
  /** The last assistant text (the answer, when stopReason is "stop"). */
  readonly finalText: string;
  readonly stopReason: StopReason;
  /** Model requests made. */
  readonly steps: number;
  readonly usage: Usage;
  /** Every tool result of the run, in order. */
  readonly toolResults: readonly ToolResult[];
}

/** An API failure mid-run (bad key, server down, 4xx/5xx after retries), keeping what the run had so far. */
export class RunToolsError extends Error {
  override readonly name = "RunToolsError";
  constructor(
    message: string,
    readonly partial: Omit<RunToolsResult, "stopReason" | "finalText">,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

interface Turn {
  readonly message: ChatCompletionAssistantMessageParam;
  readonly text: string;
  readonly toolCalls: readonly ChatCompletionMessageFunctionToolCall[];
  readonly finishReason: string | null;
}

export async function runTools(options: RunToolsOptions): Promise<RunToolsResult> {
  if (options.codeMode && options.tools) {
    const { codeMode, tools, ...rest } = options;
    const session = codeModeToolbox(tools, codeMode === true ? {} : codeMode, options.confirm);
    try {
      // the toolbox decides on the code runs itself: runTools' confirm must not override it
      const { confirm: _confirm, ...withoutConfirm } = rest;
      return await runTools({ ...withoutConfirm, tools: session.toolbox });
    } finally {
      session.close();
    }
  }
  const { client, model, tools = createToolbox([]), maxSteps = 10, signal, stream = false, onText: textObserver, onEvent: eventObserver, confirm, toolTimeoutMs, parallelToolCalls, strict, messages: input, ...passThrough } = options;
  const messages: ChatCompletionMessageParam[] = [...input];
  // Observers are the caller's code: a bug in one must not reject the run mid-turn and lose its results.
  const onEvent = eventObserver && ((event: RunEvent) => observe(() => eventObserver(event)));
  const onText = textObserver && ((delta: string) => observe(() => textObserver(delta)));
  const usage: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const toolResults: ToolResult[] = [];
  const offered = tools.specs.length > 0 ? tools.chatCompletionsTools(strict ? { strict } : {}) : undefined;
  let steps = 0;
  let finalText = "";

  const finish = (stopReason: StopReason): RunToolsResult => {
    const result: RunToolsResult = { messages, finalText, stopReason, steps, usage, toolResults };
    onEvent?.({ type: "done", result });
    return result;
  };

  while (steps < maxSteps) {
    if (signal?.aborted) return finish("aborted");
    steps++;
    const step = steps;
    onEvent?.({ type: "request", step, messages: [...messages] });
    const params = {
      ...passThrough,
      model,
      messages,
      ...(offered ? { tools: offered } : {}),
      ...(offered && parallelToolCalls !== undefined ? { parallel_tool_calls: parallelToolCalls } : {}),
    };
    let turn: Turn;
    try {
      turn = stream ? await streamTurn(client, params, signal, usage, (delta) => emitText(delta)) : await createTurn(client, params, signal, usage);
    } catch (error) {
      if (signal?.aborted) return finish("aborted");
      throw new RunToolsError(`chat completion request ${step} failed: ${(error as Error).message}`, { messages, steps, usage, toolResults }, { cause: error });
    }
    // An aborted stream can end quietly instead of throwing: its half answer is not a message.
    if (signal?.aborted) return finish("aborted");
    if (!stream && turn.text) emitText(turn.text);
    messages.push(turn.message);
    onEvent?.({ type: "assistant", step, message: turn.message });
    finalText = turn.text;

    if (turn.toolCalls.length === 0) {
      const reason = turn.finishReason === "length" || turn.finishReason === "content_filter" ? turn.finishReason : "stop";
      return finish(reason);
    }

    // All of one turn's calls run concurrently; their messages keep the model's order.
    const results = await Promise.all(
      turn.toolCalls.map(async (tc) => {
        const call = { name: tc.function.name, arguments: tc.function.arguments, id: tc.id };
        onEvent?.({ type: "tool_call", step, call });
        const result = await tools.call(call, {
          ...(signal ? { signal } : {}),
          ...(confirm ? { confirm } : {}),
          ...(toolTimeoutMs !== undefined ? { timeoutMs: toolTimeoutMs } : {}),
        });
        onEvent?.({ type: "tool_result", step, result });
        return result;
      }),
    );
    toolResults.push(...results);
    messages.push(...toolMessages(results));
    if (signal?.aborted) return finish("aborted");
  }
  return finish("max_steps");

  function emitText(delta: string): void {
    onText?.(delta);
    onEvent?.({ type: "text", step: steps, delta });
  }
}

type RequestParams = PassThroughParams & Pick<ChatCompletionCreateParamsBase, "model" | "messages" | "tools" | "parallel_tool_calls">;

async function createTurn(client: ChatClient, params: RequestParams, signal: AbortSignal | undefined, usage: Usage): Promise<Turn> {
  const completion = await client.chat.completions.create({ ...params, stream: false }, signal ? { signal } : {});
  addUsage(usage, completion.usage);
  const choice = completion.choices[0];
  const text = choice?.message.content ?? "";
  const toolCalls = (choice?.message.tool_calls ?? []).filter((c): c is ChatCompletionMessageFunctionToolCall => c.type === "function");
  return { message: assistantMessage(text, toolCalls), text, toolCalls, finishReason: choice?.finish_reason ?? null };
}

async function streamTurn(client: ChatClient, params: RequestParams, signal: AbortSignal | undefined, usage: Usage, onDelta: (delta: string) => void): Promise<Turn> {
  const chunks = await client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } }, signal ? { signal } : {});
  let text = "";
  let finishReason: string | null = null;
  // Tool-call deltas arrive by index: the first carries id and name, later ones pieces of the arguments.
  const calls: { id: string; name: string; arguments: string }[] = [];
  for await (const chunk of chunks) {
    if (chunk.usage) addUsage(usage, chunk.usage);
    const choice = chunk.choices[0];
    if (!choice) continue;
    if (choice.finish_reason) finishReason = choice.finish_reason;
    const delta = choice.delta;
    if (delta.content) {
      text += delta.content;
      onDelta(delta.content);
    }
    for (const piece of delta.tool_calls ?? []) {
      const call = (calls[piece.index] ??= { id: "", name: "", arguments: "" });
      if (piece.id) call.id = piece.id;
      if (piece.function?.name) call.name += piece.function.name;
      if (piece.function?.arguments) call.arguments += piece.function.arguments;
    }
  }
  const toolCalls: ChatCompletionMessageFunctionToolCall[] = calls
    .filter((c) => c !== undefined)
    .map((c, i) => ({ id: c.id || `call_${i}`, type: "function", function: { name: c.name, arguments: c.arguments } }));
  return { message: assistantMessage(text, toolCalls), text, toolCalls, finishReason };
}

function assistantMessage(text: string, toolCalls: readonly ChatCompletionMessageFunctionToolCall[]): ChatCompletionAssistantMessageParam {
  return toolCalls.length > 0 ? { role: "assistant", content: text || null, tool_calls: [...toolCalls] } : { role: "assistant", content: text };
}

function addUsage(total: Usage, usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null | undefined): void {
  if (!usage) return;
  total.prompt_tokens += usage.prompt_tokens;
  total.completion_tokens += usage.completion_tokens;
  total.total_tokens += usage.total_tokens;
}

function observe(callback: () => void): void {
  try {
    callback();
  } catch {
    // ignored: see RunToolsOptions.onEvent
  }
}
