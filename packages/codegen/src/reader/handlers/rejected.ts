import { ts } from "ts-morph";
import type { Problem, ReadContext, TypeHandler } from "../context.js";
import { where } from "../context.js";
import { has } from "../type-utils.js";

/** Types no JSON value can stand for: a located error, and `{}` so reading can go on. */
export const rejectedHandler: TypeHandler = {
  kind: "rejected",
  matches: (type) => rejection(type) !== undefined,
  read: (type, ctx) => {
    const found = rejection(type);
    if (found) ctx.report(located(found, type, ctx));
    return { kind: "any" };
  },
};

function rejection(type: ts.Type): Omit<Problem, "severity"> | undefined {
  if (has(type, ts.TypeFlags.BigInt | ts.TypeFlags.BigIntLiteral)) {
    return { message: "is a bigint, which JSON cannot carry", hint: "take a number (or a string of digits) and convert it" };
  }
  if (has(type, ts.TypeFlags.ESSymbol | ts.TypeFlags.UniqueESSymbol)) {
    return { message: "is a symbol, which JSON cannot carry", hint: "take a string instead" };
  }
  if (has(type, ts.TypeFlags.Never)) return { message: "can hold no value", hint: "give it a type a value can have" };
  if (has(type, ts.TypeFlags.Void | ts.TypeFlags.Undefined)) {
    return { message: "can only be undefined, which JSON cannot carry", hint: "make it optional (`p?: T`) instead" };
  }
  if (has(type, ts.TypeFlags.Object) && (type.getCallSignatures().length || type.getConstructSignatures().length)) {
    return {
      message: "is a function, and a model can only send JSON data",
      hint: "take the data the function needs instead, or leave this function out with @internal",
    };
  }
  return undefined;
}

function located(problem: Omit<Problem, "severity">, type: ts.Type, ctx: ReadContext): Problem {
  return {
    severity: "error",
    message: `\`${ctx.checker.typeToString(type)}\` ${problem.message}${where(ctx)}`,
    ...(problem.hint ? { hint: problem.hint } : {}),
  };
}
