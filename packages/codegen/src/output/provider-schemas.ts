/**
 * `--provider`: the `--json` schemas in one provider's dialect, through the runtime's transforms (the same
 * ones the toolbox uses when it sends tools), with what each provider loses as diagnostics at the function.
 * Names are checked per provider too (the runtime's providers/names.ts, each rule with its docs).
 */
import type { JsonSchema } from "@toolsmith/runtime";
import {
  ANTHROPIC_STRICT_RULES, anthropicStrictCost, forProvider, nameProblems, toGeminiDeclaration, type NamePlatform, type SchemaChange,
} from "@toolsmith/runtime/providers";
import type { Diagnostic, ToolModel } from "../model.js";
import type { SchemaEntry } from "./schemas-json.js";

/**
 * The providers the JSON can be shaped for; OpenAI strict is the analysis's own `--strict`. `gemini` writes
 * Gemini function declarations with `parametersJsonSchema`, `gemini-openapi` with `parameters` (the OpenAPI
 * subset); a function without arguments gets neither.
 */
export type JsonProvider = "openai" | "anthropic" | "anthropic-strict" | "gemini" | "gemini-openapi";

const LABEL: Record<JsonProvider, string> = {
  openai: "OpenAI", anthropic: "Anthropic", "anthropic-strict": "Anthropic strict", gemini: "Gemini", "gemini-openapi": "Gemini",
};

const NAMES: Record<"openai" | "anthropic" | "anthropic-strict", NamePlatform> = {
  openai: "openai", anthropic: "anthropic", "anthropic-strict": "anthropic",
};

/** Rewrites that keep the meaning (nothing for the model or the validator is lost): not worth a warning. */
const ROUTINE = /^(definitions inlined|oneOf rewritten as anyOf|single-member allOf unwrapped|allOf of objects merged|added type "object"|dropped default null\b|inlined #\/\$defs\/\S+ to keep)/;

export interface ProviderSchemas {
  /** One entry per tool the provider can express (all of them when there are no errors). */
  readonly entries: SchemaEntry[];
  /** A warning per loss, an error per tool the provider cannot express at all. */
  readonly diagnostics: Diagnostic[];
}

interface Adapted {
  readonly entry?: SchemaEntry;
  readonly changes: readonly SchemaChange[];
  readonly problems: readonly SchemaChange[];
}

/** One tool in one provider's form: the JSON entry, or the problems that prevent it. */
function adapt(tool: ToolModel, provider: JsonProvider): Adapted {
  const described = tool.description !== undefined ? { description: tool.description } : {};
  if (provider === "gemini" || provider === "gemini-openapi") {
    const adapted = toGeminiDeclaration(
      { name: tool.name, ...described, parameters: tool.parameters },
      { form: provider === "gemini" ? "json-schema" : "openapi" },
    );
    return adapted.ok ? { entry: adapted.declaration, changes: adapted.changes, problems: [] } : adapted;
  }
  const adapted = forProvider(tool.parameters, provider);
  const own = adapted.ok ? [] : adapted.problems;
  const names = nameProblems(tool.name, tool.parameters, NAMES[provider]).filter((n) => !own.some((p) => p.path === n.path));
  const problems = [...names, ...own];
  if (!adapted.ok || problems.length > 0) return { changes: adapted.changes, problems };
  return { entry: { name: tool.name, ...described, parameters: adapted.schema }, changes: adapted.changes, problems };
}

export function providerSchemas(tools: readonly ToolModel[], provider: JsonProvider): ProviderSchemas {
  const entries: SchemaEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const request = provider === "anthropic-strict" ? new StrictRequest() : undefined;
  for (const tool of tools) {
    const adapted = adapt(tool, provider);
    const report = (change: SchemaChange, severity: Diagnostic["severity"], hint?: string): void => {
      const parameterName = parameterOf(change.path, tool.parameters);
      diagnostics.push({
        severity,
        file: tool.file,
        line: tool.line,
        column: tool.column,
        message: `${LABEL[provider]}: ${change.message} (at ${change.path})`,
        functionName: tool.name,
        ...(parameterName !== undefined ? { parameterName } : {}),
        ...(hint !== undefined ? { hint } : {}),
      });
    };
    for (const change of adapted.changes) if (!ROUTINE.test(change.message)) report(change, "warning", hintForChange(change));
    if (adapted.entry === undefined) {
      for (const problem of adapted.problems) report(problem, "error", hintFor(provider, problem));
      continue;
    }
    const over = request?.add(adapted.entry.parameters as JsonSchema);
    if (over !== undefined) report({ path: "#", message: over }, "warning", "send these tools in separate requests, or some of them non-strict (--provider anthropic)");
    entries.push(adapted.entry);
  }
  return { entries, diagnostics };
}

/**
 * Anthropic's per-request limits over all strict schemas ("Schema complexity limits"). The JSON may be
 * sent in several requests, so crossing one is a warning at the tool that crosses it.
 */
class StrictRequest {
  private tools = 0;
  private optional = 0;
  private unions = 0;

  add(schema: JsonSchema): string | undefined {
    const rules = ANTHROPIC_STRICT_RULES;
    const cost = anthropicStrictCost(schema as Parameters<typeof anthropicStrictCost>[0]);
    const before = { tools: this.tools, optional: this.optional, unions: this.unions };
    this.tools += 1;
    this.optional += cost.optional;
    this.unions += cost.unions;
    if (this.tools > rules.maxStrictTools && before.tools <= rules.maxStrictTools) return `request limit: more than ${rules.maxStrictTools} strict tools in one request`;
    if (this.optional > rules.maxOptionalParameters && before.optional <= rules.maxOptionalParameters) {
      return `request limit: ${this.optional} optional parameters so far, more than ${rules.maxOptionalParameters} across one request's strict tools`;
    }
    if (this.unions > rules.maxUnionParameters && before.unions <= rules.maxUnionParameters) {
      return `request limit: ${this.unions} parameters with union types so far, more than ${rules.maxUnionParameters} across one request's strict tools`;
    }
    return undefined;
  }
}

function hintForChange(change: SchemaChange): string | undefined {
  return change.message.includes("rejected by Vertex AI")
    ? "fine on the Gemini API; for Vertex AI, rename it (a letter or `_` first; parameters: letters, digits and `_`)"
    : undefined;
}

function hintFor(provider: JsonProvider, problem: SchemaChange): string {
  if (problem.message.includes(" is rejected by ")) {
    return problem.path === "#" ? "export it under a name the provider accepts (`export { f as read_file }`)" : "rename the parameter";
  }
  switch (provider) {
    case "gemini-openapi":
      return "declare the keys (an interface) instead of a Record / index signature / unknown, make the parameter optional (then it is left out for Gemini), or use --provider gemini (parametersJsonSchema takes any JSON Schema)";
    case "anthropic-strict":
      return "simplify the type so strict tool use can take it, or send the tool non-strict (--provider anthropic)";
    default:
      return `simplify the type so ${LABEL[provider]} can take it`;
  }
}

/**
 * `#/properties/tags/items` -> `tags`; `#/$defs/User/...` -> the first parameter whose schema reaches
 * `User` through `$ref`s, so a loss inside a shared definition still names a parameter.
 */
function parameterOf(path: string, root: JsonSchema): string | undefined {
  const segments = path.split("/").slice(1).map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (segments[0] === "properties" && segments[1] !== undefined) return segments[1];
  const definitions = segments[0] === "$defs" || segments[0] === "definitions" ? segments[1] : undefined;
  if (definitions === undefined) return undefined;
  const target = `#/${segments[0]}/${definitions}`;
  for (const [name, schema] of Object.entries(root.properties ?? {})) if (reaches(schema, target, root, new Set())) return name;
  return undefined;
}

function reaches(node: unknown, target: string, root: JsonSchema, seen: Set<string>): boolean {
  if (node === null || typeof node !== "object") return false;
  if (Array.isArray(node)) return node.some((item) => reaches(item, target, root, seen));
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === "string") {
    if (ref === target) return true;
    if (seen.has(ref)) return false;
    seen.add(ref);
    const segments = ref.split("/").slice(1);
    let resolved: unknown = root;
    for (const s of segments) resolved = resolved !== null && typeof resolved === "object" ? (resolved as Record<string, unknown>)[s] : undefined;
    if (reaches(resolved, target, root, seen)) return true;
  }
  return Object.values(node).some((value) => reaches(value, target, root, seen));
}
