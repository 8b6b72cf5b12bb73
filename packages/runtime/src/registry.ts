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
  /** Calls the function with validated arguments; generated code spells out the call so it is type-checked. */
  readonly invoke: (args: Args) => Result | Promise<Result>;
  /** Running this tool needs a human's approval first (JSDoc `@confirm`). */
  readonly confirm?: boolean;
}

/** What a generated registry module exports: tools keyed by name. */
export type Registry = { readonly [name: string]: ToolSpec<never, unknown> };
