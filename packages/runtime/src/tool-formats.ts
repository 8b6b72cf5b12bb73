// The same tools in each provider's request shape. Schemas pass through H6's provider transforms, so each
// provider gets one it accepts; strict mode only where the schema can be made strict.
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import type { FunctionTool } from "openai/resources/responses/responses";
import type { ObjectSchema } from "./json-schema.js";
import { forProvider, toAnthropic, toGemini, toOpenAI, toOpenAIStrict } from "./providers/index.js";
import type { GeminiObjectSchema, Provider, SchemaChange } from "./providers/types.js";
import type { ToolSpec } from "./registry.js";

export interface FormatOptions {
  /**
   * OpenAI Structured Outputs for tool arguments. `true`: each tool whose schema can be made strict is sent
   * strict (the runtime then maps the `null`s a strict model sends for omitted arguments back to defaults);
   * the others are sent non-strict. Default: each tool's own `strict` (set by `toolsmith codegen --strict`), else
   * non-strict.
   */
  readonly strict?: boolean;
}

/** The seed's legacy `functions` entry: `{ name, description, parameters }`. */
export interface LegacyFunction {
  readonly name: string;
  readonly description?: string;
  readonly parameters: ObjectSchema;
}

export interface AnthropicTool {
  readonly name: string;
  readonly description?: string;
  readonly input_schema: ObjectSchema;
}

interface Prepared {
  readonly parameters: ObjectSchema;
  readonly strict: boolean;
}

function prepare(spec: ToolSpec, options: FormatOptions = {}): Prepared {
  if (options.strict ?? spec.strict) {
    const strict = toOpenAIStrict(spec.parameters);
    if (strict.ok) return { parameters: strict.schema, strict: true };
  }
  const loose = toOpenAI(spec.parameters);
  return { parameters: loose.ok ? loose.schema : spec.parameters, strict: false };
}

const described = (spec: ToolSpec) => (spec.description !== undefined ? { description: spec.description } : {});

export function chatCompletionsTools(specs: readonly ToolSpec[], options: FormatOptions = {}): ChatCompletionFunctionTool[] {
  return specs.map((spec) => {
    const { parameters, strict } = prepare(spec, options);
    return { type: "function", function: { name: spec.name, ...described(spec), parameters: { ...parameters }, ...(options.strict !== undefined || spec.strict ? { strict } : {}) } };
  });
}

export function functionsTools(specs: readonly ToolSpec[]): LegacyFunction[] {
  // The legacy API has no strict mode: always the ordinary schema (a strict tool's nulls are dropped anyway).
  return specs.map((spec) => ({ name: spec.name, ...described(spec), parameters: prepare(spec, { strict: false }).parameters }));
}

export function responsesTools(specs: readonly ToolSpec[], options: FormatOptions = {}): FunctionTool[] {
  return specs.map((spec) => {
    const { parameters, strict } = prepare(spec, options);
    return { type: "function", name: spec.name, ...(spec.description !== undefined ? { description: spec.description } : {}), parameters: { ...parameters }, strict };
  });
}

export function anthropicTools(specs: readonly ToolSpec[]): AnthropicTool[] {
  return specs.map((spec) => {
    const adapted = toAnthropic(spec.parameters);
    return { name: spec.name, ...described(spec), input_schema: adapted.ok ? adapted.schema : spec.parameters };
  });
}

/** One entry of Gemini's `functionDeclarations` (the @google/genai SDK's `FunctionDeclaration`, REST `functionDeclarations[]`). */
export interface GeminiFunctionDeclaration {
  readonly name: string;
  readonly description?: string;
  readonly parameters: GeminiObjectSchema;
}

/** A Gemini `Tool`: pass it as `config.tools: [toolbox.geminiTools()]` (SDK) or `tools: [...]` (REST). */
export interface GeminiTool {
  readonly functionDeclarations: GeminiFunctionDeclaration[];
}

export function geminiTools(specs: readonly ToolSpec[]): GeminiTool {
  const functionDeclarations: GeminiFunctionDeclaration[] = [];
  for (const spec of specs) {
    // A tool Gemini's Schema cannot express (e.g. a required open Record) is left out; providerReport says why.
    const adapted = toGemini(spec.parameters);
    if (adapted.ok) functionDeclarations.push({ name: spec.name, ...described(spec), parameters: adapted.schema });
  }
  return { functionDeclarations };
}

/** What one provider's form of one tool changed or lost, against the tool's own schema. */
export interface ProviderReport {
  readonly name: string;
  /** false: the provider cannot express this tool's parameters; its tools list leaves it out (Gemini) or sends the schema unchanged. */
  readonly ok: boolean;
  /** Each change, drop or approximation, with a JSON Pointer into the tool's own `parameters`. */
  readonly changes: readonly SchemaChange[];
  /** Why the tool cannot be expressed (empty when `ok`). */
  readonly problems: readonly SchemaChange[];
}

export function providerReport(specs: readonly ToolSpec[], provider: Provider): ProviderReport[] {
  return specs.map((spec) => {
    const adapted = forProvider(spec.parameters, provider);
    return { name: spec.name, ok: adapted.ok, changes: adapted.changes, problems: adapted.ok ? [] : adapted.problems };
  });
}
