import type { ts } from "ts-morph";
import { here, type ReadContext, type TypeHandler } from "../context.js";
import { definitionName, referTo } from "../definitions.js";
import { mappedValueNode, readObjectShape } from "../object-shape.js";
import { withBoundArguments } from "../bound-arguments.js";
import { rejectSymbolKeyedOnly } from "./rejected.js";
import { has, isFromDefaultLibrary, typeText, writtenAlias } from "../type-utils.js";
import type { IrType } from "../../ir/types.js";

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
  // `V` of a written `Record<string, V>`: the checker's mapped type has no declaration to find it by.
  read: (type, ctx, node) => ({ kind: "object", object: readObjectShape(type, ctx, mappedValueNode(node, ctx)) }),
};

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
    if (!name) return readInline(type, ctx, node);
    const body = () => withBoundArguments(type, node, ctx, () => ({ kind: "object" as const, object: readObjectShape(type, ctx, undefined, node) }));
    return referTo(type, name, ctx, body, node);
  },
};

/**
 * An anonymous shape, read in place. One that holds itself (`type T = string | { t?: T }`, `p?: Partial<A>`
 * in A) has no name to refer to, and read in place it would never end: an error instead.
 */
function readInline(type: ts.Type, ctx: ReadContext, node: ts.TypeNode | undefined): IrType {
  // Met again inside itself with no union alias entered since: nothing will stop it (one entered since,
  // as in `reminder?: Reminder` for `type Reminder = { repeat: Reminder[] } | string`, is met in progress
  // next time round and referred to).
  const outer = ctx.inlineInProgress.get(type);
  if (outer !== undefined && outer >= ctx.aliasesInProgress.size) {
    ctx.report({
      severity: "error",
      message: `\`${typeText(type, node, ctx)}\` holds itself, and has no name a schema could refer to it by (JSON Schema refers to a named type's \`$defs\` entry)`,
      path: here(ctx),
      hint: "give the recursive shape a name: declare it as an interface (`interface Node { next?: Node }`)",
    });
    return { kind: "any" };
  }
  ctx.inlineInProgress.set(type, ctx.aliasesInProgress.size);
  try {
    return { kind: "object", object: readObjectShape(type, ctx, undefined, node) };
  } finally {
    if (outer === undefined) ctx.inlineInProgress.delete(type);
    else ctx.inlineInProgress.set(type, outer);
  }
}
