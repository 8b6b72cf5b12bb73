import type { JsonSchema, ObjectSchema } from "../json-schema.js";
import { ChangeLog, type Draft, isObjectSchema } from "./schema-tools.js";
import { PARAMETER_NAME_RULES, parameterNameProblems } from "./names.js";
import type { ProviderSchema } from "./types.js";

/**
 * Anthropic Messages API `tools[].input_schema` without strict mode (Claude's tool-use docs, "Define tools":
 * https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use): "a JSON Schema object
 * defining the expected parameters"; the root is `type: "object"`; the API answers 400 "input_schema does
 * not support oneOf, allOf, or anyOf at the top level" (its own message); top-level property names must
 * match `^[a-zA-Z0-9_.-]{1,64}$` (names.ts). Strict tool use has its own rules: anthropic-strict.ts.
 */
export const ANTHROPIC_PROPERTY_NAME: RegExp = PARAMETER_NAME_RULES.anthropic?.pattern ?? /^[a-zA-Z0-9_.-]{1,64}$/;

export function toAnthropic(schema: JsonSchema): ProviderSchema<ObjectSchema> {
  const log = new ChangeLog();
  if (!isObjectSchema(schema)) {
    log.problem("#", 'input_schema must be an object schema (type "object")');
    return { ok: false, problems: log.problems, changes: log.changes };
  }
  const out: Draft = { ...schema };
  for (const keyword of ["anyOf", "oneOf", "allOf"] as const) {
    if (out[keyword] !== undefined) {
      // The runtime still validates the full schema, so a top-level combinator's rule is enforced there.
      delete out[keyword];
      log.change(`#/${keyword}`, `dropped top-level ${keyword}: Anthropic rejects it at the root of input_schema`);
    }
  }
  if (out.type === undefined) {
    out.type = "object";
    log.change("#/type", 'added type "object" at the root');
  }
  if (out.properties === undefined) out.properties = {};
  for (const problem of parameterNameProblems(schema, "anthropic")) log.problem(problem.path, problem.message);
  if (log.problems.length > 0) return { ok: false, problems: log.problems, changes: log.changes };
  return { ok: true, schema: out as unknown as ObjectSchema, changes: log.changes };
}
