// Hand-written tools (no TypeScript source for the codegen to read): name, description, schema, function.
import type { JsonSchema, ObjectSchema } from "./json-schema.js";
import type { RevivePlan, ToolContext, ToolSpec } from "./registry.js";

interface ToolBase {
  readonly name: string;
  readonly description?: string;
  readonly parameters: ObjectSchema;
  readonly returns?: JsonSchema;
  readonly confirm?: boolean;
  readonly timeoutMs?: number;
  /** Offer the tool in OpenAI strict form by default (see {@link ToolSpec.strict}). */
  readonly strict?: boolean;
  /** Arguments to turn into `Date`s before the call (see {@link ToolSpec.revive}); without it they stay strings. */
  readonly revive?: RevivePlan;
}

/** Either `invoke` (gets the validated argument object) ... */
export interface InvokeToolDefinition<Args extends object, Result> extends ToolBase {
  readonly invoke: (args: Args, context: ToolContext) => Result | Promise<Result>;
  readonly params?: readonly string[] | "object";
}

/**
 * ... or a plain function `fn` with `params`: the argument names in the function's positional order, or
 * "object" (the default) for a function taking the argument object.
 */
export interface FnToolDefinition<Result> extends ToolBase {
  readonly fn: (...args: never[]) => Result | Promise<Result>;
  readonly params?: readonly string[] | "object";
}

export type ToolDefinition<Args extends object, Result> = InvokeToolDefinition<Args, Result> | FnToolDefinition<Result>;

/**
 * Defines a tool by hand. With `fn` and a `params` list, named arguments are passed positionally in that
 * order (`params: ["a", "b"]` calls `fn(args.a, args.b)`); every name must be a property of `parameters`.
 */
export function defineTool<Args extends object = Record<string, unknown>, Result = unknown>(definition: ToolDefinition<Args, Result>): ToolSpec<Args, Result> {
  const params = definition.params ?? "object";
  if (params !== "object") {
    const unknown = params.filter((p) => !(p in definition.parameters.properties));
    if (unknown.length > 0) throw new Error(`tool "${definition.name}": params ${unknown.join(", ")} are not properties of its parameters schema`);
  }
  const { fn: _fn, invoke: _invoke, ...rest } = definition as ToolBase & { fn?: unknown; invoke?: unknown; params?: unknown };
  let invoke: ToolSpec<Args, Result>["invoke"];
  if ("invoke" in definition) {
    invoke = definition.invoke;
  } else {
    const fn = definition.fn as unknown as (...args: unknown[]) => Result | Promise<Result>;
    invoke = params === "object" ? (args) => fn(args) : (args) => fn(...params.map((p) => (args as Record<string, unknown>)[p]));
  }
  return { ...rest, params, invoke };
}
