import type { ts } from "ts-morph";
import type { LiteralValue } from "../../ir/types.js";
import type { Compiler, Problem, ReadContext, TypeHandler } from "../context.js";
import { here } from "../context.js";
import { has } from "../type-utils.js";

/** The value of a literal type (string, number, boolean, or an enum member). */
export function literalValue(type: ts.Type, ts: Compiler): LiteralValue | undefined {
  if (type.isStringLiteral() || type.isNumberLiteral()) return type.value;
  if (has(type, ts.TypeFlags.BooleanLiteral)) return (type as { intrinsicName?: string }).intrinsicName === "true";
  return undefined;
}

/** `"a"`, `1`, `true`, `Color.Red` -> `const` (D5 for several: see the union handler). */
export const literalHandler: TypeHandler = {
  kind: "literal",
  matches: (type, ctx) => literalValue(type, ctx.ts) !== undefined,
  read: (type, ctx) => ({ kind: "literal", values: [finite(literalValue(type, ctx.ts) as LiteralValue, ctx)] }),
};

/**
 * `value`, after reporting it when it is a number JSON cannot hold: a literal type `1e400` is Infinity,
 * an enum member `0 / 0` NaN (JSON.stringify would write `null`, a schema accepting only null).
 */
export function finite<T extends LiteralValue>(value: T, ctx: ReadContext): T {
  if (typeof value === "number" && !Number.isFinite(value)) ctx.report({ ...nonFiniteProblem(value), path: here(ctx) });
  return value;
}

/** The error for a number literal type or enum member that is Infinity or NaN. */
export function nonFiniteProblem(value: number): Problem {
  return {
    severity: "error",
    message: `the number ${String(value)} (a literal type or enum member) is not finite: JSON, and so a JSON Schema, has no Infinity or NaN`,
    hint: "write a finite number",
  };
}
