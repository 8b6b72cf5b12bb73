import type { ts } from "ts-morph";
import type { Compiler, TypeHandler } from "../context.js";
import { unparenthesize } from "../type-utils.js";

/** The element's written type in `T[]`, `readonly T[]`, `Array<T>`, `ReadonlyArray<T>`. */
export function elementNode(node: ts.TypeNode | undefined, ts: Compiler): ts.TypeNode | undefined {
  let written = unparenthesize(node, ts);
  if (written && ts.isTypeOperatorNode(written)) written = unparenthesize(written.type, ts);
  if (!written) return undefined;
  if (ts.isArrayTypeNode(written)) return written.elementType;
  if (ts.isTypeReferenceNode(written) && written.typeArguments?.length === 1) return written.typeArguments[0];
  return undefined;
}

/** `T[]`, `Array<T>`, readonly arrays -> `items`. */
export const arrayHandler: TypeHandler = {
  kind: "array",
  matches: (type, ctx) => ctx.checker.isArrayType(type),
  read: (type, ctx, node) => {
    const element = ctx.checker.getTypeArguments(type as ts.TypeReference)[0];
    return { kind: "array", items: element ? ctx.read(element, elementNode(node, ctx.ts)) : { kind: "any" } };
  },
};
