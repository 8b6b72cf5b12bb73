import type { JsonSchema, ObjectSchema } from "../json-schema.js";
import { toAnthropic } from "./anthropic.js";
import { type GeminiOptions, toGemini } from "./gemini.js";
import { toOpenAI } from "./openai.js";
import { toOpenAIStrict } from "./openai-strict.js";
import type { GeminiObjectSchema, Provider, ProviderSchema } from "./types.js";

export { toOpenAIStrict, OPENAI_STRICT_RULES } from "./openai-strict.js";
export { fromStrictArguments } from "./strict-arguments.js";
export { toOpenAI } from "./openai.js";
export { toAnthropic, ANTHROPIC_PROPERTY_NAME } from "./anthropic.js";
export { toGemini, GEMINI_FORMATS, type GeminiOptions } from "./gemini.js";
export type { GeminiObjectSchema, GeminiSchema, Provider, ProviderSchema, SchemaChange } from "./types.js";

/** The schema each provider receives: Gemini's dialect has its own type, the others are JSON Schema. */
export interface ProviderSchemas {
  readonly "openai-strict": ProviderSchema<ObjectSchema>;
  readonly openai: ProviderSchema<ObjectSchema>;
  readonly anthropic: ProviderSchema<ObjectSchema>;
  readonly gemini: ProviderSchema<GeminiObjectSchema>;
}

export interface ProviderOptions {
  readonly gemini?: GeminiOptions;
}

/**
 * Adapts a tool's parameter schema to one provider. Never throws: read `ok`, then `schema` and the
 * `changes` made (each with a JSON Pointer into the original), or the `problems` that make it unusable.
 */
export function forProvider<P extends Provider>(schema: JsonSchema, provider: P, options: ProviderOptions = {}): ProviderSchemas[P] {
  const variants: { readonly [K in Provider]: () => ProviderSchemas[K] } = {
    "openai-strict": () => toOpenAIStrict(schema),
    openai: () => toOpenAI(schema),
    anthropic: () => toAnthropic(schema),
    gemini: () => toGemini(schema, options.gemini),
  };
  return variants[provider]();
}

/** Every provider's variant of one schema, e.g. to log what each provider loses. */
export function providerVariants(schema: JsonSchema, options: ProviderOptions = {}): ProviderSchemas {
  return {
    "openai-strict": toOpenAIStrict(schema),
    openai: toOpenAI(schema),
    anthropic: toAnthropic(schema),
    gemini: toGemini(schema, options.gemini),
  };
}
