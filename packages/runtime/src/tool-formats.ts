// The same tools in each provider's request shape. Schemas pass through H6's provider transforms, so each
// provider gets one it accepts; strict mode only where the schema can be made strict.
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import type { FunctionTool } from "openai/resources/responses/responses";
import type { ObjectSchema } from "./json-schema.js";
import {
  ANTHROPIC_STRICT_RULES, anthropicStrictCost, forProvider, nameProblems, toAnthropic, toAnthropicStrict, toGeminiDeclaration,
  toOpenAI, toOpenAIStrict, type GeminiDeclarationOptions, type NamePlatform,
} from "./providers/index.js";
import type { GeminiFunctionDeclaration, Provider, SchemaChange } from "./providers/types.js";
import type { ToolSpec } from "./registry.js";

export interface FormatOptions {
  /**
   * OpenAI Structured Outputs for tool arguments. `true`: each tool whose schema can be made strict is sent
   * strict (the runtime then maps the `null`s a strict model sends for omitted arguments back to defaults);
   * the others are sent non-strict. Default: each tool's own `strict` (set by `toolsmith codegen --strict`), else
   * non-strict.
   */
  readonly strict?: boolean;
  /**
   * The model is a fine-tuned OpenAI model: strict schemas also leave out what the Structured Outputs guide
   * lists as "not yet supported for fine-tuned models" (pattern, format, minimum, maximum, multipleOf,
   * minItems, maxItems), each kept as description text (`toOpenAIStrict(schema, { fineTuned: true })`).
   */
  readonly fineTuned?: boolean;
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
  /** Anthropic strict tool use (grammar-constrained inputs); only with `anthropicTools({ strict: true })`. */
  readonly strict?: boolean;
}

export interface AnthropicFormatOptions {
  /**
   * Anthropic strict tool use: each tool whose schema has a strict form (anthropic-strict.ts) is sent with
   * `strict: true`, up to the per-request limits (20 strict tools, 24 optional and 16 union parameters in
   * total); the others are sent non-strict. `providerReport("anthropic-strict")` says which and why.
   */
  readonly strict?: boolean;
}

interface Prepared {
  readonly parameters: ObjectSchema;
  readonly strict: boolean;
}

function prepare(spec: ToolSpec, options: FormatOptions = {}): Prepared {
  if (options.strict ?? spec.strict) {
    const strict = toOpenAIStrict(spec.parameters, { fineTuned: options.fineTuned === true });
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

export function anthropicTools(specs: readonly ToolSpec[], options: AnthropicFormatOptions = {}): AnthropicTool[] {
  const strict = options.strict === true ? planAnthropicStrict(specs) : undefined;
  return specs.map((spec, i) => {
    const chosen = strict?.[i];
    if (chosen?.sent === true) return { name: spec.name, ...described(spec), input_schema: chosen.schema, strict: true };
    const adapted = toAnthropic(spec.parameters);
    return { name: spec.name, ...described(spec), input_schema: adapted.ok ? adapted.schema : spec.parameters, ...(strict !== undefined ? { strict: false } : {}) };
  });
}

type StrictPlan =
  | { readonly sent: true; readonly schema: ObjectSchema; readonly changes: readonly SchemaChange[] }
  | { readonly sent: false; readonly changes: readonly SchemaChange[]; readonly problems: readonly SchemaChange[] };

/**
 * Which tools of one request can be strict: each whose schema has a strict form, in order, while the
 * request stays within Anthropic's limits (the structured-outputs page, "Schema complexity limits": they
 * apply to "the combined total across all strict schemas in a single request").
 */
function planAnthropicStrict(specs: readonly ToolSpec[]): StrictPlan[] {
  const rules = ANTHROPIC_STRICT_RULES;
  let tools = 0;
  let optional = 0;
  let unions = 0;
  return specs.map((spec) => {
    const adapted = toAnthropicStrict(spec.parameters);
    if (!adapted.ok) return { sent: false, changes: adapted.changes, problems: adapted.problems };
    const cost = anthropicStrictCost(adapted.schema);
    const over =
      tools + 1 > rules.maxStrictTools ? `the request already has ${rules.maxStrictTools} strict tools, the most Anthropic allows`
      : optional + cost.optional > rules.maxOptionalParameters ? `its ${cost.optional} optional parameters would take the request past Anthropic's ${rules.maxOptionalParameters}`
      : unions + cost.unions > rules.maxUnionParameters ? `its ${cost.unions} union-typed parameters would take the request past Anthropic's ${rules.maxUnionParameters}`
      : undefined;
    if (over !== undefined) return { sent: false, changes: adapted.changes, problems: [{ path: "#", message: `sent non-strict: ${over}` }] };
    tools += 1;
    optional += cost.optional;
    unions += cost.unions;
    return { sent: true, schema: adapted.schema, changes: adapted.changes };
  });
}

export type { GeminiFunctionDeclaration };

/** A Gemini `Tool`: pass it as `config.tools: [toolbox.geminiTools()]` (SDK) or `tools: [...]` (REST). */
export interface GeminiTool {
  readonly functionDeclarations: GeminiFunctionDeclaration[];
}

/** `form`: `json-schema` (default, `parametersJsonSchema`) or `openapi` (`parameters`, the OpenAPI subset). */
export type GeminiFormatOptions = Pick<GeminiDeclarationOptions, "form" | "maxRecursion">;

export function geminiTools(specs: readonly ToolSpec[], options: GeminiFormatOptions = {}): GeminiTool {
  const functionDeclarations: GeminiFunctionDeclaration[] = [];
  for (const spec of specs) {
    // A tool Gemini cannot take (a name it rejects; in the openapi form, e.g. a required open Record) is
    // left out, since one bad declaration fails the whole request; providerReport("gemini") says why.
    const adapted = toGeminiDeclaration(spec, options);
    if (adapted.ok) functionDeclarations.push(adapted.declaration);
  }
  return { functionDeclarations };
}

/** What one provider's form of one tool changed or lost, against the tool's own schema. */
export interface ProviderReport {
  readonly name: string;
  /**
   * false: the provider cannot take this tool as it is (its parameters, or its name); its tools list leaves
   * it out (Gemini), sends it non-strict (the strict providers) or sends the schema unchanged.
   */
  readonly ok: boolean;
  /** Each change, drop or approximation, with a JSON Pointer into the tool's own `parameters`. */
  readonly changes: readonly SchemaChange[];
  /** Why the tool cannot be expressed (empty when `ok`). */
  readonly problems: readonly SchemaChange[];
}

export interface ReportOptions {
  /** For `gemini`: which declaration form to report on (default `json-schema`, as `geminiTools`). */
  readonly gemini?: GeminiFormatOptions;
}

const NAME_PLATFORM: Readonly<Record<Exclude<Provider, "gemini">, NamePlatform>> = {
  "openai-strict": "openai", openai: "openai", anthropic: "anthropic", "anthropic-strict": "anthropic",
};

export function providerReport(specs: readonly ToolSpec[], provider: Provider, options: ReportOptions = {}): ProviderReport[] {
  if (provider === "gemini") {
    return specs.map((spec) => {
      const adapted = toGeminiDeclaration(spec, options.gemini);
      return { name: spec.name, ok: adapted.ok, changes: adapted.changes, problems: adapted.ok ? [] : adapted.problems };
    });
  }
  const strictPlan = provider === "anthropic-strict" ? planAnthropicStrict(specs) : undefined;
  return specs.map((spec, i) => {
    const names = nameProblems(spec.name, spec.parameters, NAME_PLATFORM[provider]);
    const plan = strictPlan?.[i];
    const adapted = plan !== undefined
      ? (plan.sent ? { ok: true as const, changes: plan.changes } : { ok: false as const, changes: plan.changes, problems: plan.problems })
      : forProvider(spec.parameters, provider);
    // Anthropic's non-strict transform already reports its property names.
    const own = adapted.ok ? [] : adapted.problems;
    const extra = names.filter((n) => !own.some((p) => p.path === n.path));
    const problems = [...extra, ...own];
    return { name: spec.name, ok: problems.length === 0, changes: adapted.changes, problems };
  });
}
