import type { JsonSchema, ObjectSchema } from "./json-schema.js";

/**
 * One callable tool: what `toolsmith codegen --out` generates per exported function, and what a
 * hand-written tool definition provides. The runtime validates a model's arguments against
 * `parameters` and then calls `invoke` with the validated (defaults applied) argument object.
 */
export interface ToolSpec<Args extends object = Record<string, unknown>, Result = unknown> {
  /** The name the model calls the tool by. */
  readonly name: string;
  /** The function's JSDoc summary (the seed's `f.__doc__`). */
  readonly description?: string;
  /** JSON Schema of the argument object (`type: "object"`), in the style the codegen was run with. */
  readonly parameters: ObjectSchema;
  /** JSON Schema of the resolved return value, where the codegen could express it. */
  readonly returns?: JsonSchema;
  /**
   * How named arguments reach the function: the declared parameter order for positional parameters,
   * or `"object"` for a function taking one (destructured) object whose members are the tool's parameters.
   */
  readonly params: readonly string[] | "object";
  /**
   * Calls the function with validated arguments; generated code spells out the call so it is type-checked.
   * `context.signal` fires when the call is cancelled or over its time limit (a tool that can stop early should).
   */
  readonly invoke: (args: Args, context: ToolContext) => Result | Promise<Result>;
  /** Running this tool needs a human's approval first (JSDoc `@confirm`). */
  readonly confirm?: boolean;
  /** This tool's time limit in milliseconds (overrides the toolbox default; a call's own limit overrides this). */
  readonly timeoutMs?: number;
}

/** What a tool receives besides its arguments. */
export interface ToolContext {
  /** Aborted when the caller cancels or the time limit passes. */
  readonly signal: AbortSignal;
  /** The model's id for this call, when there is one. */
  readonly callId?: string;
}

/** What a generated registry module exports: tools keyed by name. */
export type Registry = { readonly [name: string]: ToolSpec<never, unknown> };
