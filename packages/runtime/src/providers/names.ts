import type { JsonSchema } from "../json-schema.js";
import { at } from "./schema-tools.js";
import type { SchemaChange } from "./types.js";

/**
 * The tool-name and parameter-name rules of each provider, each with the documentation it comes from.
 * `gemini` is the Gemini API (ai.google.dev), `vertex` is Gemini on Vertex AI: the two document
 * different rules for the same `FunctionDeclaration`.
 */
export type NamePlatform = "openai" | "anthropic" | "gemini" | "vertex";

export interface NameRule {
  readonly pattern: RegExp;
  /** The rule in words, for messages. */
  readonly says: string;
}

export const TOOL_NAME_RULES: Readonly<Record<NamePlatform, NameRule>> = {
  // OpenAI API reference, Chat Completions `tools[].function.name`: "Must be a-z, A-Z, 0-9, or contain
  // underscores and dashes, with a maximum length of 64."
  // https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools
  openai: { pattern: /^[a-zA-Z0-9_-]{1,64}$/, says: "letters, digits, `_` and `-`, at most 64" },
  // Anthropic Messages API reference, `tools[].name`: "maxLength 128, minLength 1"
  // (https://platform.claude.com/docs/en/api/messages, tools -> name), characters per the tool-use docs'
  // `^[a-zA-Z0-9_-]` pattern (earlier versions of the reference: `^[a-zA-Z0-9_-]{1,64}$`).
  anthropic: { pattern: /^[a-zA-Z0-9_-]{1,128}$/, says: "letters, digits, `_` and `-`, at most 128" },
  // Gemini API reference, `FunctionDeclaration.name`: "Must be a-z, A-Z, 0-9, or contain underscores,
  // colons, dots, and dashes, with a maximum length of 64." https://ai.google.dev/api/caching#FunctionDeclaration
  gemini: { pattern: /^[a-zA-Z0-9_.:-]{1,64}$/, says: "letters, digits, `_` `.` `:` `-`, at most 64" },
  // Vertex AI REST reference, `FunctionDeclaration.name`: "Must start with a letter or an underscore. Must
  // be a-z, A-Z, 0-9, or contain underscores, dots and dashes, with a maximum length of 64." (no colon)
  // https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/projects.locations.cachedContents#FunctionDeclaration
  vertex: { pattern: /^[a-zA-Z_][a-zA-Z0-9_.-]{0,63}$/, says: "a letter or `_` first, then letters, digits, `_` `.` `-`, at most 64" },
};

export const PARAMETER_NAME_RULES: Readonly<Partial<Record<NamePlatform, NameRule>>> = {
  // Anthropic: not in the tool-use docs; the API's own 400 for `input_schema` says "Property keys should
  // match pattern '^[a-zA-Z0-9_.-]{1,64}$'" (reported in client issues). Applies to the top-level keys.
  anthropic: { pattern: /^[a-zA-Z0-9_.-]{1,64}$/, says: "letters, digits, `_` `.` `-`, 1-64 characters" },
  // Vertex AI REST reference, `FunctionDeclaration.parameters`: "Parameter names must start with a letter
  // or an underscore and must only contain chars a-z, A-Z, 0-9, or underscores with a maximum length of 64."
  vertex: { pattern: /^[A-Za-z_][A-Za-z0-9_]{0,63}$/, says: "a letter or `_` first, then letters, digits and `_`, at most 64" },
};

const LABEL: Readonly<Record<NamePlatform, string>> = {
  openai: "OpenAI", anthropic: "Anthropic", gemini: "the Gemini API", vertex: "Vertex AI",
};

/**
 * What one platform says about a tool's name and its parameters' names: problems at `#` (the tool name)
 * and `#/properties/<name>` (a parameter). Empty when every name is accepted.
 */
export function nameProblems(name: string, parameters: JsonSchema, platform: NamePlatform): SchemaChange[] {
  const found: SchemaChange[] = [];
  const tool = TOOL_NAME_RULES[platform];
  if (!tool.pattern.test(name)) {
    found.push({ path: "#", message: `tool name ${JSON.stringify(name)} is rejected by ${LABEL[platform]} (${tool.says})` });
  }
  return [...found, ...parameterNameProblems(parameters, platform)];
}

/** The parameter-name half of `nameProblems`: the top-level property names a platform rejects. */
export function parameterNameProblems(parameters: JsonSchema, platform: NamePlatform): SchemaChange[] {
  const rule = PARAMETER_NAME_RULES[platform];
  if (rule === undefined) return [];
  return Object.keys(parameters.properties ?? {})
    .filter((key) => !rule.pattern.test(key))
    .map((key) => ({ path: at("#", "properties", key), message: `parameter name ${JSON.stringify(key)} is rejected by ${LABEL[platform]} (${rule.says})` }));
}
