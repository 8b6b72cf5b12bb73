// The seed's `askgpt(prompt, system=..., functions=...)`: one question, tools run, the answer back.
import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { Registry, ToolSpec } from "./registry.js";
import { runTools, type ChatClient, type RunToolsOptions, type RunToolsResult } from "./run-tools.js";
import { createToolbox, type Toolbox } from "./toolbox.js";

/** Used when neither `model` nor OPENAI_MODEL says otherwise. */
export const DEFAULT_MODEL = "gpt-4.1-mini";

/** How to point the runtime at a model; shown when no key or base URL is set. */
export const CREDENTIALS_HELP = [
  "No model endpoint configured. Set one of:",
  "  OPENAI_API_KEY=sk-...                              (OpenAI)",
  "  OPENAI_BASE_URL=http://localhost:11434/v1          (Ollama, vLLM, llama.cpp server, LM Studio: any OpenAI-compatible server)",
  "and optionally OPENAI_MODEL (default " + DEFAULT_MODEL + ").",
].join("\n");

export class MissingCredentialsError extends Error {
  override readonly name = "MissingCredentialsError";
  constructor() {
    super(CREDENTIALS_HELP);
  }
}

type Env = { readonly [name: string]: string | undefined };

/**
 * An `openai` client from OPENAI_API_KEY / OPENAI_BASE_URL. A base URL alone is enough (local servers
 * need no key); neither throws {@link MissingCredentialsError} with instructions.
 */
export function clientFromEnv(env: Env = process.env): OpenAI {
  const apiKey = env["OPENAI_API_KEY"] || undefined;
  const baseURL = env["OPENAI_BASE_URL"] || undefined;
  if (!apiKey && !baseURL) throw new MissingCredentialsError();
  return new OpenAI({ apiKey: apiKey ?? "not-needed", ...(baseURL ? { baseURL } : {}) });
}

export function modelFromEnv(env: Env = process.env): string {
  return env["OPENAI_MODEL"] || DEFAULT_MODEL;
}

export interface AskOptions extends Omit<RunToolsOptions, "client" | "model" | "messages" | "tools"> {
  /** Defaults to {@link clientFromEnv}. */
  readonly client?: ChatClient;
  /** Defaults to OPENAI_MODEL, then {@link DEFAULT_MODEL}. */
  readonly model?: string;
  readonly system?: string;
  readonly tools?: Toolbox | Registry | readonly ToolSpec<never, unknown>[];
  /** Earlier turns to continue from (after the system prompt, before this prompt). */
  readonly history?: readonly ChatCompletionMessageParam[];
}

export function ask(prompt: string, options: AskOptions = {}): Promise<RunToolsResult> {
  const { client, model, system, tools, history = [], ...rest } = options;
  const messages: ChatCompletionMessageParam[] = [...(system !== undefined ? [{ role: "system" as const, content: system }] : []), ...history, { role: "user", content: prompt }];
  return runTools({
    ...rest,
    client: client ?? clientFromEnv(),
    model: model ?? modelFromEnv(),
    messages,
    ...(tools !== undefined ? { tools: isToolbox(tools) ? tools : createToolbox(tools) } : {}),
  });
}

function isToolbox(tools: AskOptions["tools"]): tools is Toolbox {
  return typeof tools === "object" && tools !== null && "callFunc" in tools && typeof (tools as Toolbox).callFunc === "function";
}
