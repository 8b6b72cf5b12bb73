import type { ts } from "ts-morph";
import type { LiteralValue } from "../../ir/types.js";
import type { Compiler, TypeHandler } from "../context.js";
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
  read: (type, ctx) => ({ kind: "literal", values: [literalValue(type, ctx.ts) as LiteralValue] }),
};
