import { ts } from "ts-morph";
import type { TypeHandler } from "../context.js";
import { where } from "../context.js";
import { has, unparenthesize } from "../type-utils.js";

const isErrorType = (type: ts.Type): boolean => (type as { intrinsicName?: string }).intrinsicName === "error";

/** `any` / `unknown` accept anything: `{}` and a warning; an unresolved type is an error. */
export const anyHandler: TypeHandler = {
  kind: "any",
  matches: (type) => has(type, ts.TypeFlags.Any | ts.TypeFlags.Unknown),
  read: (type, ctx, node) => {
    if (isErrorType(type)) {
      const written = unparenthesize(node)?.getText() ?? "a type";
      ctx.report({
        severity: "error",
        message: `cannot resolve \`${written}\`${where(ctx)}`,
        hint: "check the import, or pass the project's tsconfig with --tsconfig",
      });
    } else {
      ctx.report({
        severity: "warning",
        message: `\`${ctx.checker.typeToString(type)}\` accepts any JSON value: its schema is {}${where(ctx)}`,
        hint: "give it a concrete type so the model knows what to send",
      });
    }
    return { kind: "any" };
  },
};
