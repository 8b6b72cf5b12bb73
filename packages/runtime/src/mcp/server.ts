import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { JsonSchema } from "../json-schema.js";
import type { ToolSpec } from "../registry.js";
import { resolveRef } from "../providers/schema-tools.js";
import { inlineDefs } from "./inline-defs.js";

/** What a confirmation asks about (the toolbox's `ConfirmRequest`, structurally). */
export interface McpConfirmRequest {
  readonly tool: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly code?: string;
  readonly description?: string;
  /** Aborted when the call is cancelled (a tool called from code: its run's deadline or end). */
  readonly signal?: AbortSignal;
}

/** The result of one call (the toolbox's `ToolResult`, structurally). */
export type McpToolResult =
  | {
      readonly ok: true;
      readonly content: string;
      readonly value: unknown;
      /** Images the tool attached (e.g. the interpreter's charts): sent as `image` parts after the text. */
      readonly images?: readonly { readonly mediaType: string; readonly base64: string }[];
    }
  | { readonly ok: false; readonly content: string; readonly error: { readonly kind: string; readonly message: string } };

/**
 * The part of a `Toolbox` (from `createToolbox`) the MCP server uses: its specs, and `call`, which parses,
 * validates, asks for confirmation and runs, exactly as it does for a model's tool calls.
 */
export interface ServableToolbox {
  readonly specs: readonly ToolSpec[];
  call(
    call: { readonly name: string; readonly arguments: string | object },
    options?: {
      readonly signal?: AbortSignal;
      readonly confirm?: (request: McpConfirmRequest) => boolean | Promise<boolean>;
    },
  ): Promise<McpToolResult>;
}

export interface McpServerOptions {
  /** Approve every confirmation-gated call without asking (the CLI's `--yes`). Default false. */
  readonly approveAll?: boolean;
  /** The server name clients show. Default "toolsmith". */
  readonly name?: string;
  readonly version?: string;
  /** Text the client may show the model about this server. */
  readonly instructions?: string;
  /** How long a human may take to answer a confirmation, in ms. Default 10 minutes. */
  readonly confirmTimeoutMs?: number;
  /**
   * Write non-recursive `$defs` in place of their `$ref`s in the listed schemas (recursive ones stay `$ref`),
   * for clients that do not resolve `$ref` (the CLI's `--inline-defs`). Default false.
   */
  readonly inlineDefs?: boolean;
}

/** What a refused or unconfirmed call reads, as the seed's convention has it. */
export const REFUSED_MARK = "#FAIL#";

/**
 * An MCP server (the SDK's low-level `Server`, not yet connected) answering `tools/list` and `tools/call`
 * from a toolbox. One server serves one client connection; `serveMcp` makes one per HTTP session.
 */
export function createMcpServer(toolbox: ServableToolbox, options: McpServerOptions = {}): Server {
  const server = new Server(
    { name: options.name ?? "toolsmith", version: options.version ?? "0.1.0" },
    { capabilities: { tools: { listChanged: false } }, ...(options.instructions !== undefined ? { instructions: options.instructions } : {}) },
  );
  const tools = toolbox.specs.map((spec) => describeTool(spec, { inlineDefs: options.inlineDefs === true }));
  const withOutput = new Set(tools.filter((t) => t.outputSchema !== undefined).map((t) => t.name));

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name } = request.params;
    const confirm = async (ask: McpConfirmRequest): Promise<boolean> => {
      if (options.approveAll === true) return true;
      if (server.getClientCapabilities()?.elicitation?.form === undefined) {
        throw new Error("this MCP client cannot ask for approval (no elicitation support); start the server with --yes to approve such calls");
      }
      const answer = await server.elicitInput(
        {
          mode: "form",
          message: confirmationMessage(ask),
          requestedSchema: {
            type: "object",
            properties: { approve: { type: "boolean", title: `Run ${ask.tool}`, description: "Allow this call to run", default: false } },
            required: ["approve"],
          },
        },
        // The request's cancellation and the call's own (a call from code whose run ended) both withdraw the question.
        { signal: ask.signal === undefined ? extra.signal : AbortSignal.any([extra.signal, ask.signal]), relatedRequestId: extra.requestId, timeout: options.confirmTimeoutMs ?? 600_000 },
      );
      return answer.action === "accept" && answer.content?.["approve"] === true;
    };
    const result = await toolbox.call({ name, arguments: request.params.arguments ?? {} }, { signal: extra.signal, confirm });
    if (!result.ok) {
      const text = result.content === REFUSED_MARK ? `${REFUSED_MARK} ${result.error.message}` : result.content;
      return { content: [{ type: "text", text }], isError: true };
    }
    const images = (result.images ?? []).map((image) => ({ type: "image" as const, data: image.base64, mimeType: image.mediaType }));
    const reply: CallToolResult = { content: [{ type: "text", text: result.content }, ...images] };
    if (withOutput.has(name)) {
      // MCP: a tool that declares an outputSchema MUST return conforming structuredContent.
      const structured = toJsonObject(result.value);
      if (structured === undefined) {
        return { content: [{ type: "text", text: `${name} returned ${describe(result.value)}, not the object its output schema declares` }], isError: true };
      }
      reply.structuredContent = structured;
    }
    return reply;
  });
  return server;
}

/**
 * A ToolSpec as MCP's `Tool`: `inputSchema` is the parameters; `outputSchema` where the return is an object.
 * With `inlineDefs`, both have their non-recursive definitions inlined.
 */
export function describeTool(spec: ToolSpec, options: { readonly inlineDefs?: boolean } = {}): Tool {
  const shape = options.inlineDefs === true ? inlineDefs : (schema: JsonSchema) => schema;
  const objectOutput = spec.returns === undefined ? undefined : objectOutputSchema(spec.returns);
  const output = objectOutput === undefined ? undefined : shape(objectOutput);
  return {
    name: spec.name,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    inputSchema: shape(spec.parameters) as Tool["inputSchema"],
    ...(output !== undefined ? { outputSchema: output as Tool["outputSchema"] } : {}),
    ...(spec.confirm === true ? { annotations: { destructiveHint: true, readOnlyHint: false } } : {}),
  };
}

/**
 * MCP output schemas must be `type: "object"` at the root. A named return type arrives as
 * `{ $ref: "#/$defs/X", $defs }`: unwrap it (keeping `$defs` for nested refs). Anything else (a number,
 * an array, a union) has no output schema; its value still goes back as text.
 */
export function objectOutputSchema(returns: JsonSchema): JsonSchema | undefined {
  let schema = returns;
  if (schema.$ref !== undefined) {
    const target = resolveRef(returns, schema.$ref);
    if (target === undefined) return undefined;
    schema = { ...target, ...(returns.$defs !== undefined ? { $defs: returns.$defs } : {}) };
  }
  if (schema.type !== "object" || schema.anyOf !== undefined || schema.oneOf !== undefined) return undefined;
  return schema;
}

function confirmationMessage(ask: McpConfirmRequest): string {
  const what = ask.code ?? JSON.stringify(ask.arguments, null, 2);
  return `The model wants to run ${ask.tool}${ask.description !== undefined ? ` (${ask.description})` : ""}:\n\n${what}\n\nAllow it?`;
}

function toJsonObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  try {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
