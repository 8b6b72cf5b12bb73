import type { ts } from "ts-morph";
import type { Compiler, ReadContext, TypeHandler } from "../context.js";
import { definitionName, referTo } from "../definitions.js";
import { readObjectShape } from "../object-shape.js";
import { rejectSymbolKeyedOnly } from "./rejected.js";
import { has, isFromDefaultLibrary, referenceName, unparenthesize, writtenAlias } from "../type-utils.js";

const isObjectLike = (type: ts.Type, { ts }: ReadContext): boolean =>
  has(type, ts.TypeFlags.Object) ||
  (type.isIntersection() && type.types.every((part) => has(part, ts.TypeFlags.Object)));

/**
 * `Record<string, T>` and types that are only an index signature -> `additionalProperties`, inline
 * (pydantic's `dict[str, T]`).
 */
export const recordHandler: TypeHandler = {
  kind: "record",
  matches: (type, ctx) =>
    isObjectLike(type, ctx) &&
    ctx.checker.getPropertiesOfType(type).length === 0 &&
    ctx.checker.getIndexInfosOfType(type).length > 0,
  read: (type, ctx, node) => ({ kind: "object", object: readObjectShape(type, ctx, recordValueNode(node, ctx.ts)) }),
};

/** `V` in a written `Record<K, V>`: the checker's mapped type has no declaration to find it by. */
function recordValueNode(node: ts.TypeNode | undefined, ts: Compiler): ts.TypeNode | undefined {
  const written = unparenthesize(node, ts);
  if (!written || referenceName(written, ts) !== "Record" || !ts.isTypeReferenceNode(written)) return undefined;
  return written.typeArguments?.length === 2 ? written.typeArguments[1] : undefined;
}

/** `Readonly<T>` is `T` as far as JSON goes, named like `T`. */
export const readonlyHandler: TypeHandler = {
  kind: "readonly",
  matches: (type, ctx, node) =>
    writtenAlias(node, ctx) === undefined &&
    type.aliasSymbol?.name === "Readonly" &&
    type.aliasTypeArguments?.length === 1 &&
    isFromDefaultLibrary(type.aliasSymbol, ctx),
  read: (type, ctx) => ctx.read(type.aliasTypeArguments?.[0] as ts.Type),
};

/**
 * Interfaces, data classes, object-literal aliases, intersections and utility types: one flat `$defs`
 * entry named as written (D10), resolved through the checker; anonymous shapes inline.
 */
export const objectHandler: TypeHandler = {
  kind: "object",
  matches: isObjectLike,
  read: (type, ctx, node) => {
    const rejected = rejectSymbolKeyedOnly(type, ctx, node);
    if (rejected) return rejected;
    const name = definitionName(type, ctx, node);
    if (!name) return { kind: "object", object: readObjectShape(type, ctx, undefined, node) };
    return referTo(type, name, ctx, () => ({ kind: "object", object: readObjectShape(type, ctx, undefined, node) }), node);
  },
};
