import type { ts } from "ts-morph";
import type { IrType, LiteralValue } from "../../ir/types.js";
import { here, type Compiler, type ReadContext, type TypeHandler } from "../context.js";
import { definitionName, referTo } from "../definitions.js";
import { has, literalKey, unparenthesize } from "../type-utils.js";
import { finite } from "./literal.js";

/**
 * The enum a type stands for as a whole (`Color`, not `Color.Red`). A one-member enum's type is its
 * member's, so there the written reference decides.
 */
export function enumSymbol(type: ts.Type, ctx: ReadContext, node: ts.TypeNode | undefined): ts.Symbol | undefined {
  const { ts } = ctx;
  const written = withoutNullish(unparenthesize(node, ts), ts);
  if (written && ts.isTypeReferenceNode(written) && has(type, ts.TypeFlags.EnumLiteral)) {
    let referenced = ctx.checker.getSymbolAtLocation(written.typeName);
    if (referenced && referenced.flags & ts.SymbolFlags.Alias) referenced = ctx.checker.getAliasedSymbol(referenced);
    if (referenced && referenced.flags & ts.SymbolFlags.Enum) return referenced;
  }
  const symbol = type.getSymbol();
  if (!symbol || !(symbol.flags & ts.SymbolFlags.Enum)) return undefined;
  return has(type, ts.TypeFlags.Enum) || (type.isUnion() && has(type, ts.TypeFlags.EnumLiteral)) ? symbol : undefined;
}

/** `Region | undefined` written, read without its `undefined`: the one member left (`Region`). */
function withoutNullish(node: ts.TypeNode | undefined, ts: Compiler): ts.TypeNode | undefined {
  if (!node || !ts.isUnionTypeNode(node)) return node;
  const nullish = (member: ts.TypeNode): boolean =>
    member.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword);
  const rest = node.types.filter((member) => !nullish(member));
  return rest.length === 1 ? unparenthesize(rest[0], ts) : node;
}

/**
 * The member values in declaration order (D6: values, not member names). A member computed when the
 * program runs (`C = "xy".length`) has no value to list: an error, not a member silently left out (the
 * function would take a value its schema refuses).
 */
function enumValues(symbol: ts.Symbol, ctx: ReadContext): LiteralValue[] {
  const values: LiteralValue[] = [];
  for (const declaration of (symbol.declarations ?? []).filter(ctx.ts.isEnumDeclaration)) {
    for (const member of declaration.members) {
      const value = ctx.checker.getConstantValue(member);
      if (value !== undefined) {
        values.push(finite(value, ctx));
        continue;
      }
      ctx.report({
        severity: "error",
        message: `enum \`${symbol.name}\` member \`${member.name.getText()}\` is computed when the program runs${member.initializer ? ` (\`${member.initializer.getText()}\`)` : ""}: the schema cannot list its value`,
        path: here(ctx),
        hint: "give the member a constant value: a literal, or an expression of literals and other members (`B = A | 1`)",
      });
    }
  }
  return values;
}

/** A reference to the enum's `$defs` entry. */
export function readEnum(type: ts.Type, symbol: ts.Symbol, ctx: ReadContext): IrType {
  const declaration = symbol.declarations?.[0];
  const name = definitionName(type, ctx) ?? {
    key: symbol.name,
    spelling: symbol.name,
    title: symbol.name,
    ...(declaration ? { declaration } : {}),
  };
  return referTo(type, name, ctx, () => ({ kind: "enum", values: enumValues(symbol, ctx) }));
}

/** The declared type of the enum a member belongs to, when the member is an enum literal. */
export function parentEnum(member: ts.Type, ctx: ReadContext): { type: ts.Type; symbol: ts.Symbol } | undefined {
  const { ts } = ctx;
  // A member computed at run time (`C = "xy".length`) is no literal, but a member all the same.
  const computedMember = has(member, ts.TypeFlags.Enum) && ((member.getSymbol()?.flags ?? 0) & ts.SymbolFlags.EnumMember) !== 0;
  if (!has(member, ts.TypeFlags.EnumLiteral) && !computedMember) return undefined;
  const parent = (member.getSymbol() as { parent?: ts.Symbol } | undefined)?.parent;
  if (!parent || !(parent.flags & ts.SymbolFlags.Enum)) return undefined;
  return { type: ctx.checker.getDeclaredTypeOfSymbol(parent), symbol: parent };
}

/** String and numeric enums -> `$defs` (D6). */
export const enumHandler: TypeHandler = {
  kind: "enum",
  matches: (type, ctx, node) => enumSymbol(type, ctx, node) !== undefined,
  read: (type, ctx, node) => readEnum(type, enumSymbol(type, ctx, node) as ts.Symbol, ctx),
};

/**
 * Whether every member of the enum is among a union's members. By value, within the enum: a member may
 * come fresh (`(typeof Color)[keyof typeof Color]`) where the enum's type holds it regular.
 */
export function holdsWholeEnum(members: readonly { readonly type: ts.Type }[], enumOf: { type: ts.Type; symbol: ts.Symbol }, ctx: ReadContext): boolean {
  const { ts } = ctx;
  const values = new Set(members.filter(({ type }) => parentEnum(type, ctx)?.symbol === enumOf.symbol).map(({ type }) => literalKey(type, ts)));
  return enumOf.type.isUnion() && enumOf.type.types.every((value) => values.has(literalKey(value, ts)));
}

/**
 * The enum a union member stands for as a whole, if it does: every member of the enum is in the union
 * (TypeScript flattened `Color | null`), or a one-member enum, whose type is its member's, is written as
 * the enum (`Region | null`, not `Region.EuropeWest`).
 */
export function wholeEnumOf(
  member: ts.Type,
  members: readonly { readonly type: ts.Type }[],
  node: ts.TypeNode | undefined,
  ctx: ReadContext,
): { type: ts.Type; symbol: ts.Symbol } | undefined {
  const enumOf = parentEnum(member, ctx);
  if (!enumOf) return undefined;
  return (enumOf.type.isUnion() ? holdsWholeEnum(members, enumOf, ctx) : enumSymbol(member, ctx, node) !== undefined) ? enumOf : undefined;
}
