/** Small questions about compiler types that several handlers ask. */
import type { ts } from "ts-morph";
import type { Compiler, ReadContext } from "./context.js";
import { readDoc, type Doc } from "./jsdoc.js";

export const has = (type: ts.Type, flags: ts.TypeFlags): boolean => (type.flags & flags) !== 0;

export const isUndefinedLike = (type: ts.Type, ts: Compiler): boolean =>
  has(type, ts.TypeFlags.Undefined | ts.TypeFlags.Void);

/** A declaration kind that makes a member a method (data cannot carry it). */
const isMethodKind = (kind: ts.SyntaxKind, ts: Compiler): boolean =>
  kind === ts.SyntaxKind.MethodDeclaration ||
  kind === ts.SyntaxKind.MethodSignature ||
  kind === ts.SyntaxKind.GetAccessor ||
  kind === ts.SyntaxKind.SetAccessor;

/**
 * A member data cannot carry: a method, or an accessor - while it is one: a spread (`{ ...withGetter }`)
 * copies an accessor's value into a plain property, which keeps the accessor as its declaration.
 */
export function isMethodMember(symbol: ts.Symbol, ts: Compiler): boolean {
  const accessor = (symbol.flags & (ts.SymbolFlags.GetAccessor | ts.SymbolFlags.SetAccessor)) !== 0;
  return (
    symbol.declarations?.some((declaration) =>
      declaration.kind === ts.SyntaxKind.GetAccessor || declaration.kind === ts.SyntaxKind.SetAccessor ? accessor : isMethodKind(declaration.kind, ts),
    ) ?? false
  );
}

/** `T | undefined` -> `T` (and whether undefined was there). */
export function withoutUndefined(type: ts.Type, ts: Compiler): { type: ts.Type; hadUndefined: boolean } {
  if (isUndefinedLike(type, ts)) return { type, hadUndefined: false };
  if (!type.isUnion() || !type.types.some((member) => isUndefinedLike(member, ts))) return { type, hadUndefined: false };
  const rest = type.types.filter((member) => !isUndefinedLike(member, ts));
  // A union of several members stays as it is: the union handler leaves `undefined` out itself.
  return { type: rest.length === 1 && rest[0] ? rest[0] : type, hadUndefined: true };
}

/**
 * A program that can tell a default-library symbol without its declaration nodes: TypeScript 7's
 * (src/ts7/api.ts), whose declarations are handles naming their files, where resolving one would
 * fetch the whole library file's syntax tree from the native process.
 */
interface KnowsLibrarySymbols {
  isDeclaredInDefaultLibrary?(symbol: ts.Symbol): boolean | undefined;
}

/** Whether the symbol is declared in TypeScript's default library (Date, Promise, Array...). */
export function isFromDefaultLibrary(symbol: ts.Symbol | undefined, ctx: ReadContext): boolean {
  if (!symbol) return false;
  const known = (ctx.program as ts.Program & KnowsLibrarySymbols).isDeclaredInDefaultLibrary?.(symbol);
  if (known !== undefined) return known;
  const declaration = symbol.declarations?.[0];
  return declaration !== undefined && ctx.program.isSourceFileDefaultLibrary(declaration.getSourceFile());
}

/**
 * The JSDoc of a declaration, unless the standard library's: TypeScript 6's lib files are parsed without
 * theirs (the engines would differ), and a lib type's prose is not the tool's documentation anyway.
 */
export function userDoc(node: ts.Node, ctx: ReadContext): Doc | undefined {
  return ctx.program.isSourceFileDefaultLibrary(node.getSourceFile()) ? undefined : readDoc(node, ctx.ts);
}

export function objectFlags(type: ts.Type, ts: Compiler): ts.ObjectFlags {
  return has(type, ts.TypeFlags.Object) ? (type as ts.ObjectType).objectFlags : 0;
}

/** Unwraps `(T)` in type nodes. */
export function unparenthesize(node: ts.TypeNode | undefined, ts: Compiler): ts.TypeNode | undefined {
  let current = node;
  while (current && ts.isParenthesizedTypeNode(current)) current = current.type;
  return current;
}

/** The written type of a type alias, for reading members in the order the user wrote them. */
export function aliasTypeNode(symbol: ts.Symbol | undefined, ts: Compiler): ts.TypeNode | undefined {
  const declaration = symbol?.declarations?.find(ts.isTypeAliasDeclaration);
  return declaration?.type;
}

/** A stable key telling literal types apart by value (the checker may hold fresh and regular copies). */
export function literalKey(type: ts.Type, ts: Compiler): unknown {
  if (type.isStringLiteral()) return `s:${type.value}`;
  if (type.isNumberLiteral()) return `n:${type.value}`;
  if (has(type, ts.TypeFlags.BooleanLiteral)) return `b:${(type as { intrinsicName?: string }).intrinsicName}`;
  return type;
}

/**
 * How a diagnostic quotes a type: as the source writes it where there is a node (the engines print a
 * union's members each in its own order), else as the checker prints it.
 */
export function typeText(type: ts.Type, node: ts.TypeNode | undefined, ctx: ReadContext): string {
  const written = unparenthesize(node, ctx.ts);
  return written ? written.getText().replace(/\s+/g, " ") : ctx.checker.typeToString(type);
}

/** The name a type reference is written with (`Int` in `a: Int`), when the node is a plain reference. */
export function referenceName(node: ts.TypeNode | undefined, ts: Compiler): string | undefined {
  const written = unparenthesize(node, ts);
  if (!written || !ts.isTypeReferenceNode(written)) return undefined;
  return ts.isIdentifier(written.typeName) ? written.typeName.text : written.typeName.right.text;
}

/**
 * The user's type alias a node refers to (`patch: SettingsPatch`), which the checker forgets when the
 * alias names another alias's instantiation (`type SettingsPatch = Partial<Settings>`).
 */
export function writtenAlias(node: ts.TypeNode | undefined, ctx: ReadContext): ts.Symbol | undefined {
  const { ts } = ctx;
  const written = unparenthesize(node, ts);
  if (!written || !ts.isTypeReferenceNode(written)) return undefined;
  let symbol = ctx.checker.getSymbolAtLocation(written.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
  if (!symbol || !(symbol.flags & ts.SymbolFlags.TypeAlias) || isFromDefaultLibrary(symbol, ctx)) return undefined;
  return symbol;
}

/** Keyed by a symbol: `[Symbol.iterator]`, which the checkers name `__@iterator@12`. */
export function isSymbolKeyed(symbol: ts.Symbol): boolean {
  return String(symbol.escapedName).startsWith("__@");
}

/** A type parameter's default as written (`"n" | "m"` of `U = "n" | "m"`): `default` on TypeScript 6, `defaultType` on 7. */
export function typeParameterDefault(parameter: ts.TypeParameterDeclaration): ts.TypeNode | undefined {
  return parameter.default ?? (parameter as { defaultType?: ts.TypeNode }).defaultType;
}
