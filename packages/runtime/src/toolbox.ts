// The seed's `call_func`, made safe to leave running: a tool call in, a tool result out, never a throw.
import type { ChatCompletionFunctionTool, ChatCompletionToolMessageParam } from "openai/resources/chat/completions";
import type { FunctionTool } from "openai/resources/responses/responses";
import { toContent } from "./content.js";
import { describeJsonError } from "./json-error.js";
import { fromStrictArguments } from "./providers/strict-arguments.js";
import type { ConfirmFn, ConfirmRequest, Registry, ToolContext, ToolImage, ToolSpec } from "./registry.js";
import { compileReviver, type ReviveFn } from "./revive.js";
import { extractToolCalls, type ToolCallInput } from "./tool-calls.js";
import { MAX_ARGUMENT_DEPTH, nestingIssue } from "./validation/nesting.js";
import type { Provider } from "./providers/types.js";
import {
  anthropicTools, chatCompletionsTools, functionsTools, geminiTools, providerReport, responsesTools,
  type AnthropicFormatOptions, type AnthropicTool, type FormatOptions, type GeminiFormatOptions, type GeminiTool,
  type LegacyFunction, type ProviderReport, type ReportOptions,
} from "./tool-formats.js";
import { compileValidator, formatIssues, type ValidateFn, type ValidationIssue } from "./validation/index.js";

/** Default time limit of one tool call. */
export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;

/** One tool call as the model made it: `arguments` is the JSON text (or an already parsed object). */
export interface ToolCall {
  readonly name: string;
  readonly arguments: string | object;
  /** The model's call id (`call_...`), echoed in the result so it can become a tool message. */
  readonly id?: string;
}

// The confirm types live with the registry types (the types-only graph the codegen resolves).
export type { ConfirmFn, ConfirmRequest } from "./registry.js";

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Time limit for this call in ms (0 or Infinity: none). Overrides the tool's and the toolbox's. */
  readonly timeoutMs?: number;
  /** Decides on tools that need confirmation; overrides the toolbox's. Without one such calls are refused. */
  readonly confirm?: ConfirmFn;
}

export interface ToolboxOptions {
  /** Default time limit per call in ms (default 30 000). */
  readonly timeoutMs?: number;
  /** Default confirmation callback. */
  readonly confirm?: ConfirmFn;
  /** Arguments the schema does not declare: "reject" (default, the model is told) or "allow". */
  readonly unknownArguments?: "reject" | "allow";
}

export type ToolErrorKind = "invalid_json" | "unknown_tool" | "invalid_arguments" | "refused" | "threw" | "timeout" | "aborted";

export type ToolResult =
  | {
      readonly ok: true;
      readonly name: string;
      readonly callId?: string;
      /** The tool message text the model reads. */
      readonly content: string;
      /** What the function returned (awaited). */
      readonly value: unknown;
      /** Images the tool attached (`context.attachImages`), e.g. the interpreter's charts; absent when none. */
      readonly images?: readonly ToolImage[];
      /** The arguments the function got (validated, defaults applied). */
      readonly arguments: Readonly<Record<string, unknown>>;
    }
  | {
      readonly ok: false;
      readonly name: string;
      readonly callId?: string;
      /** The tool message text the model reads: what went wrong, precisely enough to correct the call. */
      readonly content: string;
      readonly error: { readonly kind: ToolErrorKind; readonly message: string; readonly issues?: readonly ValidationIssue[] };
      readonly arguments?: Readonly<Record<string, unknown>>;
    };

export interface Toolbox {
  readonly specs: readonly ToolSpec[];
  readonly names: readonly string[];
  get(name: string): ToolSpec | undefined;
  /** Runs one tool call. Every failure is a result (`ok: false`) whose `content` tells the model what to fix. */
  call(call: ToolCall, options?: CallOptions): Promise<ToolResult>;
  /**
   * The seed's `call_func`: runs every tool call in a ChatCompletion, an assistant message, a single tool
   * call, or a legacy `function_call`, concurrently; results in the calls' order.
   */
  callFunc(input: ToolCallInput, options?: CallOptions): Promise<ToolResult[]>;
  /** OpenAI Chat Completions `tools`. `strict: true` makes each tool strict where its schema allows. */
  chatCompletionsTools(options?: FormatOptions): ChatCompletionFunctionTool[];
  /** The seed's legacy Chat Completions `functions`. */
  functions(): LegacyFunction[];
  /** OpenAI Responses API function tools. */
  responsesTools(options?: FormatOptions): FunctionTool[];
  /**
   * Anthropic Messages API tools (`input_schema`). `strict: true`: Anthropic strict tool use for each tool
   * whose schema allows it, within the per-request limits; `providerReport("anthropic-strict")` says which.
   */
  anthropicTools(options?: AnthropicFormatOptions): AnthropicTool[];
  /**
   * Google Gemini's `{ functionDeclarations }` (pass as `tools: [toolbox.geminiTools()]`). By default each
   * tool's schema goes in `parametersJsonSchema` (JSON Schema, nothing lost); `{ form: "openapi" }` uses
   * `parameters` (Gemini's OpenAPI subset), where tools it cannot express are left out. A tool without
   * arguments carries neither field. A name Gemini rejects leaves the tool out too: `providerReport("gemini")`
   * says which and why. Gemini's `functionCall` comes back as `{ name, args, id? }`: run it with
   * `call({ name, arguments: args ?? {}, id })`, which validates against the tool's own (full) schema.
   */
  geminiTools(options?: GeminiFormatOptions): GeminiTool;
  /** Per tool, what the given provider's form changed or lost, and whether it can take the tool at all. */
  providerReport(provider: Provider, options?: ReportOptions): ProviderReport[];
}

/** The tool messages to append after an assistant message, from its calls' results. */
export function toolMessages(results: readonly ToolResult[]): ChatCompletionToolMessageParam[] {
  return results.map((r) => ({ role: "tool", tool_call_id: r.callId ?? "", content: r.content }));
}

interface CompiledTool {
  readonly spec: ToolSpec;
  readonly validate: ValidateFn;
  readonly invoke: (args: Record<string, unknown>, context: ToolContext) => unknown;
  /** Turns validated JSON into what the function's types say (Dates); absent for most tools. */
  readonly revive: ReviveFn | undefined;
  /** A strict tool (`spec.strict`): its model's `null`s for omitted arguments are always dropped. */
  readonly strictNulls: boolean;
}

/**
 * Builds a toolbox from a generated registry (`import { registry } from "./registry.generated.js"`) or a
 * list of specs (e.g. from {@link defineTool}). Each tool's schema is compiled into a validator here, once;
 * a schema that cannot be compiled (non-local `$ref`) or a duplicate name throws now, not mid-conversation.
 */
export function createToolbox(tools: Registry | readonly ToolSpec<never, unknown>[], options: ToolboxOptions = {}): Toolbox {
  const list = (Array.isArray(tools) ? tools : Object.values(tools as Registry)) as readonly ToolSpec<never, unknown>[];
  const compiled = new Map<string, CompiledTool>();
  for (const spec of list) {
    if (compiled.has(spec.name)) throw new Error(`two tools are named "${spec.name}"`);
    const unknownProperties = options.unknownArguments ?? "reject";
    let validate: ValidateFn;
    try {
      validate = compileValidator(spec.parameters, { unknownProperties });
    } catch (error) {
      throw new Error(`tool "${spec.name}": cannot compile its parameters schema: ${(error as Error).message}`);
    }
    let revive: ReviveFn | undefined;
    try {
      revive = compileReviver(spec.revive, spec.parameters, { unknownProperties });
    } catch (error) {
      throw new Error(`tool "${spec.name}": cannot compile its revive plan: ${(error as Error).message}`);
    }
    compiled.set(spec.name, {
      spec: spec as unknown as ToolSpec,
      validate,
      invoke: spec.invoke as unknown as CompiledTool["invoke"],
      revive,
      strictNulls: spec.strict === true,
    });
  }
  const specs = [...compiled.values()].map((t) => t.spec);
  const names = specs.map((s) => s.name);
  // Tools offered in OpenAI strict form get `null` for omitted optional arguments; undo that before validating
  // (always for a strict tool, whose form the model most likely saw; else once a strict form was handed out).
  const offeredStrict = new Set<string>();

  // Nothing may throw out of a call: a call that fails is a result, so the turn's other results are kept.
  function call(toolCall: ToolCall, callOptions: CallOptions = {}): Promise<ToolResult> {
    try {
      return prepareAndRun(toolCall, callOptions);
    } catch (error) {
      const name = String((toolCall as Partial<ToolCall> | null | undefined)?.name);
      const callId = (toolCall as Partial<ToolCall> | null | undefined)?.id;
      const why = error instanceof RangeError ? "they are nested too deeply" : errorMessage(error);
      return Promise.resolve(failure(name, callId, "invalid_arguments", `The arguments for ${name} could not be checked: ${why}`));
    }
  }

  // Sync up to the tool's own work, so a synchronous tool costs one resolved promise, no timers or controllers.
  function prepareAndRun(toolCall: ToolCall, callOptions: CallOptions): Promise<ToolResult> {
    const { name, id: callId } = toolCall;
    const tool = compiled.get(name);
    if (!tool) {
      const known = names.length > 0 ? `Available tools: ${names.join(", ")}.` : "No tools are available.";
      return Promise.resolve(failure(name, callId, "unknown_tool", `Unknown tool ${JSON.stringify(name)}. ${known}`));
    }

    let args: unknown;
    if (typeof toolCall.arguments === "string") {
      const text = toolCall.arguments;
      try {
        args = JSON.parse(text);
      } catch {
        if (text.trim() === "") args = {}; // some models send "" for a call without arguments
        else return Promise.resolve(failure(name, callId, "invalid_json", `The arguments for ${name} are not valid JSON: ${describeJsonError(text)}`));
      }
    } else {
      args = toolCall.arguments;
    }
    // Text this short cannot nest deeper than the limit (each level costs two brackets): the common call skips the walk.
    const tooDeep = typeof toolCall.arguments === "string" && toolCall.arguments.length <= 2 * MAX_ARGUMENT_DEPTH ? undefined : nestingIssue(args);
    if (tooDeep !== undefined) {
      return Promise.resolve(failure(name, callId, "invalid_arguments", `Invalid arguments for ${name}:\n${formatIssues([tooDeep])}`, { issues: [tooDeep] }));
    }
    if (typeof toolCall.arguments !== "string") args = structuredClone(args); // defaults are filled in place: never in the caller's object
    if (tool.strictNulls || (offeredStrict.size > 0 && offeredStrict.has(name))) args = fromStrictArguments(tool.spec.parameters, args);

    const issues = tool.validate(args);
    if (issues.length > 0) {
      return Promise.resolve(failure(name, callId, "invalid_arguments", `Invalid arguments for ${name}:\n${formatIssues(issues)}`, { issues }));
    }
    const validArgs = args as Record<string, unknown>;
    if (tool.revive !== undefined) tool.revive(validArgs);
    if (tool.spec.confirm) return confirmThenRun(tool, validArgs, callId, callOptions);
    return run(tool, validArgs, callId, callOptions);
  }

  async function confirmThenRun(tool: CompiledTool, args: Record<string, unknown>, callId: string | undefined, callOptions: CallOptions): Promise<ToolResult> {
    const name = tool.spec.name;
    const decide = callOptions.confirm ?? options.confirm;
    const signal = callOptions.signal;
    const cancelled = () => failure(name, callId, "aborted", `The call to ${name} was cancelled while waiting for its confirmation.`, { arguments: args });
    if (signal?.aborted) return cancelled();
    let approved = false;
    let why = "no confirmation callback was given, so calls needing approval are refused";
    if (decide) {
      try {
        const decision = decide({
          tool: name,
          arguments: args,
          ...(callId !== undefined ? { callId } : {}),
          ...(typeof args["code"] === "string" ? { code: args["code"] } : {}),
          ...(tool.spec.description !== undefined ? { description: tool.spec.description } : {}),
          ...(signal !== undefined ? { signal } : {}),
        });
        // A cancelled call does not wait for a callback that ignores its signal.
        approved = (await untilAborted(decision, signal)) === true;
        why = "the user did not approve it";
      } catch (error) {
        why = `the confirmation failed: ${errorMessage(error)}`;
      }
    }
    if (signal?.aborted) return cancelled();
    // The seed's convention: a refused execution reads `#FAIL#` to the model.
    if (approved !== true) return failure(name, callId, "refused", `${name} was not run: ${why}`, { content: "#FAIL#", arguments: args });
    return run(tool, args, callId, callOptions);
  }

  function run(tool: CompiledTool, args: Record<string, unknown>, callId: string | undefined, callOptions: CallOptions): Promise<ToolResult> {
    const name = tool.spec.name;
    const signal = callOptions.signal;
    if (signal?.aborted) return Promise.resolve(failure(name, callId, "aborted", `The call to ${name} was cancelled.`, { arguments: args }));
    const context = new LazyContext(callId, callOptions.confirm);
    let returned: unknown;
    try {
      returned = tool.invoke(args, context);
    } catch (error) {
      return Promise.resolve(failure(name, callId, "threw", `${name} failed: ${errorMessage(error)}`, { arguments: args }));
    }
    if (!isThenable(returned)) return Promise.resolve(success(name, callId, returned, args, context.images));
    const limit = callOptions.timeoutMs ?? tool.spec.timeoutMs ?? options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
    return raceLimits(returned, context, limit, signal).then((outcome) => {
      switch (outcome.kind) {
        case "timeout":
          return failure(name, callId, "timeout", `${name} did not finish within its time limit of ${formatMs(limit)} and was abandoned.`, { arguments: args });
        case "aborted":
          return failure(name, callId, "aborted", `The call to ${name} was cancelled.`, { arguments: args });
        case "threw":
          return failure(name, callId, "threw", `${name} failed: ${outcome.message}`, { arguments: args });
        case "returned":
          return success(name, callId, outcome.value, args, context.images);
      }
    });
  }

  return {
    specs,
    names,
    get: (name) => compiled.get(name)?.spec,
    call,
    callFunc: (input, callOptions) => Promise.all(extractToolCalls(input).map((c) => call(c, callOptions))),
    chatCompletionsTools: (formatOptions) => {
      const tools = chatCompletionsTools(specs, formatOptions);
      for (const t of tools) if (t.function.strict === true) offeredStrict.add(t.function.name);
      return tools;
    },
    functions: () => functionsTools(specs),
    responsesTools: (formatOptions) => {
      const tools = responsesTools(specs, formatOptions);
      for (const t of tools) if (t.strict === true) offeredStrict.add(t.name);
      return tools;
    },
    anthropicTools: (options) => anthropicTools(specs, options),
    geminiTools: (options) => geminiTools(specs, options),
    providerReport: (provider, options) => providerReport(specs, provider, options),
  };
}

function success(name: string, callId: string | undefined, value: unknown, args: Record<string, unknown>, images: readonly ToolImage[]): ToolResult {
  let content: string;
  try {
    content = toContent(value);
  } catch (error) {
    return failure(name, callId, "threw", `${name} returned a value that cannot be sent as JSON: ${errorMessage(error)}`, { arguments: args });
  }
  const attached = images.length > 0 ? { images } : {};
  return callId === undefined ? { ok: true, name, content, value, arguments: args, ...attached } : { ok: true, name, callId, content, value, arguments: args, ...attached };
}

function failure(
  name: string,
  callId: string | undefined,
  kind: ToolErrorKind,
  message: string,
  extra: { issues?: readonly ValidationIssue[]; arguments?: Record<string, unknown>; content?: string } = {},
): ToolResult {
  return {
    ok: false,
    name,
    ...(callId !== undefined ? { callId } : {}),
    content: extra.content ?? message,
    error: { kind, message, ...(extra.issues ? { issues: extra.issues } : {}) },
    ...(extra.arguments ? { arguments: extra.arguments } : {}),
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === "object" || typeof value === "function") && typeof (value as { then?: unknown }).then === "function";
}

/** A ToolContext whose AbortController exists only if the tool looks at its signal. */
class LazyContext implements ToolContext {
  private controller: AbortController | undefined;
  private reason: unknown;
  private stopped = false;
  /** Attached by the tool while it runs; a call that ends in a failure drops them with its result. */
  readonly images: ToolImage[] = [];
  readonly confirm: ConfirmFn | undefined;
  constructor(
    readonly callId: string | undefined,
    confirm: ConfirmFn | undefined,
  ) {
    this.confirm = confirm;
  }
  readonly attachImages = (images: readonly ToolImage[]): void => {
    if (!this.stopped) this.images.push(...images);
  };
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.stopped) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }
  abort(reason: unknown): void {
    this.stopped = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

/** A confirmation's answer, or `undefined` as soon as the call's signal aborts (whichever comes first). */
async function untilAborted(decision: boolean | Promise<boolean>, signal: AbortSignal | undefined): Promise<boolean | undefined> {
  if (signal === undefined || !isThenable(decision)) return decision;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([decision, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

type Outcome = { kind: "returned"; value: unknown } | { kind: "threw"; message: string } | { kind: "timeout" } | { kind: "aborted" };

/** Awaits an async tool, racing its time limit and the caller's signal; the tool's own signal fires on either. */
async function raceLimits(pending: PromiseLike<unknown>, context: LazyContext, limit: number, signal: AbortSignal | undefined): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<Outcome>((resolve) => {
    if (Number.isFinite(limit) && limit > 0) {
      timer = setTimeout(() => {
        context.abort(new Error("time limit"));
        resolve({ kind: "timeout" });
      }, limit);
    }
    if (signal) {
      onAbort = () => {
        context.abort(signal.reason);
        resolve({ kind: "aborted" });
      };
      signal.addEventListener("abort", onAbort, { once: true });
    }
  });
  const settled = Promise.resolve(pending).then(
    (value): Outcome => ({ kind: "returned", value }),
    (error: unknown): Outcome => ({ kind: "threw", message: errorMessage(error) }),
  );
  try {
    return await Promise.race([settled, stop]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

/** The message of a thrown value, never its stack (the model can act on the message; a stack leaks paths). */
function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === "string") return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
