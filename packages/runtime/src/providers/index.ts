import type { JsonSchema, ObjectSchema } from "../json-schema.js";
import { toAnthropic } from "./anthropic.js";
import { toAnthropicStrict } from "./anthropic-strict.js";
import { type GeminiOptions, toGemini } from "./gemini.js";
import { toOpenAI } from "./openai.js";
import { type OpenAIStrictOptions, toOpenAIStrict } from "./openai-strict.js";
import type { GeminiObjectSchema, Provider, ProviderSchema } from "./types.js";

export { toOpenAIStrict, OPENAI_STRICT_RULES, type OpenAIStrictOptions } from "./openai-strict.js";
export { fromStrictArguments } from "./strict-arguments.js";
export { toOpenAI } from "./openai.js";
export { toAnthropic, ANTHROPIC_PROPERTY_NAME } from "./anthropic.js";
export { toAnthropicStrict, anthropicStrictCost, ANTHROPIC_STRICT_RULES } from "./anthropic-strict.js";
export { toGemini, GEMINI_FORMATS, type GeminiOptions } from "./gemini.js";
export {
  toGeminiDeclaration, toGeminiJsonSchema, type GeminiDeclarationOptions, type GeminiDeclarationResult,
} from "./gemini-declaration.js";
export { nameProblems, parameterNameProblems, TOOL_NAME_RULES, PARAMETER_NAME_RULES, type NamePlatform, type NameRule } from "./names.js";
export type {
  GeminiForm, GeminiFunctionDeclaration, GeminiObjectSchema, GeminiSchema, Provider, ProviderSchema, SchemaChange,
} from "./types.js";

/**
 * The schema each provider receives: Gemini's OpenAPI-subset dialect (`parameters`) has its own type, the
 * others are JSON Schema. (Gemini's default `parametersJsonSchema` form is `toGeminiJsonSchema`.)
 */
export interface ProviderSchemas {
  readonly "openai-strict": ProviderSchema<ObjectSchema>;
  readonly openai: ProviderSchema<ObjectSchema>;
  readonly anthropic: ProviderSchema<ObjectSchema>;
  readonly "anthropic-strict": ProviderSchema<ObjectSchema>;
  readonly gemini: ProviderSchema<GeminiObjectSchema>;
}

export interface ProviderOptions {
  readonly gemini?: GeminiOptions;
  readonly "openai-strict"?: OpenAIStrictOptions;
}

/**
 * Adapts a tool's parameter schema to one provider. Never throws: read `ok`, then `schema` and the
 * `changes` made (each with a JSON Pointer into the original), or the `problems` that make it unusable.
 */
export function forProvider<P extends Provider>(schema: JsonSchema, provider: P, options: ProviderOptions = {}): ProviderSchemas[P] {
  const variants: { readonly [K in Provider]: () => ProviderSchemas[K] } = {
    "openai-strict": () => toOpenAIStrict(schema, options["openai-strict"]),
    openai: () => toOpenAI(schema),
    anthropic: () => toAnthropic(schema),
    "anthropic-strict": () => toAnthropicStrict(schema),
    gemini: () => toGemini(schema, options.gemini),
  };
  return variants[provider]();
}

/** Every provider's variant of one schema, e.g. to log what each provider loses. */
export function providerVariants(schema: JsonSchema, options: ProviderOptions = {}): ProviderSchemas {
  return {
    "openai-strict": toOpenAIStrict(schema, options["openai-strict"]),
    openai: toOpenAI(schema),
    anthropic: toAnthropic(schema),
    "anthropic-strict": toAnthropicStrict(schema),
    gemini: toGemini(schema, options.gemini),
  };
}
