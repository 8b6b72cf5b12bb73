import type { ts } from "ts-morph";
import type { IrType } from "../../ir/types.js";
import type { ReadContext, TypeHandler } from "../context.js";
import { here } from "../context.js";
import { has, isUndefinedLike, typeText, unparenthesize, writtenAlias } from "../type-utils.js";
import { boundArgument } from "../bound-arguments.js";

/** The aliases being followed to their declarations (one that names itself, through others, ends there). */
const followedAliases = new Set<ts.Symbol>();

const isErrorType = (type: ts.Type): boolean => (type as { intrinsicName?: string }).intrinsicName === "error";

/** `any` / `unknown` accept anything: `{}` and a warning; an unresolved type is an error. */
export const anyHandler: TypeHandler = {
  kind: "any",
  matches: (type, { ts }) => has(type, ts.TypeFlags.Any | ts.TypeFlags.Unknown),
  read: (type, ctx, node) => {
    const { ts } = ctx;
    const written = unparenthesize(node, ts);
    // One unresolved member turns the whole union into an error type: read the members as written, so
    // `Int | null` (Int recognised by name) and `Missing | null` (located at `Missing`) read like the rest.
    if (isErrorType(type) && written && ts.isUnionTypeNode(written)) return readWrittenUnion(written, ctx);
    // Written as a user alias of such a type (`type MaybeInt = Int | null`): read as its declaration writes it.
    const alias = isErrorType(type) ? writtenAlias(written, ctx) : undefined;
    const declared = alias?.declarations?.find(ts.isTypeAliasDeclaration);
    if (alias && declared && !declared.typeParameters && !followedAliases.has(alias)) {
      followedAliases.add(alias);
      try {
        return ctx.read(type, declared.type);
      } finally {
        followedAliases.delete(alias);
      }
    }
    if (isErrorType(type) && alias && declared && followedAliases.has(alias)) {
      // Met again while its own declaration is read: TypeScript gave up on it (TS2456), not on an import.
      ctx.report({
        severity: "error",
        message: `\`${alias.name}\` refers to itself in a way TypeScript cannot resolve (a type alias that circularly references itself)`,
        path: here(ctx),
        hint: `let the recursion go through an interface, which TypeScript resolves lazily (\`interface ${alias.name}Map { [key: string]: ${alias.name} }\`)`,
      });
    } else if (isErrorType(type)) {
      ctx.report({
        severity: "error",
        message: `cannot resolve \`${written?.getText() ?? ctx.checker.typeToString(type)}\``,
        path: here(ctx),
        hint: "check the import, or pass the project's tsconfig with --tsconfig",
      });
    } else {
      ctx.report({
        severity: "warning",
        message: `\`${typeText(type, written, ctx)}\` accepts any JSON value: its schema is {}`,
        path: here(ctx),
        hint: "give it a concrete type so the model knows what to send",
      });
    }
    return { kind: "any" };
  },
};

function readWrittenUnion(node: ts.UnionTypeNode, ctx: ReadContext): IrType {
  const members: IrType[] = [];
  let nullable = false;
  for (const writtenMember of node.types) {
    // `T` of a generic's body read for `Box<Int>`: the argument, as written where the type is known.
    const memberNode = boundArgument(writtenMember, ctx) ?? writtenMember;
    const memberType = ctx.checker.getTypeFromTypeNode(memberNode);
    if (isUndefinedLike(memberType, ctx.ts)) continue;
    const read = ctx.read(memberType, memberNode);
    for (const part of read.kind === "union" ? read.members : [read]) {
      if (part.kind === "null") nullable = true;
      else members.push(part);
    }
  }
  if (nullable) members.push({ kind: "null" });
  return members.length === 1 && members[0] ? members[0] : { kind: "union", members };
}
