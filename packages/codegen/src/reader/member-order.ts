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
 * not place come after those, in an order of their own (compareUnplaced).
 */
import type { ts } from "ts-morph";
import { noteInTranscript, type Compiler, type ReadContext } from "./context.js";
import { comparePositions, declarationPosition, orderedProperties } from "./object-shape.js";
import { has, literalKey, referenceName, typeParameterDefault, unparenthesize, writtenAlias } from "./type-utils.js";
import { memberKey } from "./union-members.js";

export interface PlacedMember {
  readonly type: ts.Type;
  /** The node that spells this one member, when one does (not an alias of several). */
  readonly node?: ts.TypeNode;
}

/** A walk's state: the aliases followed so far, and what their type parameters are bound to. */
interface Walk {
  readonly seen: Set<ts.Symbol>;
  readonly bound: Map<ts.Node, ts.TypeNode>;
}

interface Place {
  readonly index: number;
  readonly node?: ts.TypeNode;
  /** Placed only as one of a node's members in their unplaced order, not where it is spelled out. */
  readonly inferred?: boolean;
}

/** How far a written type is followed through aliases, arguments and properties. */
const MAX_DEPTH = 24;

/**
 * A union's members (or a single type, as one) in the order the source writes them at `node` (see the
 * module comment). Where the node does not place every literal member (a type parameter's `T` inside
 * a generic declaration, an optional member's `undefined` aside), the order last given to the same
 * union in this function stands, so that `Tree<"b" | "a">` and the `Tree<T>` inside its own body name
 * and list their members alike.
 */
export function writtenOrder(type: ts.Type, node: ts.TypeNode | undefined, ctx: ReadContext): PlacedMember[] {
  const { ts } = ctx;
  const members = type.isUnion() ? type.types : [type];
  const places = new Map<unknown, Place>();
  if (node) placeWritten(node, ctx, places, { seen: new Set(), bound: new Map(ctx.boundArguments) }, 0, members);
  fillOpenPlaces(members, places, ctx);
  const spelled = (member: ts.Type): boolean => {
    const at = places.get(memberKey(member, ctx));
    return at !== undefined && !at.inferred;
  };
  const complete = members.every((member) => literalKey(member, ts) === member || spelled(member));
  const given = complete ? undefined : ctx.memberOrders.get(type);
  if (!complete && type.isUnion()) noteInTranscript(ctx, () => ({ consults: type, given }));
  const rank = (member: ts.Type): number | undefined => (given ? given.get(member) : places.get(memberKey(member, ctx))?.index);
  const ordered = members
    .map((member, original) => ({ member, original, rank: rank(member), node: places.get(memberKey(member, ctx))?.node }))
    .sort((a, b) => {
      if (a.rank !== undefined && b.rank !== undefined) return a.rank - b.rank || a.original - b.original;
      if (a.rank !== undefined || b.rank !== undefined) return a.rank !== undefined ? -1 : 1;
      return compareUnplaced(a.member, b.member, ctx) || a.original - b.original;
    });
  if (type.isUnion() && (complete || !given)) {
    const order = new Map(ordered.map(({ member }, index) => [member, index]));
    ctx.memberOrders.set(type, order);
    noteInTranscript(ctx, () => ({ orders: type, order }));
  }
  return ordered.map(({ member, node: at }) => (at ? { type: member, node: at } : { type: member }));
}

/** `members`: the node's type's members, when known (the top node): no need to ask the checker for it. */
function placeWritten(
  node: ts.TypeNode,
  ctx: ReadContext,
  places: Map<unknown, Place>,
  walk: Walk,
  depth: number,
  members?: readonly ts.Type[],
): void {
  const { ts } = ctx;
  const written = unparenthesize(node, ts);
  if (!written || depth > MAX_DEPTH) return;
  if (ts.isUnionTypeNode(written)) {
    for (const member of written.types) placeWritten(member, ctx, places, walk, depth + 1);
    return;
  }
  const standsFor = ts.isTypeReferenceNode(written) ? typeParameterSpelling(written, ctx, walk) : undefined;
  if (standsFor) {
    placeWritten(standsFor, ctx, places, walk, depth + 1);
    return;
  }
  if (ts.isTypeOperatorNode(written) && written.operator === ts.SyntaxKind.KeyOfKeyword) {
    const operand = ctx.checker.getTypeFromTypeNode(written.type);
    // In the order T's schema lists them: a JavaScript object puts integer keys first, ascending; `keyof`
    // makes a number literal of such a key (`keyof { 2: A; 1: B }` is `1 | 2`).
    const names = Object.keys(Object.fromEntries(orderedProperties(operand, ctx).map((symbol) => [symbol.name, true])));
    for (const name of names) place(places, String(Number(name)) === name ? `n:${name}` : `s:${name}`);
    return;
  }
  if (walk.bound.size > 0 && !(ts.isTypeReferenceNode(written) && (!written.typeArguments || writtenAlias(written, ctx))) && writesBoundParameter(written, walk, ctx)) {
    // `T[]` or `Box<T>` in a generic's body: the checker's type of the node is the declaration's, not the
    // member's. (A bare `T` was followed above; a user alias's members are spelled out below.)
    places.set(Symbol("open"), { index: places.size, node: written });
    return;
  }
  const types = members ?? unionMembers(ctx.checker.getTypeFromTypeNode(written));
  const [only] = types;
  if (types.length === 1 && only) {
    place(places, memberKey(only, ctx), written);
    return;
  }
  // One written node standing for several members: follow it to where they are spelled out.
  for (const next of spelledAt(written, ctx, walk, depth)) placeSpelling(next, ctx, places, walk, depth + 1);
  for (const member of [...types].sort((a, b) => compareUnplaced(a, b, ctx))) place(places, memberKey(member, ctx), undefined, true);
}

const unionMembers = (type: ts.Type): readonly ts.Type[] => (type.isUnion() ? type.types : [type]);

/** Whether a node spells one of the bound type parameters somewhere inside (`T[]`, `{ v: T }`, `[T, U]`). */
function writesBoundParameter(node: ts.Node, walk: Walk, ctx: ReadContext): boolean {
  const { ts } = ctx;
  const names = new Set([...walk.bound.keys()].map((parameter) => (parameter as ts.TypeParameterDeclaration).name.text));
  let found = false;
  const visit = (at: ts.Node): void => {
    if (found) return;
    if (ts.isTypeReferenceNode(at) && ts.isIdentifier(at.typeName) && names.has(at.typeName.text)) found = true;
    else at.forEachChild(visit);
  };
  visit(node);
  return found;
}

/**
 * The members no written node placed take the places of the nodes that spell a bound type parameter
 * inside them (`T[]` of `Box<T[]>`'s `T | number`, read for `Outer<"y" | "x">`), when there are as many
 * of each: the only members those nodes can stand for, in the unplaced order.
 */
function fillOpenPlaces(members: readonly ts.Type[], places: Map<unknown, Place>, ctx: ReadContext): void {
  const open = [...places].filter(([key]) => typeof key === "symbol").map(([, place]) => place);
  if (open.length === 0) return;
  const unplaced = members.filter((member) => !places.has(memberKey(member, ctx)) && !has(member, ctx.ts.TypeFlags.Undefined | ctx.ts.TypeFlags.Null));
  if (unplaced.length !== open.length) return;
  unplaced.sort((a, b) => compareUnplaced(a, b, ctx));
  unplaced.forEach((member, index) => places.set(memberKey(member, ctx), open[index] as Place));
}

function place(places: Map<unknown, Place>, key: unknown, node?: ts.TypeNode, inferred = false): void {
  if (!places.has(key)) places.set(key, { index: places.size, ...(node ? { node } : {}), ...(inferred ? { inferred } : {}) });
}

/**
 * Where a member is spelled out: a type node, or (a type taken from an `as const` value, `(typeof
 * SIZES)[number]`) the value's expression.
 */
type Spelling = { readonly node: ts.TypeNode } | { readonly expression: ts.Expression };

function placeSpelling(spelling: Spelling, ctx: ReadContext, places: Map<unknown, Place>, walk: Walk, depth: number): void {
  if ("node" in spelling) {
    placeWritten(spelling.node, ctx, places, walk, depth);
    return;
  }
  const key = literalKeyOf(spelling.expression, ctx.ts);
  place(places, key ?? memberKey(ctx.checker.getTypeAtLocation(spelling.expression), ctx));
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
function spelledAt(written: ts.TypeNode, ctx: ReadContext, walk: Walk, depth: number): Spelling[] {
  const { ts } = ctx;
  if (ts.isTypeOperatorNode(written)) return [{ node: written.type }];
  if (ts.isIndexedAccessTypeNode(written)) return indexedSpellings(written, ctx, walk, depth);
  if (!ts.isTypeReferenceNode(written)) return [];
  const declared = userAliasType(written, ctx, walk);
  return [...(declared ? [declared] : []), ...(written.typeArguments ?? [])].map((node) => ({ node }));
}

/**
 * What a reference to a type parameter stands for: the argument a followed alias reference binds it to
 * (`T` in `type Rec<T> = T | Rec<T>[]` read from `Rec<"b" | "a">`), else its constraint (`F` of
 * `<F extends "name" | "age">`, which is what a parameter typed `F` takes).
 */
function typeParameterSpelling(reference: ts.TypeReferenceNode, ctx: ReadContext, walk: Walk): ts.TypeNode | undefined {
  const { ts } = ctx;
  const symbol = ctx.checker.getSymbolAtLocation(reference.typeName);
  if (!symbol || !(symbol.flags & ts.SymbolFlags.TypeParameter)) return undefined;
  const declaration = symbol.declarations?.find(ts.isTypeParameterDeclaration);
  return declaration && (walk.bound.get(declaration) ?? declaration.constraint);
}

/**
 * The declared type of the user alias a reference names, once per walk (aliases may refer to
 * themselves), its type parameters bound to the reference's arguments.
 */
function userAliasType(reference: ts.TypeReferenceNode, ctx: ReadContext, walk: Walk): ts.TypeNode | undefined {
  const symbol = writtenAlias(reference, ctx);
  if (!symbol || walk.seen.has(symbol)) return undefined;
  walk.seen.add(symbol);
  const declaration = symbol.declarations?.find(ctx.ts.isTypeAliasDeclaration);
  declaration?.typeParameters?.forEach((parameter, index) => {
    const argument = reference.typeArguments?.[index] ?? typeParameterDefault(parameter);
    if (argument) walk.bound.set(parameter, argument);
  });
  return declaration?.type;
}

/** `T["a" | "b"]`: the properties' declared types (or values); `T[number]`: T's elements. */
function indexedSpellings(written: ts.IndexedAccessTypeNode, ctx: ReadContext, walk: Walk, depth: number): Spelling[] {
  const { ts } = ctx;
  if (depth > MAX_DEPTH) return [];
  const index = ctx.checker.getTypeFromTypeNode(written.indexType);
  if (has(index, ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return elementSpellings(written.objectType, ctx, walk, depth + 1);
  const object = ctx.checker.getTypeFromTypeNode(written.objectType);
  const keys = writtenOrder(index, written.indexType, ctx);
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
function elementSpellings(node: ts.TypeNode, ctx: ReadContext, walk: Walk, depth: number): Spelling[] {
  const { ts } = ctx;
  const written = unparenthesize(node, ts);
  if (!written || depth > MAX_DEPTH) return [];
  if (ts.isArrayTypeNode(written)) return [{ node: written.elementType }];
  if (ts.isTupleTypeNode(written)) {
    return written.elements.flatMap((element): Spelling[] => {
      const inner = ts.isNamedTupleMember(element) ? element.type : element;
      if (ts.isOptionalTypeNode(inner)) return [{ node: inner.type }];
      if (!ts.isRestTypeNode(inner)) return [{ node: inner }];
      const rest = elementSpellings(inner.type, ctx, walk, depth + 1);
      return rest.length ? rest : [{ node: inner.type }];
    });
  }
  if (ts.isTypeOperatorNode(written)) return elementSpellings(written.type, ctx, walk, depth + 1);
  if (ts.isTypeQueryNode(written)) return constElements(written, ctx);
  if (ts.isIndexedAccessTypeNode(written)) {
    return indexedSpellings(written, ctx, walk, depth + 1).flatMap((at) => ("node" in at ? elementSpellings(at.node, ctx, walk, depth + 1) : []));
  }
  if (!ts.isTypeReferenceNode(written)) return [];
  const name = referenceName(written, ts);
  if ((name === "Array" || name === "ReadonlyArray") && written.typeArguments?.length === 1) return [{ node: written.typeArguments[0] as ts.TypeNode }];
  const declared = userAliasType(written, ctx, walk);
  return declared ? elementSpellings(declared, ctx, walk, depth + 1) : [];
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

/**
 * Members the source does not place: enum members by declaration, literals by value, then the rest
 * (see compareOthers). Not the checker's order, which differs between the engines.
 */
function compareUnplaced(a: ts.Type, b: ts.Type, ctx: ReadContext): number {
  const rank = (type: ts.Type): number => (has(type, ctx.ts.TypeFlags.EnumLiteral) ? 0 : literalKey(type, ctx.ts) !== type ? 1 : 2);
  const byRank = rank(a) - rank(b);
  if (byRank) return byRank;
  if (rank(a) === 2) return compareOthers(a, b, ctx);
  if (rank(a) === 0) return compareDeclarations(a.symbol, b.symbol);
  return compareLiterals(literalKey(a, ctx.ts) as string, literalKey(b, ctx.ts) as string);
}

/** Primitives in a fixed order (`ReturnType<() => Date | number>` is number, then Date). */
const PRIMITIVE_ORDER = ["String", "TemplateLiteral", "StringMapping", "Number", "BigInt", "ESSymbol", "Null", "Undefined", "Void"] as const;

/**
 * Other members: primitives first (PRIMITIVE_ORDER), then by where their types are declared - the
 * project's files before the library's (by name, as the engines' library files differ), in the order of
 * their declarations (`T extends string ? { s: T } : { o: T }` read as `{ s } | { o }`); two members of
 * one declaration (instantiations of one generic) by their type arguments.
 */
function compareOthers(a: ts.Type, b: ts.Type, ctx: ReadContext): number {
  const { ts } = ctx;
  const primitive = (type: ts.Type): number => {
    const at = PRIMITIVE_ORDER.findIndex((flag) => has(type, ts.TypeFlags[flag]));
    return at < 0 ? PRIMITIVE_ORDER.length : at;
  };
  const byPrimitive = primitive(a) - primitive(b);
  if (byPrimitive || primitive(a) < PRIMITIVE_ORDER.length) return byPrimitive;
  const declared = (type: ts.Type): ts.Declaration | undefined => (type.aliasSymbol ?? type.getSymbol())?.declarations?.[0];
  const x = declared(a);
  const y = declared(b);
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  if (x === y) return compareArguments(a, b, ctx);
  const [inLibraryX, inLibraryY] = [x, y].map((node) => ctx.program.isSourceFileDefaultLibrary(node.getSourceFile()));
  if (inLibraryX !== inLibraryY) return inLibraryX ? 1 : -1;
  if (inLibraryX) {
    const [m, n] = [(a.aliasSymbol ?? a.getSymbol())?.name ?? "", (b.aliasSymbol ?? b.getSymbol())?.name ?? ""];
    return m < n ? -1 : m > n ? 1 : 0;
  }
  return comparePositions({ file: x.getSourceFile().fileName, pos: x.pos }, { file: y.getSourceFile().fileName, pos: y.pos });
}

/**
 * Instantiations of one generic (`Box<number> | Box<string>`, made by a conditional type): by their type
 * arguments, in turn, as unplaced members are ordered - not by the checker's order, which is when each
 * was made on TypeScript 6 and differs on TypeScript 7.
 */
function compareArguments(a: ts.Type, b: ts.Type, ctx: ReadContext): number {
  const argumentsOf = (type: ts.Type): readonly ts.Type[] =>
    type.aliasSymbol
      ? (type.aliasTypeArguments ?? [])
      : (type as ts.ObjectType).objectFlags & ctx.ts.ObjectFlags.Reference
        ? ctx.checker.getTypeArguments(type as ts.TypeReference)
        : [];
  const [m, n] = [argumentsOf(a), argumentsOf(b)];
  for (let index = 0; index < Math.min(m.length, n.length); index++) {
    const order = compareUnplaced(m[index] as ts.Type, n[index] as ts.Type, ctx);
    if (order) return order;
  }
  return m.length - n.length;
}

function compareDeclarations(a: ts.Symbol | undefined, b: ts.Symbol | undefined): number {
  return comparePositions(declarationPosition(a), declarationPosition(b));
}

/** Literal keys (`s:text`, `n:1.5`, `b:true`): strings, then numbers, then booleans; each by value. */
function compareLiterals(a: string, b: string): number {
  const kind = (key: string): number => "snb".indexOf(key[0] ?? "");
  if (kind(a) !== kind(b)) return kind(a) - kind(b);
  if (a[0] === "n") return Number(a.slice(2)) - Number(b.slice(2));
  if (a[0] === "b") return a === b ? 0 : a === "b:false" ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
