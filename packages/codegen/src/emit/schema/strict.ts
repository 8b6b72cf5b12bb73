/**
 * OpenAI Structured Outputs (strict) form of a tool's parameters. The rules live in one place, the
 * runtime's `toOpenAIStrict` (also used when tools are sent to a provider); this module runs it on the
 * emitted schema and turns what it cannot express into problems naming the parameter concerned.
 */
import type { ObjectSchema } from "@toolsmith/runtime";
import { toOpenAIStrict, type SchemaChange } from "@toolsmith/runtime/providers";
import { pydanticKeyOrder } from "./key-order.js";

export interface StrictProblem {
  /** The parameter the problem is about; undefined when it concerns the whole schema (size limits). */
  readonly parameterName?: string;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly hint?: string;
}

export interface StrictResult {
  readonly schema?: ObjectSchema;
  readonly problems: readonly StrictProblem[];
}

/** Changes that lose something the model should know, reported as warnings (others are routine). */
const worthAWarning = /approximated|dropped (format|minLength|maxLength|uniqueItems|unknown)/;

export function toStrict(schema: ObjectSchema, definitionUsers: ReadonlyMap<string, string>): StrictResult {
  const result = toOpenAIStrict(schema);
  const locate = (change: SchemaChange, severity: "error" | "warning"): StrictProblem => {
    const parameterName = parameterOf(change.path, definitionUsers);
    return {
      severity,
      ...(parameterName === undefined ? {} : { parameterName }),
      message: `strict mode: ${change.message} (at ${change.path})`,
      ...(severity === "error" ? { hint: strictHint(change.message) } : {}),
    };
  };
  const warnings = result.changes
    .filter((change) => worthAWarning.test(change.message))
    .map((change) => locate(change, "warning"));
  if (!result.ok) return { problems: [...result.problems.map((p) => locate(p, "error")), ...warnings] };
  return { schema: pydanticKeyOrder(result.schema), problems: warnings };
}

function strictHint(message: string): string {
  if (/open object|without declared properties/.test(message)) {
    return "declare the keys (an interface) instead of a Record / index signature, or generate without --strict";
  }
  if (/any value/.test(message)) return "give it a concrete type, or generate without --strict";
  return "simplify the type, or generate without --strict";
}

/** `#/properties/tags/items` -> `tags`; `#/$defs/User/...` -> the parameter that first used `User`. */
function parameterOf(path: string, definitionUsers: ReadonlyMap<string, string>): string | undefined {
  const segments = path.split("/").slice(1).map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (segments[0] === "properties" && segments[1] !== undefined) return segments[1];
  if (segments[0] === "$defs" && segments[1] !== undefined) return definitionUsers.get(segments[1]);
  return undefined;
}
