// The seed's `call_func`, made safe to leave running: a tool call in, a tool result out, never a throw.
import type { ChatCompletionToolMessageParam } from "openai/resources/chat/completions";
import { toContent } from "./content.js";
import { describeJsonError } from "./json-error.js";
import type { Registry, ToolContext, ToolSpec } from "./registry.js";
import { fromStrictArguments } from "./providers/strict-arguments.js";
import { extractToolCalls, type ToolCallInput } from "./tool-calls.js";
import { chatCompletionsTools, functionsTools, anthropicTools, responsesTools, type AnthropicTool, type FormatOptions, type LegacyFunction } from "./tool-formats.js";
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import type { FunctionTool } from "openai/resources/responses/responses";
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

/** What a `confirm` callback is asked: which tool, with which (validated, defaults applied) arguments. */
export interface ConfirmRequest {
  readonly tool: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly callId?: string;
  /** For code tools (a string `code` argument, like the interpreters): the code to show the human. */
  readonly code?: string;
  readonly description?: string;
}

export type ConfirmFn = (request: ConfirmRequest) => boolean | Promise<boolean>;

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
  /** Anthropic Messages API tools (`input_schema`). */
  anthropicTools(): AnthropicTool[];
}

/** The tool messages to append after an assistant message, from its calls' results. */
export function toolMessages(results: readonly ToolResult[]): ChatCompletionToolMessageParam[] {
  return results.map((r) => ({ role: "tool", tool_call_id: r.callId ?? "", content: r.content }));
}

interface CompiledTool {
  readonly spec: ToolSpec;
  readonly validate: ValidateFn;
  readonly invoke: (args: Record<string, unknown>, context: ToolContext) => unknown;
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
    let validate: ValidateFn;
    try {
      validate = compileValidator(spec.parameters, { unknownProperties: options.unknownArguments ?? "reject" });
    } catch (error) {
      throw new Error(`tool "${spec.name}": cannot compile its parameters schema: ${(error as Error).message}`);
    }
    compiled.set(spec.name, { spec: spec as unknown as ToolSpec, validate, invoke: spec.invoke as unknown as CompiledTool["invoke"] });
  }
  const specs = [...compiled.values()].map((t) => t.spec);
  const names = specs.map((s) => s.name);
  // Tools offered in OpenAI strict form get `null` for omitted optional arguments; undo that before validating.
  const offeredStrict = new Set<string>();

  async function call(toolCall: ToolCall, callOptions: CallOptions = {}): Promise<ToolResult> {
    const { name, id: callId } = toolCall;
    const base = callId === undefined ? { name } : { name, callId };
    const fail = (kind: ToolErrorKind, message: string, extra: { issues?: readonly ValidationIssue[]; arguments?: Record<string, unknown>; content?: string } = {}): ToolResult => ({
      ok: false,
      ...base,
      content: extra.content ?? message,
      error: { kind, message, ...(extra.issues ? { issues: extra.issues } : {}) },
      ...(extra.arguments ? { arguments: extra.arguments } : {}),
    });

    const tool = compiled.get(name);
    if (!tool) {
      const known = names.length > 0 ? `Available tools: ${names.join(", ")}.` : "No tools are available.";
      return fail("unknown_tool", `Unknown tool ${JSON.stringify(name)}. ${known}`);
    }

    let args: unknown;
    if (typeof toolCall.arguments === "string") {
      const text = toolCall.arguments;
      if (text.trim() === "") args = {}; // some models send "" for a call without arguments
      else {
        try {
          args = JSON.parse(text);
        } catch {
          return fail("invalid_json", `The arguments for ${name} are not valid JSON: ${describeJsonError(text)}`);
        }
      }
    } else {
      args = structuredClone(toolCall.arguments); // defaults are filled in place: never in the caller's object
    }
    if (offeredStrict.has(name)) args = fromStrictArguments(tool.spec.parameters, args);

    const issues = tool.validate(args);
    if (issues.length > 0) {
      return fail("invalid_arguments", `Invalid arguments for ${name}:\n${formatIssues(issues)}`, { issues });
    }
    const validArgs = args as Record<string, unknown>;

    if (tool.spec.confirm) {
      const decide = callOptions.confirm ?? options.confirm;
      let approved = false;
      let why = "no confirmation callback was given, so calls needing approval are refused";
      if (decide) {
        try {
          approved = await decide({
            tool: name,
            arguments: validArgs,
            ...(callId !== undefined ? { callId } : {}),
            ...(typeof validArgs["code"] === "string" ? { code: validArgs["code"] } : {}),
            ...(tool.spec.description !== undefined ? { description: tool.spec.description } : {}),
          });
          why = "the user did not approve it";
        } catch (error) {
          why = `the confirmation failed: ${errorMessage(error)}`;
        }
      }
      // The seed's convention: a refused execution reads `#FAIL#` to the model.
      if (!approved) return fail("refused", `${name} was not run: ${why}`, { content: "#FAIL#", arguments: validArgs });
    }

    const limit = callOptions.timeoutMs ?? tool.spec.timeoutMs ?? options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
    const outcome = await runWithLimits(tool.invoke, validArgs, callId, limit, callOptions.signal);
    switch (outcome.kind) {
      case "timeout":
        return fail("timeout", `${name} did not finish within its time limit of ${formatMs(limit)} and was abandoned.`, { arguments: validArgs });
      case "aborted":
        return fail("aborted", `The call to ${name} was cancelled.`, { arguments: validArgs });
      case "threw":
        return fail("threw", `${name} failed: ${outcome.message}`, { arguments: validArgs });
      case "returned": {
        let content: string;
        try {
          content = toContent(outcome.value);
        } catch (error) {
          return fail("threw", `${name} returned a value that cannot be sent as JSON: ${errorMessage(error)}`, { arguments: validArgs });
        }
        return { ok: true, ...base, content, value: outcome.value, arguments: validArgs };
      }
    }
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
    anthropicTools: () => anthropicTools(specs),
  };
}

type Outcome = { kind: "returned"; value: unknown } | { kind: "threw"; message: string } | { kind: "timeout" } | { kind: "aborted" };

/** Calls the tool, racing its time limit and the caller's signal; the tool's own signal fires on either. */
async function runWithLimits(
  invoke: CompiledTool["invoke"],
  args: Record<string, unknown>,
  callId: string | undefined,
  limit: number,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  if (signal?.aborted) return { kind: "aborted" };
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<Outcome>((resolve) => {
    if (Number.isFinite(limit) && limit > 0) {
      timer = setTimeout(() => {
        controller.abort(new Error("time limit"));
        resolve({ kind: "timeout" });
      }, limit);
    }
    if (signal) {
      onAbort = () => {
        controller.abort(signal.reason);
        resolve({ kind: "aborted" });
      };
      signal.addEventListener("abort", onAbort, { once: true });
    }
  });
  const run = (async (): Promise<Outcome> => {
    try {
      const context: ToolContext = callId === undefined ? { signal: controller.signal } : { signal: controller.signal, callId };
      return { kind: "returned", value: await invoke(args, context) };
    } catch (error) {
      return { kind: "threw", message: errorMessage(error) };
    }
  })();
  try {
    return await Promise.race([run, stop]);
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
