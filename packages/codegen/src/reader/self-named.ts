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
  const met = refWhileInProgress(owner, ctx);
  if (met) return met;
  const writtenAsAlias = type.aliasSymbol === owner && writtenAlias(node, ctx) === owner ? node : undefined;
  const name = definitionName(type, ctx, writtenAsAlias);
  if (!name) return read();
  return readAliasEntry(type, owner, name.key, ctx, true, () => withBoundArguments(type, writtenAsAlias, ctx, read));
}

/**
 * An alias met again while it is being read (recursive union aliases, and the types above): its `$ref`,
 * and it is recursive. Noted in the function's transcript either way, for the definition memo's replays.
 */
export function refWhileInProgress(alias: ts.Symbol, ctx: ReadContext): IrType | undefined {
  const inProgressAs = ctx.aliasesInProgress.get(alias);
  noteInTranscript(ctx, () => ({ meets: alias, inProgress: inProgressAs !== undefined }));
  if (inProgressAs === undefined) return undefined;
  ctx.recursiveAliases.add(alias);
  return { kind: "ref", name: inProgressAs };
}

/**
 * Reads an alias's body (`read`) with the alias in progress under its key (`baseKey`, suffixed while
 * another type holds it): a recursive one (`recursive` known up front, or met again while reading) becomes
 * a `$defs` entry and its `$ref`; any other is its body, inline.
 */
export function readAliasEntry(type: ts.Type, alias: ts.Symbol, baseKey: string, ctx: ReadContext, recursive: boolean, read: () => IrType): IrType {
  const key = freeKey(baseKey, type, ctx);
  if (recursive) ctx.recursiveAliases.add(alias);
  ctx.aliasesInProgress.set(alias, key);
  noteInTranscript(ctx, () => ({ enters: alias }));
  let body: IrType;
  try {
    body = read();
  } finally {
    ctx.aliasesInProgress.delete(alias);
  }
  const defined = ctx.recursiveAliases.has(alias);
  noteInTranscript(ctx, () => ({ leaves: alias, recursive: defined, defines: key }));
  if (!defined) return body;
  ctx.definitionOwners.set(key, type);
  if (key !== baseKey) ctx.definitionBases.set(key, baseKey);
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
