/**
 * A record, array or tuple that a user alias or interface names and that reaches itself
 * (`type J = { [k: string]: J | number }`, `interface Tree { [k: string]: Tree }`, `type L = L[]`,
 * `type P = [P | null, number]`). Such types are written inline, so reading one never ended (a stack
 * overflow). In Python only a `TypeAliasType` writes one, which pydantic makes a `$defs` entry of; it is
 * read as a recursive union alias is (D14, handlers/union.ts): a `$ref` where it meets itself, its entry
 * named by the alias. Whether it reaches itself is a property of the type (alias-recursion.ts), so the
 * order a function's types are read in does not decide it.
 */
import type { ts } from "ts-morph";
import type { IrType } from "../ir/types.js";
import { refersToItself } from "./alias-recursion.js";
import { withBoundArguments } from "./bound-arguments.js";
import { noteInTranscript, type ReadContext } from "./context.js";
import { definitionName, freeKey } from "./definitions.js";
import { settleJudgments } from "./judgments.js";
import { isFromDefaultLibrary, writtenAlias } from "./type-utils.js";

/** The handlers whose types are written inline, and so could be written forever. */
export const INLINE_KINDS: ReadonlySet<string> = new Set(["record", "array", "tuple"]);

export function readSelfNamed(type: ts.Type, ctx: ReadContext, node: ts.TypeNode | undefined, read: () => IrType): IrType {
  const owner = namingSymbol(type, ctx);
  if (!owner || !refersToItself(type, owner, ctx)) return read();
  const inProgressAs = ctx.aliasesInProgress.get(owner);
  noteInTranscript(ctx, () => ({ meets: owner, inProgress: inProgressAs !== undefined }));
  if (inProgressAs !== undefined) {
    ctx.recursiveAliases.add(owner);
    return { kind: "ref", name: inProgressAs };
  }
  const writtenAsAlias = type.aliasSymbol === owner && writtenAlias(node, ctx) === owner ? node : undefined;
  const name = definitionName(type, ctx, writtenAsAlias);
  if (!name) return read();
  const key = freeKey(name.key, type, ctx);
  ctx.recursiveAliases.add(owner);
  ctx.aliasesInProgress.set(owner, key);
  noteInTranscript(ctx, () => ({ enters: owner }));
  let body: IrType;
  try {
    body = withBoundArguments(type, writtenAsAlias, ctx, read);
  } finally {
    ctx.aliasesInProgress.delete(owner);
  }
  noteInTranscript(ctx, () => ({ leaves: owner, recursive: true, defines: key }));
  ctx.definitionOwners.set(key, type);
  if (key !== name.key) ctx.definitionBases.set(key, name.key);
  ctx.definitions.set(key, { name: key, body: { kind: "alias", type: body } });
  settleJudgments(ctx);
  return { kind: "ref", name: key };
}

/** The user alias that names the type, or the user interface it is. */
function namingSymbol(type: ts.Type, ctx: ReadContext): ts.Symbol | undefined {
  const alias = type.aliasSymbol;
  if (alias) return isFromDefaultLibrary(alias, ctx) ? undefined : alias;
  const symbol = type.getSymbol();
  return symbol && symbol.flags & ctx.ts.SymbolFlags.Interface && !isFromDefaultLibrary(symbol, ctx) ? symbol : undefined;
}
