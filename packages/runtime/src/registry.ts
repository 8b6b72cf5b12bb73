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
  /**
   * Offer this tool in OpenAI strict form (Structured Outputs) unless asked otherwise (`toolsmith codegen
   * --strict`). `parameters` stays the ordinary schema: the strict form is derived from it, and the `null`s
   * a strict model sends for omitted arguments are dropped before validation, so defaults apply.
   */
  readonly strict?: boolean;
  /**
   * Where the validated arguments hold values JSON cannot carry, to be turned into them before `invoke`
   * (the codegen writes it for `Date` parameters and members). Absent: arguments reach `invoke` as parsed.
   */
  readonly revive?: RevivePlan;
}

/**
 * A sparse mirror of `parameters`: only the paths leading to a value to revive, with the same keywords
 * (`properties`, `items`, `prefixItems`, `additionalProperties`, `anyOf`, `$ref` into the plan's own
 * `$defs`, so recursive types stay finite). `{}` marks a position with nothing to revive, e.g. the other
 * branches of an `anyOf` (the branch is chosen by validating against `parameters` at the same position).
 */
export interface RevivePlan {
  /** `"date"`: the value is an RFC 3339 date-time string; the function gets a `Date`. */
  readonly as?: "date";
  readonly properties?: { readonly [name: string]: RevivePlan };
  readonly items?: RevivePlan;
  readonly prefixItems?: readonly RevivePlan[];
  readonly additionalProperties?: RevivePlan;
  readonly anyOf?: readonly RevivePlan[];
  /** `#/$defs/Name`: the plan of the schema's definition of the same name. */
  readonly $ref?: string;
  /** Only at the root: plans of the definitions that hold something to revive. */
  readonly $defs?: { readonly [name: string]: RevivePlan };
}

/** What a tool receives besides its arguments. */
export interface ToolContext {
  /** Aborted when the caller cancels or the time limit passes. */
  readonly signal: AbortSignal;
  /** The model's id for this call, when there is one. */
  readonly callId?: string;
  /**
   * Attaches images to this call's result besides its text (e.g. a chart the code interpreter drew): the
   * toolbox puts them in `ToolResult.images`, the MCP server returns them as `image` content parts, and
   * `anthropicToolResult` / `responsesToolOutput` send them to the model. Absent when the caller of
   * `invoke` takes no images (a direct call); the text result stays the same either way.
   */
  readonly attachImages?: (images: readonly ToolImage[]) => void;
  /**
   * The confirmation callback the caller gave this call (`CallOptions.confirm`: an MCP client's elicitation,
   * say), for a tool whose own calls need one: code mode's calls of `@confirm` tools from the sandboxed code
   * ask through it. Absent when the call had none (the toolbox-level `confirm` is not passed on).
   */
  readonly confirm?: ConfirmFn;
}

/** An image a tool call produced, base64-encoded (what `ToolContext.attachImages` takes). */
export interface ToolImage {
  /** `image/png`, `image/jpeg`, `image/gif` or `image/webp`. */
  readonly mediaType: string;
  readonly base64: string;
  /** The file's name, for display (e.g. `figure-1.png`). */
  readonly name: string;
}

/** What a generated registry module exports: tools keyed by name. */
export type Registry = { readonly [name: string]: ToolSpec<never, unknown> };

/** What a `confirm` callback is asked: which tool, with which (validated, defaults applied) arguments. */
export interface ConfirmRequest {
  readonly tool: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly callId?: string;
  /** For code tools (a string `code` argument, like the interpreters): the code to show the human. */
  readonly code?: string;
  readonly description?: string;
  /**
   * Aborted when the call is cancelled while the human is being asked: the caller's signal, the run's
   * deadline for a call from code, an MCP request's cancellation. A prompt should stop waiting then; the
   * call ends as `aborted` whether or not the callback returns.
   */
  readonly signal?: AbortSignal;
}

export type ConfirmFn = (request: ConfirmRequest) => boolean | Promise<boolean>;
