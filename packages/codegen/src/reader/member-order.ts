/**
 * The order of a union's members (and of a mapped type's literal keys), taken from the source, never
 * from the checker: TypeScript 6 orders a union by its members' internal ids, which follow whatever the
 * program happened to create first (a `Pick<User, "name">` in another file reorders `keyof User`), and
 * TypeScript 7 by value. Pydantic keeps the written order of a `Literal[...]` / `Union[...]`, so the
 * members come where the source writes them, following the written type to where they are spelled out:
 * a union's members in turn, a user alias's declaration, a reference's type arguments
 * (`Exclude<Status, "done">` keeps `Status`'s order), `keyof T` (T's fields, in the order of T's schema),
 * `T["key"]` (the property's declared type, or its value in an `as const` object), `T[number]` (the
 * element type, or an `as const` array's values), a type parameter's constraint. Members the source does
 * not place come after those: enum members by declaration, then literals by value, then the rest as the
 * checker lists them.
 */
import type { ts } from "ts-morph";
import type { Compiler, ReadContext } from "./context.js";
import { declarationPosition, orderedProperties } from "./object-shape.js";
import { has, isFromDefaultLibrary, literalKey, referenceName, unparenthesize } from "./type-utils.js";

export interface PlacedMember {
  readonly type: ts.Type;
  /** The node that spells this one member, when one does (not an alias of several). */
  readonly node?: ts.TypeNode;
}

interface Place {
  readonly index: number;
  readonly node?: ts.TypeNode;
}

/** How far a written type is followed through aliases, arguments and properties. */
const MAX_DEPTH = 24;

/** `members` (a union's) in the order the source writes them at `node` (see the module comment). */
export function writtenOrder(members: readonly ts.Type[], node: ts.TypeNode | undefined, ctx: ReadContext): PlacedMember[] {
  const places = new Map<unknown, Place>();
  if (node) placeWritten(node, ctx, places, new Set(), 0, members);
  return members
    .map((type, original) => ({ type, original, place: places.get(literalKey(type, ctx.ts)) }))
    .sort((a, b) => {
      if (a.place && b.place) return a.place.index - b.place.index || a.original - b.original;
      if (a.place || b.place) return a.place ? -1 : 1;
      return compareUnplaced(a.type, b.type, ctx) || a.original - b.original;
    })
    .map(({ type, place }) => (place?.node ? { type, node: place.node } : { type }));
}

/** `members`: the node's type's members, when known (the top node): no need to ask the checker for it. */
function placeWritten(
  node: ts.TypeNode,
  ctx: ReadContext,
  places: Map<unknown, Place>,
  seen: Set<ts.Symbol>,
  depth: number,
  members?: readonly ts.Type[],
): void {
  const { ts } = ctx;
  const written = unparenthesize(node, ts);
  if (!written || depth > MAX_DEPTH) return;
  if (ts.isUnionTypeNode(written)) {
    for (const member of written.types) placeWritten(member, ctx, places, seen, depth + 1);
    return;
  }
  const constraint = ts.isTypeReferenceNode(written) ? typeParameterConstraint(written, ctx) : undefined;
  if (constraint) {
    placeWritten(constraint, ctx, places, seen, depth + 1);
    return;
  }
  if (ts.isTypeOperatorNode(written) && written.operator === ts.SyntaxKind.KeyOfKeyword) {
    const operand = ctx.checker.getTypeFromTypeNode(written.type);
    for (const symbol of orderedProperties(operand, ctx)) place(places, `s:${symbol.name}`);
    return;
  }
  const types = members ?? unionMembers(ctx.checker.getTypeFromTypeNode(written));
  const [only] = types;
  if (types.length === 1 && only) {
    place(places, literalKey(only, ts), written);
    return;
  }
  // One written node standing for several members: follow it to where they are spelled out.
  for (const next of spelledAt(written, ctx, seen, depth)) placeSpelling(next, ctx, places, seen, depth + 1);
  for (const member of [...types].sort((a, b) => compareUnplaced(a, b, ctx))) place(places, literalKey(member, ts));
}

const unionMembers = (type: ts.Type): readonly ts.Type[] => (type.isUnion() ? type.types : [type]);

function place(places: Map<unknown, Place>, key: unknown, node?: ts.TypeNode): void {
  if (!places.has(key)) places.set(key, node ? { index: places.size, node } : { index: places.size });
}

/**
 * Where a member is spelled out: a type node, or (a type taken from an `as const` value, `(typeof
 * SIZES)[number]`) the value's expression.
 */
type Spelling = { readonly node: ts.TypeNode } | { readonly expression: ts.Expression };

function placeSpelling(spelling: Spelling, ctx: ReadContext, places: Map<unknown, Place>, seen: Set<ts.Symbol>, depth: number): void {
  if ("node" in spelling) {
    placeWritten(spelling.node, ctx, places, seen, depth);
    return;
  }
  const key = literalKeyOf(spelling.expression, ctx.ts);
  place(places, key ?? literalKey(ctx.checker.getTypeAtLocation(spelling.expression), ctx.ts));
}

/** The literal key (see literalKey) of a literal expression, without asking the checker. */
function literalKeyOf(expression: ts.Expression, ts: Compiler): string | undefined {
  const value = constValue(expression, ts);
  if (ts.isStringLiteralLike(value)) return `s:${value.text}`;
  if (ts.isNumericLiteral(value)) return `n:${numericValue(value.text)}`;
  if (ts.isPrefixUnaryExpression(value) && ts.isNumericLiteral(value.operand)) {
    const magnitude = numericValue(value.operand.text);
    if (value.operator === ts.SyntaxKind.MinusToken) return `n:${-magnitude}`;
    if (value.operator === ts.SyntaxKind.PlusToken) return `n:${magnitude}`;
  }
  if (value.kind === ts.SyntaxKind.TrueKeyword) return "b:true";
  if (value.kind === ts.SyntaxKind.FalseKeyword) return "b:false";
  return undefined;
}

/** `1_000`, `0x10`, `1e3` as the number they write. */
const numericValue = (text: string): number => Number(text.replaceAll("_", ""));

/** The value under `as const`, `satisfies T` and parentheses. */
function constValue(expression: ts.Expression, ts: Compiler): ts.Expression {
  let value = expression;
  while (ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isParenthesizedExpression(value)) value = value.expression;
  return value;
}

/** Where a written type that stands for several union members spells them out. */
function spelledAt(written: ts.TypeNode, ctx: ReadContext, seen: Set<ts.Symbol>, depth: number): Spelling[] {
  const { ts } = ctx;
  if (ts.isTypeOperatorNode(written)) return [{ node: written.type }];
  if (ts.isIndexedAccessTypeNode(written)) return indexedSpellings(written, ctx, seen, depth);
  if (!ts.isTypeReferenceNode(written)) return [];
  const declared = userAliasType(written, ctx, seen);
  return [...(declared ? [declared] : []), ...(written.typeArguments ?? [])].map((node) => ({ node }));
}

/** `F` of `<F extends "name" | "age">`: its constraint, which is what a parameter typed `F` takes. */
function typeParameterConstraint(reference: ts.TypeReferenceNode, ctx: ReadContext): ts.TypeNode | undefined {
  const { ts } = ctx;
  const symbol = ctx.checker.getSymbolAtLocation(reference.typeName);
  if (!symbol || !(symbol.flags & ts.SymbolFlags.TypeParameter)) return undefined;
  return symbol.declarations?.find(ts.isTypeParameterDeclaration)?.constraint;
}

/** The declared type of the user alias a reference names, once per walk (aliases may refer to themselves). */
function userAliasType(reference: ts.TypeReferenceNode, ctx: ReadContext, seen: Set<ts.Symbol>): ts.TypeNode | undefined {
  const { ts } = ctx;
  let symbol = ctx.checker.getSymbolAtLocation(reference.typeName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
  if (!symbol || !(symbol.flags & ts.SymbolFlags.TypeAlias) || seen.has(symbol) || isFromDefaultLibrary(symbol, ctx)) return undefined;
  seen.add(symbol);
  return symbol.declarations?.find(ts.isTypeAliasDeclaration)?.type;
}

/** `T["a" | "b"]`: the properties' declared types (or values); `T[number]`: T's elements. */
function indexedSpellings(written: ts.IndexedAccessTypeNode, ctx: ReadContext, seen: Set<ts.Symbol>, depth: number): Spelling[] {
  const { ts } = ctx;
  if (depth > MAX_DEPTH) return [];
  const index = ctx.checker.getTypeFromTypeNode(written.indexType);
  if (has(index, ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return elementSpellings(written.objectType, ctx, seen, depth + 1);
  const object = ctx.checker.getTypeFromTypeNode(written.objectType);
  const keys = writtenOrder(index.isUnion() ? index.types : [index], written.indexType, ctx);
  return keys.flatMap(({ type: key }): Spelling[] => {
    if (!key.isStringLiteral()) return [];
    const declaration = ctx.checker.getPropertyOfType(object, key.value)?.declarations?.[0];
    if (!declaration) return [];
    if ((ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.type) return [{ node: declaration.type }];
    const value = ts.isPropertyAssignment(declaration) || ts.isPropertyDeclaration(declaration) ? declaration.initializer : undefined;
    return value ? [{ expression: value }] : [];
  });
}

/** The elements an array or tuple type is written with, through aliases, indexed access and `typeof`. */
function elementSpellings(node: ts.TypeNode, ctx: ReadContext, seen: Set<ts.Symbol>, depth: number): Spelling[] {
  const { ts } = ctx;
  const written = unparenthesize(node, ts);
  if (!written || depth > MAX_DEPTH) return [];
  if (ts.isArrayTypeNode(written)) return [{ node: written.elementType }];
  if (ts.isTupleTypeNode(written)) {
    return written.elements.flatMap((element): Spelling[] => {
      const inner = ts.isNamedTupleMember(element) ? element.type : element;
      if (ts.isOptionalTypeNode(inner)) return [{ node: inner.type }];
      if (!ts.isRestTypeNode(inner)) return [{ node: inner }];
      const rest = elementSpellings(inner.type, ctx, seen, depth + 1);
      return rest.length ? rest : [{ node: inner.type }];
    });
  }
  if (ts.isTypeOperatorNode(written)) return elementSpellings(written.type, ctx, seen, depth + 1);
  if (ts.isTypeQueryNode(written)) return constElements(written, ctx);
  if (ts.isIndexedAccessTypeNode(written)) {
    return indexedSpellings(written, ctx, seen, depth + 1).flatMap((at) => ("node" in at ? elementSpellings(at.node, ctx, seen, depth + 1) : []));
  }
  if (!ts.isTypeReferenceNode(written)) return [];
  const name = referenceName(written, ts);
  if ((name === "Array" || name === "ReadonlyArray") && written.typeArguments?.length === 1) return [{ node: written.typeArguments[0] as ts.TypeNode }];
  const declared = userAliasType(written, ctx, seen);
  return declared ? elementSpellings(declared, ctx, seen, depth + 1) : [];
}

/** `typeof SIZES` of `const SIZES = ["s", "m"] as const`: the array's elements as written. */
function constElements(query: ts.TypeQueryNode, ctx: ReadContext): Spelling[] {
  const { ts } = ctx;
  let symbol = ctx.checker.getSymbolAtLocation(query.exprName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  const initializer = declaration && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  const value = initializer ? constValue(initializer, ts) : undefined;
  if (!value || !ts.isArrayLiteralExpression(value)) return [];
  return value.elements.filter((element) => !ts.isSpreadElement(element) && !ts.isOmittedExpression(element)).map((expression) => ({ expression }));
}

/** Members the source does not place: enum members by declaration, literals by value, the rest as listed. */
function compareUnplaced(a: ts.Type, b: ts.Type, ctx: ReadContext): number {
  const rank = (type: ts.Type): number => (has(type, ctx.ts.TypeFlags.EnumLiteral) ? 0 : literalKey(type, ctx.ts) !== type ? 1 : 2);
  const byRank = rank(a) - rank(b);
  if (byRank || rank(a) === 2) return byRank;
  if (rank(a) === 0) return compareDeclarations(a.symbol, b.symbol);
  return compareLiterals(literalKey(a, ctx.ts) as string, literalKey(b, ctx.ts) as string);
}

function compareDeclarations(a: ts.Symbol | undefined, b: ts.Symbol | undefined): number {
  const x = declarationPosition(a);
  const y = declarationPosition(b);
  return x.file === y.file ? x.pos - y.pos : x.file < y.file ? -1 : 1;
}

/** Literal keys (`s:text`, `n:1.5`, `b:true`): strings, then numbers, then booleans; each by value. */
function compareLiterals(a: string, b: string): number {
  const kind = (key: string): number => "snb".indexOf(key[0] ?? "");
  if (kind(a) !== kind(b)) return kind(a) - kind(b);
  if (a[0] === "n") return Number(a.slice(2)) - Number(b.slice(2));
  if (a[0] === "b") return a === b ? 0 : a === "b:false" ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
