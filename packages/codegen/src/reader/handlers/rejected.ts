import type { ts } from "ts-morph";
import type { IrType } from "../../ir/types.js";
import type { Problem, ReadContext, TypeHandler } from "../context.js";
import { here } from "../context.js";
import { isDataMember } from "../object-shape.js";
import { BINARY_TYPES, MAP_TYPES, SET_TYPES } from "../standard-types.js";
import { has, isFromDefaultLibrary, isSymbolKeyed, typeText, unparenthesize } from "../type-utils.js";

/** Types no JSON value can stand for: a located error, and `{}` so reading can go on. */
export const rejectedHandler: TypeHandler = {
  kind: "rejected",
  matches: (type, ctx) => rejection(type, ctx) !== undefined,
  read: (type, ctx, node) => {
    const found = rejection(type, ctx, node);
    if (found) ctx.report(located(found, type, ctx, node));
    return { kind: "any" };
  },
};

/** Collections of the standard library whose JSON form is another type the user can take instead. */
type Rejection = (ctx: ReadContext, type: ts.Type, node: ts.TypeNode | undefined) => Omit<Problem, "severity">;

const collections: ReadonlyMap<string, Rejection> = new Map([
  ...BINARY_TYPES.map(
    (name) =>
      [
        name,
        () => ({
          message: "is binary data, which JSON cannot carry",
          hint: 'take the bytes as a base64 `string` and decode them in the function (`Buffer.from(text, "base64")`)',
        }),
      ] as const,
  ),
  ...SET_TYPES.map(
    (name) =>
      [
        name,
        (ctx: ReadContext, type: ts.Type, node: ts.TypeNode | undefined) => ({
          message: "is a Set, which JSON cannot carry (a model sends an array)",
          hint: `take an array instead (\`${elementText(ctx, type, node, 0, true)}[]\`) and make a Set of it in the function`,
        }),
      ] as const,
  ),
  ...MAP_TYPES.map(
    (name) =>
      [
        name,
        (ctx: ReadContext, type: ts.Type, node: ts.TypeNode | undefined) => ({
          message: "is a Map, which JSON cannot carry (a model sends an object)",
          hint: `take an object instead (\`Record<${elementText(ctx, type, node, 0)}, ${elementText(ctx, type, node, 1)}>\`)`,
        }),
      ] as const,
  ),
]);

/** A collection's type argument as written (else as printed); `asElement`: parenthesized where `T[]` needs it. */
function elementText(ctx: ReadContext, type: ts.Type, node: ts.TypeNode | undefined, index: number, asElement = false): string {
  const { ts } = ctx;
  const argument = ctx.checker.getTypeArguments(type as ts.TypeReference)[index];
  if (!argument) return "T";
  const reference = unparenthesize(node, ts);
  const written = reference && ts.isTypeReferenceNode(reference) ? unparenthesize(reference.typeArguments?.[index], ts) : undefined;
  const text = typeText(argument, written, ctx);
  const compound = written
    ? ts.isUnionTypeNode(written) || ts.isIntersectionTypeNode(written) || ts.isFunctionTypeNode(written) || ts.isConditionalTypeNode(written)
    : argument.isUnion() || argument.isIntersection();
  return asElement && compound ? `(${text})` : text;
}

function rejection(type: ts.Type, ctx: ReadContext, node?: ts.TypeNode): Omit<Problem, "severity"> | undefined {
  const { ts } = ctx;
  const symbol = has(type, ts.TypeFlags.Object) ? type.getSymbol() : undefined;
  const collection = symbol && isFromDefaultLibrary(symbol, ctx) ? collections.get(symbol.name) : undefined;
  if (collection) return collection(ctx, type, node);
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

/**
 * `Iterable<T>`, `AsyncIterable<T>` and their kind: members keyed by symbols (left out of every object,
 * see object-shape.ts) and no member an object's schema lists, which would read as an empty object - `{}` is all JSON makes
 * of one, and all a function taking it would get. Asked by the object handler, whose reading asks the
 * same questions (here, before arrays and dates are told apart, it would ask more of TypeScript 7).
 */
export function rejectSymbolKeyedOnly(type: ts.Type, ctx: ReadContext, node: ts.TypeNode | undefined): IrType | undefined {
  const properties = ctx.checker.getPropertiesOfType(type);
  // A class iterating its own private state (`#items`, `private size`) lists nothing either.
  const symbolKeyedOnly =
    properties.some(isSymbolKeyed) &&
    !properties.some((property) => isDataMember(property, ctx.ts)) &&
    ctx.checker.getIndexInfosOfType(type).length === 0;
  if (!symbolKeyedOnly) return undefined;
  const problem = {
    message: "has nothing JSON can carry, only members keyed by symbols (an iterable's `[Symbol.iterator]` or `[Symbol.asyncIterator]`)",
    hint: "an iterable's items travel as an array: take or return `T[]`",
  };
  ctx.report(located(problem, type, ctx, node));
  return { kind: "any" };
}

function located(problem: Omit<Problem, "severity">, type: ts.Type, ctx: ReadContext, node: ts.TypeNode | undefined): Problem {
  return {
    severity: "error",
    message: `\`${typeText(type, node, ctx)}\` ${problem.message}`,
    path: here(ctx),
    ...(problem.hint ? { hint: problem.hint } : {}),
  };
}
