// Finding the tool calls in whatever the caller holds: the seed's `call_func(c)` took the whole completion.
import type { ToolCall } from "./toolbox.js";

interface FunctionCallLike {
  readonly name: string;
  readonly arguments: string | object;
}

/** A Chat Completions tool call: `{ id, type: "function", function: { name, arguments } }`. */
export interface ToolCallLike {
  readonly id?: string;
  readonly type?: string;
  readonly function: FunctionCallLike;
}

/** An assistant message (response or request form): its `tool_calls`, or the legacy `function_call`. */
export interface AssistantMessageLike {
  readonly tool_calls?: readonly (ToolCallLike | { readonly type: string })[] | null;
  readonly function_call?: FunctionCallLike | null;
}

export interface CompletionLike {
  readonly choices: readonly { readonly message: AssistantMessageLike }[];
}

/** What `callFunc` accepts: a ChatCompletion, an assistant message, a tool call, a legacy function call. */
export type ToolCallInput = CompletionLike | AssistantMessageLike | ToolCallLike | ToolCall;

export function extractToolCalls(input: ToolCallInput): ToolCall[] {
  if ("choices" in input) return extractToolCalls(input.choices[0]?.message ?? {});
  if ("function" in input && typeof input.function === "object" && input.function !== null) {
    return [fromFunction(input.function, input.id)];
  }
  if ("tool_calls" in input || "function_call" in input) {
    const message = input as AssistantMessageLike;
    const calls = (message.tool_calls ?? []).filter((c): c is ToolCallLike => "function" in c && c.type !== "custom");
    if (calls.length > 0) return calls.map((c) => fromFunction(c.function, c.id));
    return message.function_call ? [fromFunction(message.function_call, undefined)] : [];
  }
  if ("name" in input && "arguments" in input) return [input as ToolCall];
  return [];
}

function fromFunction(fn: FunctionCallLike, id: string | undefined): ToolCall {
  return id === undefined ? { name: fn.name, arguments: fn.arguments } : { name: fn.name, arguments: fn.arguments, id };
}
