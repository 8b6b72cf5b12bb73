/**
 * `--provider`: the `--json` schemas in one provider's dialect, through the runtime's transforms (the same
 * ones the toolbox uses when it sends tools), with what each provider loses as diagnostics at the function.
 */
import type { JsonSchema } from "@toolsmith/runtime";
import { forProvider, type SchemaChange } from "@toolsmith/runtime/providers";
import type { Diagnostic, ToolModel } from "../model.js";
import type { SchemaEntry } from "./schemas-json.js";

/** The providers the JSON can be shaped for; OpenAI strict is the analysis's own `--strict`. */
export type JsonProvider = "openai" | "anthropic" | "gemini";

const LABEL: Record<JsonProvider, string> = { openai: "OpenAI", anthropic: "Anthropic", gemini: "Gemini" };

/** Rewrites that keep the meaning (nothing for the model or the validator is lost): not worth a warning. */
const ROUTINE = /^(definitions inlined|oneOf rewritten as anyOf|single-member allOf unwrapped|allOf of objects merged|added type "object"|dropped default null\b)/

export interface ProviderSchemas {
  /** One entry per tool the provider can express (all of them when there are no errors). */
  readonly entries: SchemaEntry[];
  /** A warning per loss, an error per tool the provider cannot express at all. */
  readonly diagnostics: Diagnostic[];
}

export function providerSchemas(tools: readonly ToolModel[], provider: JsonProvider): ProviderSchemas {
  const entries: SchemaEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const tool of tools) {
    const adapted = forProvider(tool.parameters, provider);
    const report = (change: SchemaChange, severity: Diagnostic["severity"]): void => {
      const parameterName = parameterOf(change.path, tool.parameters);
      diagnostics.push({
        severity,
        file: tool.file,
        line: tool.line,
        column: tool.column,
        message: `${LABEL[provider]}: ${change.message} (at ${change.path})`,
        functionName: tool.name,
        ...(parameterName !== undefined ? { parameterName } : {}),
        ...(severity === "error" ? { hint: hintFor(provider) } : {}),
      });
    };
    for (const change of adapted.changes) if (!ROUTINE.test(change.message)) report(change, "warning");
    if (!adapted.ok) {
      for (const problem of adapted.problems) report(problem, "error");
      continue;
    }
    entries.push({ name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), parameters: adapted.schema });
  }
  return { entries, diagnostics };
}

function hintFor(provider: JsonProvider): string {
  return provider === "gemini"
    ? "declare the keys (an interface) instead of a Record / index signature / unknown, or make the parameter optional (then it is left out for Gemini)"
    : `simplify the type so ${LABEL[provider]} can take it`;
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
