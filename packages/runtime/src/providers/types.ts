import type { JsonSchema, JsonValue, ObjectSchema } from "../json-schema.js";

/** The model providers whose tool-schema dialects we translate to. */
export type Provider = "openai-strict" | "openai" | "anthropic" | "anthropic-strict" | "gemini";

/**
 * One thing a transform changed, dropped or could not express. `path` is a JSON Pointer into the
 * ORIGINAL schema (`#/properties/tags/items`), so a message can name the parameter it is about.
 */
export interface SchemaChange {
  readonly path: string;
  readonly message: string;
}

/**
 * The result of adapting a schema to one provider. Transforms never throw: `ok: false` means the schema
 * cannot be expressed in that dialect (e.g. an open `Record` under OpenAI strict mode) and `problems` says
 * where and why, so the caller can fall back (non-strict, or another tool shape).
 */
export type ProviderSchema<S = ObjectSchema> =
  | { readonly ok: true; readonly schema: S; readonly changes: readonly SchemaChange[] }
  | { readonly ok: false; readonly problems: readonly SchemaChange[]; readonly changes: readonly SchemaChange[] };

/**
 * Google Gemini's `Schema` (the OpenAPI 3.0 subset used by `functionDeclarations[].parameters`), with the
 * fields the Gemini API reference (https://ai.google.dev/api/caching#Schema) lists.
 * Types are written in lower case, as Gemini's own REST examples do; the API accepts either case.
 */
export interface GeminiSchema {
  readonly type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  readonly format?: string;
  readonly title?: string;
  readonly description?: string;
  readonly nullable?: boolean;
  readonly enum?: readonly string[];
  readonly items?: GeminiSchema;
  readonly properties?: { readonly [name: string]: GeminiSchema };
  readonly required?: readonly string[];
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly example?: JsonValue;
  readonly default?: JsonValue;
  readonly anyOf?: readonly GeminiSchema[];
  readonly propertyOrdering?: readonly string[];
}

/** Gemini's parameters root: always an object. */
export interface GeminiObjectSchema extends GeminiSchema {
  readonly type: "object";
  readonly properties: { readonly [name: string]: GeminiSchema };
}

export type { JsonSchema, ObjectSchema };

/**
 * Which field of a Gemini function declaration carries the parameters: `parametersJsonSchema` (JSON Schema,
 * the default) or `parameters` (the OpenAPI subset, `GeminiSchema`). See gemini-declaration.ts.
 */
export type GeminiForm = "json-schema" | "openapi";

/**
 * One entry of Gemini's `functionDeclarations` (the @google/genai SDK's `FunctionDeclaration`, REST
 * `functionDeclarations[]`). At most one of `parameters` / `parametersJsonSchema` ("This field is mutually
 * exclusive with `parameters`"); neither for a tool without arguments.
 */
export interface GeminiFunctionDeclaration {
  readonly name: string;
  readonly description?: string;
  readonly parameters?: GeminiObjectSchema;
  readonly parametersJsonSchema?: ObjectSchema;
}
