import type { ts } from "ts-morph";
import { boundArgument, withBoundArguments } from "../bound-arguments.js";
import type { IrType, LiteralValue } from "../../ir/types.js";
import { type Compiler, type ReadContext, type TypeHandler } from "../context.js";
import { definitionName } from "../definitions.js";
import { writtenOrder } from "../member-order.js";
import { aliasTypeNode, has, isFromDefaultLibrary, isUndefinedLike, literalKey, unparenthesize, writtenAlias } from "../type-utils.js";
import { finite, literalValue } from "./literal.js";
import { readEnum, wholeEnumOf } from "./enum.js";
import { refersToItself } from "../alias-recursion.js";
import { readAliasEntry, refWhileInProgress } from "../self-named.js";
import { holdsEveryMember, memberKey, memberKeys } from "../union-members.js";

/**
 * Unions as pydantic prints the equivalent `Union[...]`: members in written order, literals merged
 * into one `enum` (D5, D12), a whole enum as its `$ref`, `null` last (D4), `undefined` left out
 * (optionality is the parameter's business). A union alias that refers to itself becomes a `$defs`
 * entry (D14); other aliases are transparent (D13).
 */
export const unionHandler: TypeHandler = {
  kind: "union",
  matches: (type) => type.isUnion(),
  read: (type, ctx, node) => {
    const alias = type.aliasSymbol && !isFromDefaultLibrary(type.aliasSymbol, ctx) ? type.aliasSymbol : undefined;
    if (!alias) return readUnion(type as ts.UnionType, ctx, node);
    // Written as this alias (`Rec<"b" | "a">`): its arguments as written give the key's spelling and,
    // bound to the alias's type parameters, the order of the members they make.
    const writtenAsAlias = writtenAlias(node, ctx) === alias ? node : undefined;
    const name = definitionName(type, ctx, writtenAsAlias);
    if (!name) return readUnion(type as ts.UnionType, ctx, node);
    const met = refWhileInProgress(alias, ctx);
    if (met) return met;
    // Its members in the order of its declaration, unless this node writes them (`"a" | B`, where the
    // checker gives the union of `"a"` and `B = "b" | "a"` as B itself) and nothing inside can share the order.
    const writtenHere = !writtenAsAlias && node && ctx.ts.isUnionTypeNode(unparenthesize(node, ctx.ts) ?? node) && literalsOnly(type as ts.UnionType, ctx.ts);
    // A generic alias's members are read with its parameters bound to the arguments as written (`{ x: T }`).
    return readAliasEntry(type, alias, name.key, ctx, refersToItself(type, alias, ctx), () =>
      withBoundArguments(type, writtenAsAlias, ctx, () =>
        readUnion(type as ts.UnionType, ctx, writtenAsAlias ?? (writtenHere ? node : undefined) ?? aliasTypeNode(alias, ctx.ts) ?? node),
      ),
    );
  },
};

function readUnion(type: ts.UnionType, ctx: ReadContext, node: ts.TypeNode | undefined): IrType {
  const { ts } = ctx;
  const members = writtenOrder(type, node, ctx).filter(({ type: member }) => !isUndefinedLike(member, ts));
  const aliases = writtenUnionAliases(type, node, ctx);
  const out: IrType[] = [];
  let literals: LiteralValue[] | undefined;
  let literalsAt = -1;
  let literalsOfEnum = true;
  let hasNull = false;
  const seenEnums = new Set<ts.Symbol>();
  const addLiteral = (value: LiteralValue, ofEnum: boolean): void => {
    if (!literals) {
      literals = [];
      literalsAt = out.length;
      out.push({ kind: "literal", values: literals });
    }
    literalsOfEnum &&= ofEnum;
    if (!literals.includes(value)) literals.push(finite(value, ctx));
  };
  const addRead = (read: IrType): void => {
    for (const part of read.kind === "union" ? read.members : [read]) {
      if (part.kind === "null") hasNull = true;
      // Already checked by the read that made it: merged as the members it stands for would be.
      else if (part.kind === "literal") part.values.forEach((value) => literals?.includes(value) || addLiteral(value, part.ofEnum === true));
      else if (!out.some((existing) => sameType(existing, part))) out.push(part);
    }
  };
  const aliasesRead = new Set<WrittenAlias>();
  for (const { type: member, node: memberNode } of members) {
    const inAlias = aliases.find((alias) => alias.members.has(memberKey(member, ctx)));
    if (inAlias) {
      // Where the alias's first member comes: the alias itself, read once (a recursive one is its `$ref`).
      if (!aliasesRead.has(inAlias)) addRead(ctx.read(inAlias.type, inAlias.node));
      aliasesRead.add(inAlias);
      continue;
    }
    if (has(member, ts.TypeFlags.Null)) {
      hasNull = true;
      continue;
    }
    const enumOf = wholeEnumOf(member, members, memberNode, ctx);
    if (enumOf) {
      // Refer to the enum's definition once.
      if (!seenEnums.has(enumOf.symbol)) out.push(readEnum(enumOf.type, enumOf.symbol, ctx));
      seenEnums.add(enumOf.symbol);
      continue;
    }
    if (has(member, ts.TypeFlags.BooleanLiteral)) {
      const other = members.find(
        ({ type: candidate }) => has(candidate, ts.TypeFlags.BooleanLiteral) && candidate !== member,
      );
      if (other) {
        // `true | false` is `boolean`: keep it where the first of the two is written.
        if (!out.some((existing) => existing.kind === "boolean")) out.push({ kind: "boolean" });
        continue;
      }
    }
    const value = literalValue(member, ts);
    if (value !== undefined) {
      addLiteral(value, has(member, ts.TypeFlags.EnumLiteral));
      continue;
    }
    addRead(ctx.read(member, memberNode));
  }
  if (literals && literalsOfEnum && literals.some((value) => typeof value === "number")) out[literalsAt] = { kind: "literal", values: literals, ofEnum: true };
  if (hasNull) out.push({ kind: "null" });
  if (out.length === 1 && out[0]) return out[0];
  return { kind: "union", members: out };
}

export interface WrittenAlias {
  readonly type: ts.UnionType;
  readonly node: ts.TypeNode;
  /** Its members' keys (see memberKey). */
  readonly members: ReadonlySet<unknown>;
}

/**
 * The user union aliases written into this union (`Reminder | null`; the `Reminder` of an optional
 * `reminder?: Reminder`, which the checker types `Reminder | undefined`). TypeScript flattens an alias's
 * members into the larger union and keeps no trace of the alias, so read member by member a recursive
 * alias would lose its `$defs` entry - and an anonymous shape inside it, which refers back to the alias,
 * would seem to hold itself. Only aliases whose every member is still there: a member the checker
 * reduced away (`"a" | string`) is not printed.
 */
export function writtenUnionAliases(type: ts.UnionType, node: ts.TypeNode | undefined, ctx: ReadContext): WrittenAlias[] {
  const { ts } = ctx;
  const found: WrittenAlias[] = [];
  const present = memberKeys(type.types, ctx);
  const visit = (at: ts.TypeNode | undefined, depth = 0): void => {
    // `T | null` in a generic's body read for `Box<Json>`: the alias is written where the argument is.
    const written = unparenthesize(boundArgument(at, ctx) ?? at, ts);
    if (!written || depth > 8) return;
    if (ts.isUnionTypeNode(written)) {
      for (const member of written.types) visit(member, depth + 1);
      return;
    }
    const symbol = writtenAlias(written, ctx);
    if (!symbol || symbol === type.aliasSymbol) return;
    // A generic alias's type is the instantiation the node writes; another's is the alias's own (one
    // question per alias, not one per place it is written).
    const generic = symbol.declarations?.some((declaration) => ts.isTypeAliasDeclaration(declaration) && declaration.typeParameters?.length);
    const aliased = generic ? ctx.checker.getTypeFromTypeNode(written) : ctx.checker.getDeclaredTypeOfSymbol(symbol);
    if (aliased === type || !aliased.isUnion() || !aliased.aliasSymbol || isFromDefaultLibrary(aliased.aliasSymbol, ctx)) return;
    // An alias of literals only (`type B = "b" | "a"`) cannot refer to itself, and read as one it would
    // move the literals written before it (`"a" | "c" | B`) behind its own.
    if (!literalsOnly(aliased, ts) && holdsEveryMember(present, aliased, ctx)) {
      found.push({ type: aliased, node: written, members: memberKeys(aliased.types, ctx) });
    }
  };
  visit(node);
  return found;
}

/** A union of literals, enum members and `null` only: it can hold nothing that refers back to an alias. */
function literalsOnly(type: ts.UnionType, ts: Compiler): boolean {
  return type.types.every((member) => literalKey(member, ts) !== member || has(member, ts.TypeFlags.EnumLiteral | ts.TypeFlags.Null) || isUndefinedLike(member, ts));
}

/** Members that would print the same schema twice (`string | Alias` where the alias is a string). */
function sameType(a: IrType, b: IrType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === "ref" && b.kind === "ref") return a.name === b.name;
  const simple = ["string", "number", "integer", "boolean", "any", "date"];
  return simple.includes(a.kind);
}
