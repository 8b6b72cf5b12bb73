/**
 * The data shape of an object type: its properties (in the order pydantic would list the fields of the
 * equivalent class: base members first, then own, as written) and its index signature.
 */
import type { ts } from "ts-morph";
import { defaultMisfit, misfitProblem } from "../ir/default-fit.js";
import type { IrAnnotations, IrObject, IrProperty, IrType, JsonValue } from "../ir/types.js";
import { here, type Compiler, type Problem, type ReadContext, type SourceLocation } from "./context.js";
import { defaultConflict, evaluateDefault, sameJson } from "./defaults.js";
import { droppedCallbackWarning, holdsFunction } from "./callbacks.js";
import { annotationsFromTags, hasTag, readDoc, withoutInertConstraints } from "./jsdoc.js";
import { locationOf } from "./location.js";
import { toInteger } from "./integer.js";
import { writtenOrder } from "./member-order.js";
import { currentDefinitions, judgeWhenFinal, type DefinitionLookup } from "./judgments.js";
import { aliasTypeNode, has, isFromDefaultLibrary, isMethodMember, isSymbolKeyed, objectFlags, referenceName, typeText, unparenthesize, userDoc, withoutUndefined, writtenAlias } from "./type-utils.js";

/**
 * A key a JavaScript object cannot hold as ordinary data (`obj["__proto__"] = v` sets the prototype): the
 * schema, the arguments the model sends and the call would all disagree about it, so it is refused.
 */
export const PROTO = "__proto__";

export const protoProblem: Problem = {
  severity: "error",
  message: "is named `__proto__`, which a JavaScript object cannot hold as an ordinary key",
  hint: "rename it",
};

/**
 * The properties of `type` in field order: for classes and interfaces, inherited members come first.
 * `written` is the node the type is written with, where a mapped type's keys may be spelled out
 * (`Record<keyof User, number>` written in a parameter).
 */
export function orderedProperties(type: ts.Type, ctx: ReadContext, written?: ts.TypeNode): ts.Symbol[] {
  const { ts, checker } = ctx;
  // Symbol-keyed (`[Symbol.iterator]`, shown as `__@iterator@12`) members never travel as JSON; private
  // and protected ones (`#x`, `private x`, `protected x`) are the class's own business, as pydantic
  // leaves private attributes out of a model's schema.
  const properties = checker.getPropertiesOfType(type).filter((symbol) => isDataMember(symbol, ts));
  const order = new Map<string, number>();
  for (const name of fieldOrder(type, ctx, 0, written)) if (!order.has(name)) order.set(name, order.size);
  const rank = (symbol: ts.Symbol, index: number): number => order.get(symbol.name) ?? order.size + index;
  return properties
    .map((symbol, index) => ({ symbol, rank: rank(symbol, index) }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ symbol }) => symbol);
}

/** A member an object's schema lists: keyed by a name, and neither `#private`, `private` nor `protected`. */
export function isDataMember(symbol: ts.Symbol, ts: Compiler): boolean {
  return !isSymbolKeyed(symbol) && !symbol.name.startsWith("#") && !isHidden(symbol, ts);
}

/** A member whose property the schema lists: a data member, not `@internal` / `@hidden`. */
export function isReadMember(symbol: ts.Symbol, ctx: ReadContext): boolean {
  return isDataMember(symbol, ctx.ts) && !hiddenByDoc(symbol, ctx.ts);
}

function hiddenByDoc(symbol: ts.Symbol, ts: Compiler): boolean {
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  return declaration !== undefined && hasTag(readDoc(declaration, ts), "internal", "hidden");
}

function isHidden(symbol: ts.Symbol, ts: Compiler): boolean {
  const hidden = ts.ModifierFlags.Private | ts.ModifierFlags.Protected;
  return symbol.declarations?.some((declaration) => (ts.getCombinedModifierFlags(declaration) & hidden) !== 0) ?? false;
}

function fieldOrder(type: ts.Type, ctx: ReadContext, depth: number, written?: ts.TypeNode): string[] {
  const { ts, checker } = ctx;
  if (depth > 16) return [];
  if (type.isIntersection()) {
    // `Record<"y" | "x", T> & { z: boolean }`: each part with the node that writes it (its keys' order).
    const parts = intersectionParts(written, ctx);
    return type.types.flatMap((part, index) => fieldOrder(part, ctx, depth + 1, parts.length === type.types.length ? parts[index] : undefined));
  }
  const target = objectFlags(type, ts) & ts.ObjectFlags.Reference ? (type as ts.TypeReference).target : type;
  if (!(objectFlags(target, ts) & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface))) {
    const literal = spreadLiteral(type, ctx);
    if (literal) return spreadFieldOrder(literal, ctx);
    const names = checker.getPropertiesOfType(type).map((symbol) => symbol.name);
    return objectFlags(type, ts) & ts.ObjectFlags.Mapped ? mappedFieldOrder(type, names, ctx, depth, written) : names;
  }
  const bases = checker.getBaseTypes(target as ts.InterfaceType) ?? [];
  // `interface E extends Record<"y" | "x", T>`: each base with the heritage clause that writes it.
  const heritage = (target.symbol?.declarations ?? [])
    .filter((declaration) => ts.isInterfaceDeclaration(declaration) || ts.isClassLike(declaration))
    .flatMap((declaration) => (declaration as ts.InterfaceDeclaration).heritageClauses ?? [])
    .filter((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)
    .flatMap((clause) => [...clause.types]);
  const inherited = bases.flatMap((base, index) => fieldOrder(base, ctx, depth + 1, heritage.length === bases.length ? (heritage[index] as unknown as ts.TypeNode) : undefined));
  const own: string[] = [];
  // By each member's name: the map is keyed by escaped names (TypeScript 6 writes `__b` as `___b`).
  target.symbol?.members?.forEach((member) => own.push(member.name));
  return [...inherited, ...own];
}

/** The object literal with spreads (`{ ...a, b }`) a value's type (`typeof merged`) was made from. */
function spreadLiteral(type: ts.Type, ctx: ReadContext): ts.ObjectLiteralExpression | undefined {
  const { ts } = ctx;
  const symbol = type.getSymbol();
  // The flag first: most object types are no object literal's, and their declarations need not be read.
  if (!symbol || !(symbol.flags & ts.SymbolFlags.ObjectLiteral)) return undefined;
  const declaration = symbol.declarations?.[0];
  return declaration && ts.isObjectLiteralExpression(declaration) && declaration.properties.some(ts.isSpreadAssignment) ? declaration : undefined;
}

/**
 * Properties in the order the object literal makes them at run time, which is the order `JSON.stringify`
 * writes them in: each spread's in its own order, a property written again keeping its first place. The
 * checkers list a spread's properties each in its own way.
 */
function spreadFieldOrder(literal: ts.ObjectLiteralExpression, ctx: ReadContext): string[] {
  const { ts, checker } = ctx;
  const names: string[] = [];
  for (const element of literal.properties) {
    if (ts.isSpreadAssignment(element)) {
      // `...(flag && { c })`, `...(options as T | undefined)`: what a falsy or nullish value spreads is nothing.
      const spread = checker.getTypeAtLocation(element.expression);
      for (const part of spread.isUnion() ? spread.types : [spread]) {
        if (has(part, ts.TypeFlags.Object) || part.isIntersection()) names.push(...orderedProperties(part, ctx).map((symbol) => symbol.name));
      }
      continue;
    }
    const name = element.name;
    if (!name) continue;
    if (ts.isComputedPropertyName(name)) {
      const key = checker.getTypeAtLocation(name.expression);
      if (key.isStringLiteral() || key.isNumberLiteral()) names.push(String(key.value));
    } else if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) {
      names.push(name.text);
    }
  }
  return names;
}

/**
 * A mapped type's properties (`Pick`, `Omit`, `Partial`, `Required<Omit<...>>`, `Record<K, T>`...) in
 * the order of the object types it was made from, else of its keys as written (src/reader/member-order.ts).
 * The checker lists them in the order of their key types' internal ids (TypeScript 6: whatever the
 * program happened to create first) or by value (TypeScript 7); pydantic keeps declaration order.
 * Names found in neither keep their declaration position.
 */
function mappedFieldOrder(type: ts.Type, names: readonly string[], ctx: ReadContext, depth: number, written?: ts.TypeNode): string[] {
  const { ts, checker } = ctx;
  const present = new Set(names);
  // `Partial<Record<"y" | "x", T>>`: the alias's arguments with the nodes that write them, where the
  // written type (or the user alias it names) is that reference.
  const declared = declaredNode(written, ctx) ?? (type.aliasSymbol && !isFromDefaultLibrary(type.aliasSymbol, ctx) ? aliasTypeNode(type.aliasSymbol, ts) : undefined);
  const aliasArguments = type.aliasTypeArguments ?? [];
  const declaredArguments = declared && writtenArgumentsOf(declared, ts);
  const argumentNodes = declaredArguments?.length === aliasArguments.length ? declaredArguments : undefined;
  const sources = [
    ...aliasArguments.map((source, index) => ({ source, node: argumentNodes?.[index] })),
    // The library's `Partial<T>`, `Pick<T, K>`, `Omit<T, K>`... map over their first argument, which
    // the written reference spells (TypeScript 7 does not say which type a mapped type maps over).
    ...(argumentNodes ? [] : libraryFirstArgument(declared, ctx)),
    ...modifiersTypeOf(type).map((source) => ({ source, node: undefined })),
  ].filter(({ source }) => has(source, ts.TypeFlags.Object) || source.isIntersection());
  const ordered: string[] = [];
  const rename = keyRenaming(type, ctx);
  const add = (key: string): void => {
    const name = rename(key);
    if (present.has(name) && !ordered.includes(name)) ordered.push(name);
  };
  for (const { source, node } of sources) for (const name of fieldOrder(source, ctx, depth + 1, node)) add(name);
  const keys = mappedKeys(type, ctx, declared ?? written);
  if (keys) {
    for (const { type: key } of writtenOrder(keys.type, keys.node, ctx)) {
      if (key.isStringLiteral() || key.isNumberLiteral()) add(String(key.value));
    }
  }
  const rest = names
    .filter((name) => !ordered.includes(name))
    .map((name) => ({ name, at: declarationPosition(checker.getPropertyOfType(type, name)) }))
    .sort((a, b) => comparePositions(a.at, b.at));
  return [...ordered, ...rest.map((entry) => entry.name)];
}

/**
 * A mapped type's `as` clause, as a function from a key to the property name it makes, for the clauses
 * that spell one out: `` `get${K}` ``, `Uppercase<K>` / `Lowercase` / `Capitalize` / `Uncapitalize`, and
 * those that keep or drop a key (`Exclude<K, "x">`): the names then follow their keys' order.
 */
function keyRenaming(type: ts.Type, ctx: ReadContext): (key: string) => string {
  const { ts } = ctx;
  const declaration = type.symbol && !isFromDefaultLibrary(type.symbol, ctx) ? type.symbol.declarations?.find(ts.isMappedTypeNode) : undefined;
  const clause = declaration?.nameType;
  if (!declaration || !clause) return (key) => key;
  const parameter = declaration.typeParameter.name.text;
  const apply = (node: ts.TypeNode, key: string): string | undefined => {
    const written = unparenthesize(node, ts);
    if (!written) return undefined;
    if (ts.isTemplateLiteralTypeNode(written)) {
      let text = written.head.text;
      for (const span of written.templateSpans) {
        const part = apply(span.type, key);
        if (part === undefined) return undefined;
        text += part + span.literal.text;
      }
      return text;
    }
    if (ts.isLiteralTypeNode(written) && ts.isStringLiteral(written.literal)) return written.literal.text;
    if (!ts.isTypeReferenceNode(written)) return key;
    const name = referenceName(written, ts);
    if (name === parameter) return key;
    const [argument] = written.typeArguments ?? [];
    const inner = argument && apply(argument, key);
    if (inner === undefined) return key;
    if (name === "Uppercase") return inner.toUpperCase();
    if (name === "Lowercase") return inner.toLowerCase();
    if (name === "Capitalize") return inner.charAt(0).toUpperCase() + inner.slice(1);
    if (name === "Uncapitalize") return inner.charAt(0).toLowerCase() + inner.slice(1);
    return key;
  };
  return (key) => apply(clause, key) ?? key;
}

/**
 * A mapped type's key type and the node that spells it: `K` of a written `Record<K, T>` (in the
 * parameter, or as a user alias's declaration), of `Record`'s own alias arguments (the key's alias
 * declaration spells it), or the constraint of a written `{ [P in K]: T }`.
 */
function mappedKeys(type: ts.Type, ctx: ReadContext, written?: ts.TypeNode): { type: ts.Type; node?: ts.TypeNode } | undefined {
  const { ts, checker } = ctx;
  const recordKeys = (node: ts.TypeNode | undefined): ts.TypeNode | undefined => {
    const at = unparenthesize(node, ts) as ts.Node | undefined;
    // A reference, or a heritage clause's `extends Record<K, T>`.
    const named = at && ts.isExpressionWithTypeArguments(at) ? (ts.isIdentifier(at.expression) ? at.expression.text : undefined) : at && ts.isTypeReferenceNode(at) ? referenceName(at, ts) : undefined;
    const typeArguments = at && writtenArgumentsOf(at, ts);
    return named === "Record" && typeArguments?.length === 2 ? typeArguments[0] : undefined;
  };
  const alias = type.aliasSymbol;
  const keyNode = recordKeys(written) ?? (alias && !isFromDefaultLibrary(alias, ctx) ? recordKeys(aliasTypeNode(alias, ts)) : undefined);
  if (keyNode) return { type: checker.getTypeFromTypeNode(keyNode), node: keyNode };
  const aliasKeys = alias?.name === "Record" && isFromDefaultLibrary(alias, ctx) ? type.aliasTypeArguments?.[0] : undefined;
  if (aliasKeys) {
    const named = aliasKeys.aliasSymbol && !isFromDefaultLibrary(aliasKeys.aliasSymbol, ctx) ? aliasTypeNode(aliasKeys.aliasSymbol, ts) : undefined;
    return named ? { type: aliasKeys, node: named } : { type: aliasKeys };
  }
  // A library mapped type's constraint (`Pick`'s `K`) is its own type parameter, which orders nothing.
  const declaration = type.symbol && !isFromDefaultLibrary(type.symbol, ctx) ? type.symbol.declarations?.find(ts.isMappedTypeNode) : undefined;
  const constraint = declaration?.typeParameter.constraint;
  return constraint ? { type: checker.getTypeFromTypeNode(constraint), node: constraint } : undefined;
}

/**
 * The node a written type stands for: through the user aliases it names (`A1` -> `Partial<Record<...>>`)
 * while they take no type parameters (a generic one's body speaks of its parameters, not the arguments).
 */
export function declaredNode(written: ts.TypeNode | undefined, ctx: ReadContext): ts.TypeNode | undefined {
  let node = unparenthesize(written, ctx.ts);
  for (let depth = 0; node && depth < 8; depth++) {
    const alias = ctx.ts.isTypeReferenceNode(node) ? writtenAlias(node, ctx) : undefined;
    const declaration = alias?.declarations?.find(ctx.ts.isTypeAliasDeclaration);
    if (!declaration || declaration.typeParameters?.length) return node;
    node = unparenthesize(declaration.type, ctx.ts);
  }
  return node;
}

/**
 * The parts an intersection is written with, flattened as TypeScript flattens the type (`AB & { w }` for
 * `type AB = Record<"y" | "x", T> & { z }` is three parts).
 */
function intersectionParts(written: ts.TypeNode | undefined, ctx: ReadContext, depth = 0): ts.TypeNode[] {
  const declared = declaredNode(written, ctx);
  if (!declared || !ctx.ts.isIntersectionTypeNode(declared) || depth > 8) return declared && depth > 0 ? [declared] : [];
  return declared.types.flatMap((part) => {
    const inner = intersectionParts(part, ctx, depth + 1);
    return inner.length ? inner : [part];
  });
}

/** The first argument of a reference to one of the default library's types (`T` of `Partial<T>`), and its type. */
function libraryFirstArgument(node: ts.TypeNode | undefined, ctx: ReadContext): { source: ts.Type; node: ts.TypeNode }[] {
  if (!node || !ctx.ts.isTypeReferenceNode(node)) return [];
  const [first] = node.typeArguments ?? [];
  const symbol = first && ctx.checker.getSymbolAtLocation(node.typeName);
  return first && symbol && isFromDefaultLibrary(symbol, ctx) ? [{ source: ctx.checker.getTypeFromTypeNode(first), node: first }] : [];
}

/**
 * What writes the properties' type of a written `Record<K, V>` (`V`), also through the library's
 * `Partial` / `Required` / `Readonly` / `Pick` / `Omit` of one and user aliases without parameters: the
 * properties are declared by the library's mapped type, whose `T` speaks of no written node. Unions in `V`
 * then keep their written order, and a generic's argument in it is named as written on both engines.
 */
export function mappedValueNode(written: ts.TypeNode | undefined, ctx: ReadContext, depth = 0): ts.TypeNode | undefined {
  const node = declaredNode(written, ctx);
  // A mapped type written out (`{ [K in "p" | "q"]: V }`): `V`, while it does not speak of `K` (then each
  // property's type is `V` with its own key, which no one node writes).
  if (node && ctx.ts.isMappedTypeNode(node)) return node.type && !mentions(node.type, node.typeParameter.name.text, ctx.ts) ? node.type : undefined;
  if (!node || !ctx.ts.isTypeReferenceNode(node) || depth > 8) return undefined;
  const symbol = ctx.checker.getSymbolAtLocation(node.typeName);
  if (!symbol) return undefined;
  // `interface D extends Record<string, V> {}`: what it extends writes its index signature.
  if (!isFromDefaultLibrary(symbol, ctx)) return recordItExtends(symbol, ctx);
  const name = referenceName(node, ctx.ts);
  const typeArguments = node.typeArguments ?? [];
  if (name === "Record" && typeArguments.length === 2) return typeArguments[1];
  if (name && MAPS_ITS_FIRST_ARGUMENT.has(name)) return mappedValueNode(typeArguments[0], ctx, depth + 1);
  return undefined;
}
const MAPS_ITS_FIRST_ARGUMENT = new Set(["Partial", "Required", "Readonly", "Pick", "Omit"]);

/** `V` of an interface that declares nothing itself and extends only the library's `Record<K, V>`. */
function recordItExtends(symbol: ts.Symbol, ctx: ReadContext): ts.TypeNode | undefined {
  const { ts } = ctx;
  const declarations = symbol.declarations ?? [];
  const [declaration] = declarations;
  if (declarations.length !== 1 || !declaration || !ts.isInterfaceDeclaration(declaration) || declaration.members.length > 0) return undefined;
  const heritage = (declaration.heritageClauses ?? []).flatMap((clause) => [...clause.types]);
  const [base] = heritage;
  if (heritage.length !== 1 || !base || !ts.isIdentifier(base.expression) || base.expression.text !== "Record" || base.typeArguments?.length !== 2) return undefined;
  const named = ctx.checker.getSymbolAtLocation(base.expression);
  return named && isFromDefaultLibrary(named, ctx) ? base.typeArguments[1] : undefined;
}

/** Whether `name` occurs in `node` as an identifier (a property so named counts too: erring towards yes). */
function mentions(node: ts.Node, name: string, ts: Compiler): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  let found = false;
  node.forEachChild((child) => {
    if (!found && mentions(child, name, ts)) found = true;
  });
  return found;
}

/** The type arguments a reference (or a heritage clause) writes. */
function writtenArgumentsOf(node: ts.Node, ts: Compiler): readonly ts.TypeNode[] | undefined {
  return ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node) ? node.typeArguments : undefined;
}

/** The type a homomorphic mapped type maps over, once the checker has resolved its members. */
function modifiersTypeOf(type: ts.Type): ts.Type[] {
  const source = (type as ts.Type & { modifiersType?: ts.Type }).modifiersType;
  return source ? [source] : [];
}

export interface SourcePosition {
  readonly file: string;
  readonly pos: number;
}

/** Where a symbol is first declared (no declaration: after everything). */
export function declarationPosition(symbol: ts.Symbol | undefined): SourcePosition {
  const declaration = symbol?.declarations?.[0];
  return declaration ? { file: declaration.getSourceFile().fileName, pos: declaration.pos } : { file: "\uffff", pos: 0 };
}

/** By file name, then by position in the file. */
export function comparePositions(a: SourcePosition, b: SourcePosition): number {
  return a.file === b.file ? a.pos - b.pos : a.file < b.file ? -1 : 1;
}

export interface MemberReading {
  readonly symbol: ts.Symbol;
  readonly declaration?: ts.Declaration;
  readonly type: IrType;
  /** Declared `p?: T`. */
  readonly optional: boolean;
  /** A class property initializer (or parameter property default), when it has one. */
  readonly initializer?: ts.Expression;
  readonly annotations: IrAnnotations;
}

/** A member read, its constraint tags not judged yet: `judged` judges them (see readMember). */
interface UnjudgedMember extends MemberReading {
  judged(lookup: DefinitionLookup): IrAnnotations;
}

/** Reads one property: its type (minus the `undefined` an optional property adds) and its JSDoc. */
export function readMember(symbol: ts.Symbol, ctx: ReadContext): MemberReading {
  const { judged, ...member } = readMemberUnjudged(symbol, ctx);
  return { ...member, annotations: judged(currentDefinitions(ctx)) };
}

/**
 * readMember with its constraint tags judged later, by `judged()` (judgments.ts: once what they reach is
 * final). `valueNode`: what writes the property's type when its declaration does not (a `Record`'s value).
 */
function readMemberUnjudged(symbol: ts.Symbol, ctx: ReadContext, valueNode?: ts.TypeNode): UnjudgedMember {
  const { ts } = ctx;
  const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
  const optional = (symbol.flags & ts.SymbolFlags.Optional) !== 0;
  const declared = ctx.checker.getTypeOfSymbol(symbol);
  const type = optional ? withoutUndefined(declared, ts).type : declared;
  const typeNode =
    declaration &&
    (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration))
      ? declaration.type
      : valueNode;
  const doc = declaration ? userDoc(declaration, ctx) : undefined;
  // A property's tags belong to its type, which several tools may share: report them there, once.
  const owner = declaration && ownerName(declaration, ts);
  const property = `property \`${symbol.name}\`${owner ? ` of \`${owner}\`` : ""}`;
  const report = (problem: Problem): void => ctx.report({ ...problem, message: `${property}: ${problem.message}`, shared: true });
  let annotations = annotationsFromTags(doc?.tags ?? [], report);
  if (doc?.summary && annotations.description === undefined) annotations = { ...annotations, description: doc.summary };
  ctx.path.push(`property \`${symbol.name}\``);
  let ir = ctx.read(type, typeNode);
  ctx.path.pop();
  if (hasTag(doc, "integer")) ir = toInteger(ir);
  const tagged = annotations;
  const judged = (lookup: DefinitionLookup): IrAnnotations => withoutInertConstraints(tagged, ir, doc?.tags ?? [], lookup, report);
  // A field initializer, or a constructor parameter property's default (`constructor(public c = "USD")`).
  const initializer =
    declaration && (ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration)) && declaration.initializer
      ? declaration.initializer
      : undefined;
  return {
    symbol,
    ...(declaration ? { declaration } : {}),
    type: ir,
    optional,
    ...(initializer ? { initializer } : {}),
    annotations,
    judged,
  };
}

/** The object's properties and index signature; methods are reported (only data travels as JSON). */
export function readObjectShape(type: ts.Type, ctx: ReadContext, indexNode?: ts.TypeNode, written?: ts.TypeNode): IrObject {
  const { ts } = ctx;
  const symbols = orderedProperties(type, ctx, written);
  const methods = symbols.filter((symbol) => isMethodMember(symbol, ts));
  if (methods.length) {
    ctx.report({
      severity: "error",
      message: `\`${typeText(type, written, ctx)}\` has methods (${listed(methods.map((m) => m.name))}): only data can be sent as JSON`,
      path: here(ctx),
      hint: "take an interface or a data-only class (properties only) instead",
    });
  }
  const properties: IrProperty[] = [];
  const valueNode = mappedValueNode(written, ctx);
  for (const symbol of symbols) {
    if (methods.includes(symbol)) continue;
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (hiddenByDoc(symbol, ts)) {
      if (!(symbol.flags & ts.SymbolFlags.Optional) && !withoutUndefined(ctx.checker.getTypeOfSymbol(symbol), ts).hadUndefined) {
        // The model is never told of it, so the function would be handed an object without it.
        const owner = declaration && ownerName(declaration, ts);
        ctx.report({
          severity: "error",
          message: `property \`${symbol.name}\`${owner ? ` of \`${owner}\`` : ""} is left out of the schema (@internal / @hidden), yet the type requires it: the function would receive objects without it`,
          path: here(ctx),
          hint: `make it optional (\`${symbol.name}?:\`), or drop the tag`,
        });
      }
      continue;
    }
    if (symbol.name === PROTO) {
      ctx.report({ ...protoProblem, message: `has a property ${protoProblem.message.replace("is named", "named")}`, path: here(ctx) });
      continue;
    }
    if (symbol.flags & ts.SymbolFlags.Optional && holdsFunction(ctx.checker.getTypeOfSymbol(symbol), ctx)) {
      // Said once, at the property (every tool using the type shares it).
      const written = declaration && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) ? declaration.type : undefined;
      const warning = droppedCallbackWarning(withoutUndefined(ctx.checker.getTypeOfSymbol(symbol), ts).type, ctx, written);
      const owner = declaration && ownerName(declaration, ts);
      const file = declaration?.getSourceFile();
      ctx.report({
        severity: "warning",
        ...warning,
        message: `property \`${symbol.name}\`${owner ? ` of \`${owner}\`` : ""}: ${warning.message}`,
        shared: true,
        ...(declaration && file ? { at: { file: file.fileName, ...locationOf(ts.getNameOfDeclaration(declaration) ?? declaration, file) } } : {}),
      });
      continue;
    }
    const member = readMemberUnjudged(symbol, ctx, valueNode);
    const classInstance = member.initializer !== undefined && isClassInstance(type, ctx);
    // Judged once every definition the property's type reaches is final (judgments.ts); in its place meanwhile.
    const slot = properties.length;
    properties.push({ name: symbol.name, type: member.type, required: !member.optional, optional: member.optional, annotations: member.annotations });
    const judge = (lookup: DefinitionLookup): void => {
      properties[slot] = judgedProperty(symbol, declaration, member, classInstance, lookup, ctx);
    };
    const { constraints, default: tagged } = member.annotations;
    if (constraints !== undefined || tagged !== undefined || classInstance) judgeWhenFinal(ctx, member.type, judge);
    else judge(currentDefinitions(ctx));
  }
  const index = ctx.checker
    .getIndexInfosOfType(type)
    .find((info) => has(info.keyType, ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.TemplateLiteral));
  if (!index) return { properties };
  ctx.path.push("index signature");
  const additional = ctx.read(index.type, index.declaration?.type ?? indexNode);
  ctx.path.pop();
  return { properties, additional };
}

/** A property with its constraint tags judged, its class default taken and its default checked against its schema. */
function judgedProperty(
  symbol: ts.Symbol,
  declaration: ts.Declaration | undefined,
  member: UnjudgedMember,
  classInstance: boolean,
  lookup: DefinitionLookup,
  ctx: ReadContext,
): IrProperty {
  const { ts } = ctx;
  let annotations = member.judged(lookup);
  let hasDefault = false;
  // Only the class's own instances get its fields' initializers: `Required<P>`, `Pick<P, "b">` or a
  // spread of one (`{ ...new P() }`) are plain object types, whose `b` is as required as its type says.
  if (member.initializer && classInstance) {
    const value = evaluateDefault(member.initializer, ctx.checker, ts);
    hasDefault = true;
    if (value.ok && annotations.default === undefined) annotations = { ...annotations, default: value.value };
    else if (value.ok && annotations.default !== undefined && !sameJson(value.value, annotations.default)) {
      const conflict = defaultConflict(annotations.default, member.initializer, "class");
      const at = propertyProblemAt(symbol, declaration, ctx);
      ctx.report({ severity: "warning", ...at, message: `${at.message}${conflict.message}`, hint: conflict.hint });
    }
  }
  if (annotations.default !== undefined) {
    const fromTag = member.annotations.default !== undefined;
    if (!fitsDefault(symbol, declaration, member.type, annotations, annotations.default, fromTag, lookup, ctx) && fromTag) {
      const { default: _dropped, ...rest } = annotations;
      annotations = rest;
    }
  }
  return {
    name: symbol.name,
    type: member.type,
    required: !member.optional && !hasDefault && annotations.default === undefined,
    optional: member.optional,
    annotations,
  };
}

function isClassInstance(type: ts.Type, ctx: ReadContext): boolean {
  const { ts } = ctx;
  const target = objectFlags(type, ts) & ts.ObjectFlags.Reference ? (type as ts.TypeReference).target : type;
  return (objectFlags(target, ts) & ts.ObjectFlags.Class) !== 0;
}

/** A property's default must fit its schema, as a parameter's must (ir/default-fit.ts); the caller leaves out a tag's that does not. */
function fitsDefault(
  symbol: ts.Symbol,
  declaration: ts.Declaration | undefined,
  type: IrType,
  annotations: IrAnnotations,
  value: JsonValue,
  fromTag: boolean,
  lookup: DefinitionLookup,
  ctx: ReadContext,
): boolean {
  const misfit = defaultMisfit(type, annotations, value, lookup, symbol.name);
  if (!misfit) return true;
  const at = propertyProblemAt(symbol, declaration, ctx);
  const problem = misfitProblem(misfit, fromTag, "property");
  ctx.report({ ...problem, ...at, message: `${at.message}${problem.message}` });
  return false;
}

/**
 * Where a problem with a property is said: once, at the property (every tool using the type shares it);
 * `message` is the prefix naming it (`property \`x\` of \`Opts\`: `).
 */
function propertyProblemAt(symbol: ts.Symbol, declaration: ts.Declaration | undefined, ctx: ReadContext): { message: string; shared: true; at?: SourceLocation } {
  const { ts } = ctx;
  const owner = declaration && ownerName(declaration, ts);
  const file = declaration?.getSourceFile();
  return {
    message: `property \`${symbol.name}\`${owner ? ` of \`${owner}\`` : ""}: `,
    shared: true,
    ...(declaration && file ? { at: { file: file.fileName, ...locationOf(ts.getNameOfDeclaration(declaration) ?? declaration, file) } } : {}),
  };
}

/** `Opts` for a member of `interface Opts` / `class Opts` / `type Opts = {...}`; undefined when anonymous. */
function ownerName(declaration: ts.Declaration, ts: Compiler): string | undefined {
  const parent = declaration.parent;
  if ((ts.isInterfaceDeclaration(parent) || ts.isClassLike(parent)) && parent.name) return parent.name.text;
  if (ts.isTypeLiteralNode(parent) && ts.isTypeAliasDeclaration(parent.parent)) return parent.parent.name.text;
  return undefined;
}

function listed(names: readonly string[]): string {
  return names.length > 4 ? `${names.slice(0, 4).join(", ")}, ...` : names.join(", ");
}
