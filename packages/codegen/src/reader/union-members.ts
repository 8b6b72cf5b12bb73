/**
 * Telling a union's members apart when the checker may hand over copies: a literal arrives fresh in one
 * union and regular in another (`(typeof Color)[keyof typeof Color]`), so members are compared by value -
 * an enum member within its enum, never equal to a plain literal of the same value (`Color.Red` is not
 * `"red"`).
 */
import type { ts } from "ts-morph";
import type { ReadContext } from "./context.js";
import { parentEnum } from "./handlers/enum.js";
import { has, isUndefinedLike, literalKey } from "./type-utils.js";

const enumTags = new WeakMap<ts.Symbol, number>();
let enumsTagged = 0;

/** A key equal for copies of one member and different for different members. */
export function memberKey(type: ts.Type, ctx: ReadContext): unknown {
  const key = literalKey(type, ctx.ts);
  if (key === type || !has(type, ctx.ts.TypeFlags.EnumLiteral)) return key;
  const parent = parentEnum(type, ctx)?.symbol;
  if (!parent) return key;
  let tag = enumTags.get(parent);
  if (tag === undefined) {
    tag = enumsTagged++;
    enumTags.set(parent, tag);
  }
  return `e${tag}:${String(key)}`;
}

export function memberKeys(types: readonly ts.Type[], ctx: ReadContext): Set<unknown> {
  return new Set(types.map((type) => memberKey(type, ctx)));
}

/** Whether every member of `union` (but `undefined`) is among `keys`: TypeScript flattened it in whole. */
export function holdsEveryMember(keys: ReadonlySet<unknown>, union: ts.UnionType, ctx: ReadContext): boolean {
  return union.types.every((member) => keys.has(memberKey(member, ctx)) || isUndefinedLike(member, ctx.ts));
}
