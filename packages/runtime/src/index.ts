export type { JsonSchema, JsonValue, ObjectSchema } from "./json-schema.js";
export type { Registry, ToolSpec } from "./registry.js";
export type { Int } from "./int.js";
export { fromStrictArguments, toAnthropic, toOpenAI, toOpenAIStrict } from "./providers/index.js";
export type { GeminiObjectSchema, GeminiSchema, Provider, ProviderSchema, SchemaChange } from "./providers/index.js";
export { forProvider, providerVariants, toGemini } from "./providers/index.js";
export type { GeminiOptions, ProviderOptions, ProviderSchemas } from "./providers/index.js";
