export { toOpenAIStrict, OPENAI_STRICT_RULES } from "./openai-strict.js";
export { fromStrictArguments } from "./strict-arguments.js";
export { toOpenAI } from "./openai.js";
export { toAnthropic } from "./anthropic.js";
export type { GeminiObjectSchema, GeminiSchema, Provider, ProviderSchema, SchemaChange } from "./types.js";
