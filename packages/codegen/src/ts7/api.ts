/**
 * The ONE module that touches TypeScript 7's unstable API (`typescript7` = `typescript@7.0.2`,
 * `typescript/unstable/sync` + `unstable/ast`): a TypeScript 7.1 rename is a change here only.
 *
 * It presents the native compiler through the slice of TypeScript 6's compiler API the reader uses
 * (`ts.isX` guards, flag enums, `Type` / `Symbol` / `TypeChecker` / `Program`), so the TS 7 reader is
 * the same reader code (src/reader, handed this module's `ts`) producing the same IR. Differences
 * the facade bridges: symbols' declarations are node handles (resolved here to nodes), types' related
 * objects are fetched by method (`getTypes()`, `getAliasSymbol()`), index infos name `valueType`, and
 * there is no `getAwaitedType` (unwrapped here through Promise's type argument).
 *
 * The facade is typed with TypeScript 6's declarations (type-only: ts-morph is never loaded at run
 * time on this path); the values behind them are TypeScript 7's, whose enum numbers differ - every
 * enum the reader compares against comes from here too, so they agree.
 */
import type { ts as ts6 } from "ts-morph";
import { readSync } from "node:fs";
import * as ast from "typescript7/unstable/ast";
import * as sync from "typescript7/unstable/sync";
import type { FileSystem } from "typescript7/unstable/fs";
import { ts7Executable } from "./executable.js";

type AnyFn = (...args: never[]) => unknown;
type NativeType = sync.Type;
type NativeSymbol = sync.Symbol;

const cast = <T>(value: unknown): T => value as T;

/** A TypeScript 6-shaped view of one native type (canonical per session: identity compares work). */
class TypeView {
  private typesCache?: TypeView[];
  private aliasSymbolCache?: SymbolView | null;
  private aliasArgsCache?: TypeView[];
  private symbolCache?: SymbolView | null;
  private targetCache?: TypeView;
  private writtenOrder = false;

  constructor(
    readonly native: NativeType,
    private readonly session: Session,
  ) {}

  get flags(): number {
    return this.native.flags;
  }
  get id(): number {
    return this.native.id;
  }
  get objectFlags(): number {
    return (this.native as sync.ObjectType).objectFlags ?? 0;
  }
  get value(): unknown {
    return (this.native as sync.LiteralType).value;
  }
  /** TypeScript 6 names `true` / `false` by intrinsicName; TypeScript 7 gives them a boolean value. */
  get intrinsicName(): string | undefined {
    const name = (this.native as sync.IntrinsicType).intrinsicName;
    if (name !== undefined || !(this.flags & sync.TypeFlags.BooleanLiteral)) return name;
    return String((this.native as sync.LiteralType).value);
  }
  get elementFlags(): readonly number[] | undefined {
    return (this.native as sync.TupleType).elementFlags;
  }
  get types(): TypeView[] {
    this.typesCache ??= ((this.native as sync.UnionOrIntersectionType).getTypes() ?? []).map((t) => this.session.type(t));
    return this.typesCache;
  }
  /** Whether the members are in written order (a written union node or alias declaration set it). */
  hasOrder(): boolean {
    return this.writtenOrder;
  }
  setOrder(types: TypeView[]): void {
    this.typesCache = types;
    this.writtenOrder = true;
  }
  get aliasSymbol(): SymbolView | undefined {
    if (this.aliasSymbolCache === undefined) {
      const raw = cast<{ aliasSymbol?: number }>(this.native).aliasSymbol;
      this.aliasSymbolCache = raw === undefined ? null : this.session.symbol(this.native.getAliasSymbol());
    }
    return this.aliasSymbolCache ?? undefined;
  }
  get aliasTypeArguments(): TypeView[] | undefined {
    if (!this.aliasSymbol) return undefined;
    this.aliasArgsCache ??= this.native.getAliasTypeArguments().map((t) => this.session.type(t));
    return this.aliasArgsCache;
  }
  get symbol(): SymbolView | undefined {
    return this.getSymbol();
  }
  get target(): TypeView | undefined {
    if (cast<{ target?: number }>(this.native).target === undefined) return undefined;
    this.targetCache ??= this.session.type((this.native as sync.TypeReference).getTarget());
    return this.targetCache;
  }
  getSymbol(): SymbolView | undefined {
    if (this.symbolCache === undefined) {
      const raw = cast<{ symbol?: number }>(this.native).symbol;
      this.symbolCache = raw === undefined ? null : this.session.symbol(this.native.getSymbol());
    }
    return this.symbolCache ?? undefined;
  }
  isUnion(): boolean {
    return (this.flags & sync.TypeFlags.Union) !== 0;
  }
  isIntersection(): boolean {
    return (this.flags & sync.TypeFlags.Intersection) !== 0;
  }
  isUnionOrIntersection(): boolean {
    return this.isUnion() || this.isIntersection();
  }
  isStringLiteral(): boolean {
    return (this.flags & sync.TypeFlags.StringLiteral) !== 0;
  }
  isNumberLiteral(): boolean {
    return (this.flags & sync.TypeFlags.NumberLiteral) !== 0;
  }
  isLiteral(): boolean {
    return this.isStringLiteral() || this.isNumberLiteral();
  }
  /** A type parameter's constraint (`T extends C`), if it has one. */
  getConstraint(): TypeView | undefined {
    if (!(this.flags & sync.TypeFlags.TypeParameter)) return undefined;
    return this.session.once("constraint", this, () =>
      this.session.type(this.session.checker.getConstraintOfTypeParameter(this.native as sync.TypeParameter)),
    );
  }
  /** A type parameter's default (`T = D`), read from its declaration (TypeScript 7's API has no getDefault). */
  getDefault(): TypeView | undefined {
    if (!(this.flags & sync.TypeFlags.TypeParameter)) return undefined;
    return this.session.once("default", this, () => {
      const declaration = this.getSymbol()?.declarations.find(ast.isTypeParameterDeclaration);
      return declaration?.defaultType ? this.session.typeAt(declaration.defaultType) : undefined;
    });
  }
  getCallSignatures(): readonly unknown[] {
    return this.session.once("call", this, () => this.session.checker.getSignaturesOfType(this.native, sync.SignatureKind.Call));
  }
  getConstructSignatures(): readonly unknown[] {
    return this.session.once("construct", this, () =>
      this.session.checker.getSignaturesOfType(this.native, sync.SignatureKind.Construct),
    );
  }
}

/** A TypeScript 6-shaped view of one native symbol: declarations are nodes, not handles. */
class SymbolView {
  private declarationsCache?: ast.Node[];
  private valueDeclarationCache?: ast.Node | null;
  private parentCache?: SymbolView | null;
  private membersCache?: Map<string, SymbolView>;

  constructor(
    readonly native: NativeSymbol,
    private readonly session: Session,
  ) {}

  /** As TypeScript 6's `symbol.name`: a private name `__#1@#x` reads `#x`. */
  get name(): string {
    const name = this.native.name;
    return name.startsWith("__#") ? name.replace(/^__#\d+@/, "") : name;
  }
  get escapedName(): string {
    return String(this.native.escapedName);
  }
  get flags(): number {
    return this.native.flags;
  }
  getName(): string {
    return this.name;
  }
  get declarations(): ast.Node[] {
    this.declarationsCache ??= this.native.declarations.flatMap((handle) => this.session.resolve(handle) ?? []);
    return this.declarationsCache;
  }
  get valueDeclaration(): ast.Node | undefined {
    if (this.valueDeclarationCache === undefined) {
      const handle = this.native.valueDeclaration;
      this.valueDeclarationCache = (handle && this.session.resolve(handle)) ?? null;
    }
    return this.valueDeclarationCache ?? undefined;
  }
  get parent(): SymbolView | undefined {
    if (this.parentCache === undefined) {
      const raw = cast<{ parent?: number }>(this.native).parent;
      this.parentCache = raw === undefined ? null : this.session.symbol(this.native.getParent());
    }
    return this.parentCache ?? undefined;
  }
  get members(): Map<string, SymbolView> {
    this.membersCache ??= new Map(
      [...this.native.getMembers()].map(([name, member]) => [String(name), this.session.symbol(member) as SymbolView]),
    );
    return this.membersCache;
  }
}

/** A signature, as the declaration it comes from (its return type is read from there). */
class SignatureView {
  constructor(readonly declaration: ast.Node) {}
}

/**
 * One opened project: the native checker plus the canonical views of what it returned, and answers
 * kept for the snapshot's life. Every checker question is a round trip to the native process (~0.1 ms),
 * and the reader asks the same questions of shared types again and again: each answer is asked once,
 * and what a file's declarations will be asked about (the types of its type nodes and parameters, the
 * symbols its type references name) is asked for the whole file in one batched request.
 */
class Session {
  private readonly types = new Map<number, TypeView>();
  private readonly symbols = new Map<number, SymbolView>();
  readonly checker: sync.Checker;
  /** Answers by question, keyed by the node / view asked about. */
  readonly typeOfNode = new Map<ast.Node, TypeView | undefined>();
  readonly symbolOfNode = new Map<ast.Node, SymbolView | undefined>();
  readonly answers = new Map<string, Map<unknown, unknown>>();
  private readonly prefetched = new Set<ast.SourceFile>();

  constructor(readonly project: sync.Project) {
    this.checker = project.checker;
  }

  type(native: NativeType): TypeView;
  type(native: NativeType | undefined): TypeView | undefined;
  type(native: NativeType | undefined): TypeView | undefined {
    if (!native) return undefined;
    let view = this.types.get(native.id);
    if (!view) this.types.set(native.id, (view = new TypeView(native, this)));
    return view;
  }

  symbol(native: NativeSymbol | undefined): SymbolView | undefined {
    if (!native) return undefined;
    let view = this.symbols.get(native.id);
    if (!view) this.symbols.set(native.id, (view = new SymbolView(native, this)));
    return view;
  }

  resolve(handle: sync.NodeHandle): ast.Node | undefined {
    return handle.resolve(this.project);
  }

  /** The answer to `question` about `key`, computed once. */
  once<K, V>(question: string, key: K, compute: () => V): V {
    let table = this.answers.get(question);
    if (!table) this.answers.set(question, (table = new Map()));
    if (table.has(key)) return table.get(key) as V;
    const value = compute();
    table.set(key, value);
    return value;
  }

  /** The type at a node (a type node's type, a parameter's declared type). */
  typeAt(node: ast.Node): TypeView | undefined {
    this.prefetch(node);
    if (!this.typeOfNode.has(node)) this.typeOfNode.set(node, this.type(this.checker.getTypeAtLocation(node)));
    return this.typeOfNode.get(node);
  }

  /**
   * TypeScript 7 keeps a union's literal members ordered by value; TypeScript 6 by creation, which is
   * where they are first written. The first union node written for a union type sets its member order.
   */
  private writtenUnion(node: ast.UnionTypeNode): void {
    const union = this.typeOfNode.get(node);
    if (!union || !union.isUnion() || union.hasOrder()) return;
    const key = (type: TypeView): string =>
      type.flags & (sync.TypeFlags.StringLiteral | sync.TypeFlags.NumberLiteral) ? `${type.flags & sync.TypeFlags.StringLiteral ? "s" : "n"}:${String(type.value)}` : `#${type.id}`;
    const written: string[] = [];
    const visit = (member: ast.TypeNode): void => {
      const type = this.typeOfNode.get(member);
      if (!type) return;
      if (type.isUnion()) type.types.forEach((part) => written.push(key(part)));
      else written.push(key(type));
    };
    node.types.forEach(visit);
    const rank = (type: TypeView): number => {
      const at = written.indexOf(key(type));
      return at < 0 ? written.length : at;
    };
    union.setOrder([...union.types].map((type, index) => ({ type, index })).sort((a, b) => rank(a.type) - rank(b.type) || a.index - b.index).map(({ type }) => type));
  }

  /**
   * Gives a union its written member order when it has not been seen written yet: a union named by an
   * alias declared in a file not read so far (reading its declaration's type node orders it).
   */
  orderWritten(union: TypeView): void {
    if (union.hasOrder()) return;
    const declaration = union.aliasSymbol?.declarations.find(ast.isTypeAliasDeclaration);
    if (declaration) this.typeAt(declaration.type);
  }

  symbolAt(node: ast.Node): SymbolView | undefined {
    this.prefetch(node);
    if (!this.symbolOfNode.has(node)) this.symbolOfNode.set(node, this.symbol(this.checker.getSymbolAtLocation(node)));
    return this.symbolOfNode.get(node);
  }

  /**
   * Asks, in two batched requests, for the types of every type node and parameter in the file's
   * declarations (function bodies are not walked: no tool's schema depends on them) and for the
   * symbols its type references name.
   */
  private prefetch(node: ast.Node): void {
    const file = node.getSourceFile();
    if (this.prefetched.has(file)) return;
    this.prefetched.add(file);
    if (file.isDeclarationFile) return;
    const typed: ast.Node[] = [];
    const names: ast.Node[] = [];
    const visit = (current: ast.Node): void => {
      if (ast.isBlock(current)) return;
      if (ast.isTypeNode(current) || ast.isParameterDeclaration(current)) typed.push(current);
      if (ast.isTypeReferenceNode(current)) names.push(current.typeName);
      if (ast.isImportDeclaration(current)) names.push(current.moduleSpecifier);
      // `priority = Priority.Normal`: a default's member is looked up by name.
      if (ast.isPropertyAccessExpression(current)) names.push(current.name);
      current.forEachChild(visit);
    };
    file.forEachChild(visit);
    if (typed.length) {
      const found = this.checker.getTypeAtLocation(typed);
      typed.forEach((at, index) => this.typeOfNode.set(at, this.type(found[index])));
      for (const at of typed) if (ast.isUnionTypeNode(at)) this.writtenUnion(at);
    }
    if (names.length) {
      const found = this.checker.getSymbolAtLocation(names);
      names.forEach((at, index) => this.symbolOfNode.set(at, this.symbol(found[index])));
    }
  }
}

const nativeType = (type: unknown): NativeType => (type as TypeView).native;
const nativeSymbol = (symbol: unknown): NativeSymbol => (symbol as SymbolView).native;

/** The checker as TypeScript 6 spells it, each answer asked of the native process once. */
function checkerView(session: Session) {
  const { checker } = session;
  const t = (type: NativeType | undefined) => session.type(type);
  const once = <K, V>(question: string, key: K, compute: () => V): V => session.once(question, key, compute);
  const isPromise = (type: TypeView): boolean => {
    const symbol = type.getSymbol();
    return (symbol?.name === "Promise" || symbol?.name === "PromiseLike") && (type.objectFlags & sync.ObjectFlags.Reference) !== 0;
  };
  /** Whether a reference's target is an array / a tuple depends on the target only: asked once per target. */
  const byTarget = (question: string, type: TypeView, ask: (native: NativeType) => boolean): boolean => {
    // Both are references by definition (TypeScript's isArrayType / isTupleType test the flag first).
    if (!(type.objectFlags & sync.ObjectFlags.Reference)) return false;
    const target = cast<{ target?: number }>(type.native).target;
    return target === undefined ? ask(type.native) : once(question, target, () => ask(type.native));
  };
  /**
   * What a named import (`import { X } from "./m.js"`) stands for, read from the module's exports
   * (asked once per module) instead of one round trip per imported name; undefined when the export
   * is itself an alias (a re-export), which the checker resolves.
   */
  const imported = (symbol: SymbolView): SymbolView | undefined => {
    const declaration = symbol.declarations[0];
    if (!declaration || !ast.isImportSpecifier(declaration)) return undefined;
    const statement = declaration.parent.parent.parent;
    if (!ast.isImportDeclaration(statement)) return undefined;
    const module = session.symbolAt(statement.moduleSpecifier);
    if (!module) return undefined;
    const name = (declaration.propertyName ?? declaration.name).text;
    const target = view.getExportsOfModule(module).find((candidate) => candidate.native.name === name);
    return target && !(target.flags & sync.SymbolFlags.Alias) ? target : undefined;
  };
  /**
   * A mapped type over literal keys (`Record<"us" | "eu", T>`, `{ [K in "b" | "a"]: T }`): TypeScript 6
   * lists its properties in the order the key union is written, TypeScript 7 by key value. The key
   * union's written order (see Session.writtenUnion) puts them back.
   */
  const keyOrdered = (type: TypeView, properties: SymbolView[]): SymbolView[] => {
    if (!(type.objectFlags & sync.ObjectFlags.Mapped) || properties.length < 2) return properties;
    const keys = mappedKeys(type);
    if (!keys?.isUnion()) return properties;
    session.orderWritten(keys);
    const rank = new Map(keys.types.map((key, index) => [String(key.value), index]));
    return properties
      .map((symbol, index) => ({ symbol, rank: rank.get(symbol.name) ?? rank.size + index }))
      .sort((a, b) => a.rank - b.rank)
      .map(({ symbol }) => symbol);
  };
  /** The key type of a mapped type: `Record`'s first argument, or the written `[K in Keys]` constraint. */
  const mappedKeys = (type: TypeView): TypeView | undefined => {
    const alias = type.aliasSymbol;
    if (alias?.name === "Record") return type.aliasTypeArguments?.[0];
    // `type Totals = Record<"eu" | "us", T>`: the alias is Totals; its written Record names the keys.
    const written = alias?.declarations.find(ast.isTypeAliasDeclaration)?.type;
    if (written && ast.isTypeReferenceNode(written) && ast.isIdentifier(written.typeName) && written.typeName.text === "Record") {
      const keys = written.typeArguments?.[0];
      return keys ? session.typeAt(keys) : undefined;
    }
    const declaration = type.getSymbol()?.declarations.find(ast.isMappedTypeNode);
    const constraint = declaration?.typeParameter.constraint;
    return constraint ? session.typeAt(constraint) : undefined;
  };
  const view = {
    getTypeAtLocation: (node: ast.Node) => session.typeAt(node) as TypeView,
    getTypeFromTypeNode: (node: ast.TypeNode) => session.typeAt(node) as TypeView,
    getSymbolAtLocation: (node: ast.Node) => session.symbolAt(node),
    getAliasedSymbol: (symbol: SymbolView) =>
      once("aliased", symbol, () => imported(symbol) ?? (session.symbol(checker.getAliasedSymbol(nativeSymbol(symbol))) as SymbolView)),
    getTypeOfSymbol: (symbol: SymbolView) =>
      once("typeOfSymbol", symbol, () => t(checker.getTypeOfSymbol(nativeSymbol(symbol))) as TypeView),
    getTypeOfSymbolAtLocation: (symbol: SymbolView, node: ast.Node) =>
      t(checker.getTypeOfSymbolAtLocation(nativeSymbol(symbol), node)),
    getDeclaredTypeOfSymbol: (symbol: SymbolView) =>
      once("declaredType", symbol, () => t(checker.getDeclaredTypeOfSymbol(nativeSymbol(symbol)))),
    getPropertiesOfType: (type: TypeView) =>
      once("properties", type, () => {
        const properties = checker.getPropertiesOfType(nativeType(type)).map((symbol) => session.symbol(symbol) as SymbolView);
        // Their types are asked next (one by one, as the reader reads each property): ask for all at once.
        const unknown = properties.filter((symbol) => !session.answers.get("typeOfSymbol")?.has(symbol));
        if (unknown.length > 1) {
          const types = checker.getTypeOfSymbol(unknown.map(nativeSymbol));
          unknown.forEach((symbol, index) => once("typeOfSymbol", symbol, () => t(types[index]) as TypeView));
        }
        return keyOrdered(type, properties);
      }),
    getPropertyOfType: (type: TypeView, name: string) => view.getPropertiesOfType(type).find((symbol) => symbol.name === name),
    getIndexInfosOfType: (type: TypeView) =>
      once("indexInfos", type, () =>
        checker.getIndexInfosOfType(nativeType(type)).map((info) => ({
          keyType: t(info.keyType),
          type: t(info.valueType),
          isReadonly: info.isReadonly,
          declaration: info.declaration ? session.resolve(info.declaration) : undefined,
        })),
      ),
    getBaseTypes: (type: TypeView) =>
      once("baseTypes", type, () => checker.getBaseTypes(nativeType(type) as sync.InterfaceType).map((base) => t(base))),
    getTypeArguments: (type: TypeView) =>
      once("typeArguments", type, () =>
        checker.getTypeArguments(nativeType(type) as sync.TypeReference).map((argument) => t(argument) as TypeView),
      ),
    isArrayType: (type: TypeView) => byTarget("isArray", type, (native) => checker.isArrayType(native)),
    isTupleType: (type: TypeView) => byTarget("isTuple", type, (native) => checker.isTupleType(native)),
    typeToString: (type: TypeView, enclosing?: ast.Node, flags?: number) =>
      enclosing === undefined && flags === undefined
        ? once("typeToString", type, () => checker.typeToString(nativeType(type)))
        : checker.typeToString(nativeType(type), enclosing, flags),
    getConstantValue: (node: ast.Node) => once("constant", node, () => checker.getConstantValue(node)),
    getSignatureFromDeclaration: (node: ast.Node) => new SignatureView(node),
    /** A declared return type is its type node's (prefetched); otherwise the checker infers it. */
    getReturnTypeOfSignature: (signature: SignatureView) => {
      const declared = cast<{ type?: ast.TypeNode }>(signature.declaration).type;
      if (declared) return session.typeAt(declared);
      const native = checker.getSignatureFromDeclaration(signature.declaration);
      return native ? t(checker.getReturnTypeOfSignature(native)) : undefined;
    },
    /** `Promise<T>` / `PromiseLike<T>` -> T, recursively (TypeScript 7's API has no getAwaitedType). */
    getAwaitedType: (type: TypeView): TypeView => {
      // As TypeScript 6: an unconstrained type parameter may stand for a promise, so it awaits to a
      // different (`Awaited<T>`) type, which no schema reads; unknown stands for it here.
      if (type.flags & sync.TypeFlags.TypeParameter) {
        const constraint = type.getConstraint();
        if (!constraint || constraint.flags & (sync.TypeFlags.Any | sync.TypeFlags.Unknown)) return t(checker.getUnknownType()) as TypeView;
      }
      let current = type;
      for (let depth = 0; depth < 8 && isPromise(current); depth++) {
        const argument = view.getTypeArguments(current)[0];
        if (!argument) break;
        current = argument;
      }
      return current;
    },
    getExportsOfModule: (symbol: SymbolView) =>
      once("exports", symbol, () => checker.getExportsOfModule(nativeSymbol(symbol)).map((s) => session.symbol(s) as SymbolView)),
    getNonNullableType: (type: TypeView) => t(checker.getNonNullableType(nativeType(type))),
    getBaseConstraintOfType: (type: TypeView) => t(checker.getBaseConstraintOfType(nativeType(type))),
    getApparentType: (type: TypeView) => t(checker.getApparentType(nativeType(type))),
  };
  return view;
}

/** The program as TypeScript 6 spells it. */
function programView(session: Session) {
  const checker = checkerView(session);
  const { program } = session.project;
  const defaultLibrary = new Map<string, boolean>();
  let syntactic: Map<string, sync.Diagnostic[]> | undefined;
  return {
    getTypeChecker: () => checker,
    getSourceFile: (fileName: string) => program.getSourceFile(fileName),
    getSourceFiles: () => program.getSourceFileNames().flatMap((name) => program.getSourceFile(name) ?? []),
    getRootFileNames: () => session.project.rootFiles,
    getCompilerOptions: () => session.project.compilerOptions,
    isSourceFileDefaultLibrary: (file: ast.SourceFile) => {
      let known = defaultLibrary.get(file.fileName);
      if (known === undefined) defaultLibrary.set(file.fileName, (known = isBundledLibrary(file.fileName) || (mayBeDefaultLibrary(file) && program.isSourceFileDefaultLibrary(file))));
      return known;
    },
    /** Asked once for the whole program, then handed out per file. */
    getSyntacticDiagnostics: (file: ast.SourceFile) => {
      if (!syntactic) {
        syntactic = new Map();
        for (const diagnostic of program.getSyntacticDiagnostics()) {
          const name = diagnostic.fileName ?? "";
          syntactic.set(name, [...(syntactic.get(name) ?? []), diagnostic]);
        }
      }
      return syntactic.get(file.fileName) ?? [];
    },
  };
}

/** A `lib.*.d.ts` beside the native binary: a default library file, known without asking (one request per file). */
function isBundledLibrary(fileName: string): boolean {
  const exe = ts7Executable();
  if (exe === undefined) return false;
  const slash = fileName.lastIndexOf("/");
  return fileName.slice(0, slash) === dirname(exe) && fileName.startsWith("lib.", slash + 1) && fileName.endsWith(".d.ts");
}

/** Only a declaration file, or a file saying `/// <reference no-default-lib="true"/>`, can be a default library. */
function mayBeDefaultLibrary(file: ast.SourceFile): boolean {
  return file.isDeclarationFile || file.text.includes("no-default-lib");
}

export type NativeProgram = ts6.Program;
export type NativeDiagnostic = sync.Diagnostic;

// ---- the `ts` namespace the reader imports: TypeScript 6's names, TypeScript 7's values ----

const modifierKinds = new Set<number>([
  ast.SyntaxKind.AbstractKeyword,
  ast.SyntaxKind.AccessorKeyword,
  ast.SyntaxKind.AsyncKeyword,
  ast.SyntaxKind.ConstKeyword,
  ast.SyntaxKind.DeclareKeyword,
  ast.SyntaxKind.DefaultKeyword,
  ast.SyntaxKind.ExportKeyword,
  ast.SyntaxKind.InKeyword,
  ast.SyntaxKind.PrivateKeyword,
  ast.SyntaxKind.ProtectedKeyword,
  ast.SyntaxKind.PublicKeyword,
  ast.SyntaxKind.ReadonlyKeyword,
  ast.SyntaxKind.OutKeyword,
  ast.SyntaxKind.OverrideKeyword,
  ast.SyntaxKind.StaticKeyword,
]);

const facade = {
  ...ast,
  SyntaxKind: ast.SyntaxKind,
  NodeFlags: ast.NodeFlags,
  ModifierFlags: ast.ModifierFlags,
  TypeFlags: sync.TypeFlags,
  ObjectFlags: sync.ObjectFlags,
  SymbolFlags: sync.SymbolFlags,
  ElementFlags: sync.ElementFlags,
  isParameter: ast.isParameterDeclaration,
  isPropertySignature: ast.isPropertySignatureDeclaration,
  isMethodSignature: ast.isMethodSignatureDeclaration,
  isTypeAssertionExpression: ast.isTypeAssertion,
  isStringLiteralLike: (node: ast.Node) =>
    node.kind === ast.SyntaxKind.StringLiteral || node.kind === ast.SyntaxKind.NoSubstitutionTemplateLiteral,
  isClassLike: (node: ast.Node) => ast.isClassDeclaration(node) || ast.isClassExpression(node),
  canHaveModifiers: (node: ast.Node) => "modifierFlags" in node || "modifiers" in node,
  getModifiers: (node: ast.Node) =>
    cast<{ modifiers?: readonly ast.Node[] }>(node).modifiers?.filter((modifier) => modifierKinds.has(modifier.kind)),
  getCombinedModifierFlags: (node: ast.Node) => {
    let flags = cast<{ modifierFlags?: number }>(node).modifierFlags ?? 0;
    // A binding element or a variable declaration takes its statement's modifiers, as in TypeScript 6.
    let current: ast.Node | undefined = node;
    while (current && (ast.isBindingElement(current) || ast.isVariableDeclaration(current) || ast.isVariableDeclarationList(current))) {
      current = current.parent;
      flags |= cast<{ modifierFlags?: number }>(current).modifierFlags ?? 0;
    }
    return flags;
  },
  isExternalModule: (file: ast.SourceFile) => cast<{ externalModuleIndicator?: unknown }>(file).externalModuleIndicator !== undefined,
  getTextOfJSDocComment: ast.getTextOfJSDocComment,
  getNameOfDeclaration: (node: ast.Node) => cast<{ name?: ast.Node }>(node).name,
};

/** The reader's `ts`: TypeScript 6's declarations over TypeScript 7's objects. */
export const ts = cast<typeof ts6>(facade);
// Type-level names (TypeScript 6's) for the modules that spell `ts.X` with this `ts`.
export declare namespace ts {
  type Type = ts6.Type;
  type Symbol = ts6.Symbol;
  type Node = ts6.Node;
  type TypeNode = ts6.TypeNode;
  type TypeChecker = ts6.TypeChecker;
  type Program = ts6.Program;
  type SourceFile = ts6.SourceFile;
  type Expression = ts6.Expression;
  type Declaration = ts6.Declaration;
  type TypeReference = ts6.TypeReference;
  type UnionType = ts6.UnionType;
  type IntersectionType = ts6.IntersectionType;
  type InterfaceType = ts6.InterfaceType;
  type TupleType = ts6.TupleType;
  type ObjectType = ts6.ObjectType;
  type ObjectFlags = ts6.ObjectFlags;
  type TypeFlags = ts6.TypeFlags;
  type SyntaxKind = ts6.SyntaxKind;
  type ParameterDeclaration = ts6.ParameterDeclaration;
  type FunctionDeclaration = ts6.FunctionDeclaration;
  type FunctionExpression = ts6.FunctionExpression;
  type ArrowFunction = ts6.ArrowFunction;
  type VariableDeclaration = ts6.VariableDeclaration;
  type ExportDeclaration = ts6.ExportDeclaration;
  type BindingElement = ts6.BindingElement;
  type ObjectBindingPattern = ts6.ObjectBindingPattern;
  type UnionTypeNode = ts6.UnionTypeNode;
  type FunctionTypeNode = ts6.FunctionTypeNode;
  type TypeReferenceNode = ts6.TypeReferenceNode;
  type EntityName = ts6.EntityName;
  type PropertyName = ts6.PropertyName;
  type NumericLiteral = ts6.NumericLiteral;
  type JSDoc = ts6.JSDoc;
}

// ---- opening a project ----

export interface OpenOptions {
  /** Absolute input files: the program's roots. */
  readonly files: readonly string[];
  /** The tsconfig whose compiler options apply (its file list is ignored), if any. */
  readonly tsconfig: string | undefined;
  /** Compiler options (tsconfig JSON spelling) used without a tsconfig, or laid over it. */
  readonly compilerOptions: Readonly<Record<string, unknown>>;
  /** Export conditions to add in front of the tsconfig's own, when its module resolution honours them. */
  readonly conditions: readonly string[];
}

export interface OpenedProject {
  readonly program: NativeProgram;
  /** Re-reads changed files from disk (watch mode): the program and checker are replaced. */
  update(changed: readonly string[], files: readonly string[]): void;
  close(): void;
}

/** Problems in the user's tsconfig that would change the analysis (its missing file list is not one). */
const NO_INPUTS_FOUND = 18003;

/**
 * Opens `files` in a native TypeScript 7 process. The program's root files are exactly the inputs:
 * the project is a tsconfig served from memory (next to the user's, which it extends, so relative
 * paths and `@types` lookups resolve as they would there).
 */
export function openProject(options: OpenOptions): OpenedProject {
  const anchor = options.tsconfig ? dirname(options.tsconfig) : dirname(options.files[0] ?? `${process.cwd()}/x`);
  const virtualConfig = `${anchor}/__toolsmith_ts7__.tsconfig.json`;
  let files = [...options.files];
  let configText = "";
  const fs: FileSystem = {
    readFile: (fileName) => (fileName === virtualConfig ? configText : undefined),
    fileExists: (fileName) => (fileName === virtualConfig ? true : undefined),
  };
  const exe = ts7Executable();
  if (exe === undefined) throw new Error(`TypeScript 7's native binary is not installed for ${process.platform}-${process.arch} (use --engine ts6)`);
  const api = new sync.API({ cwd: anchor, fs, tsserverPath: exe });
  try {
    let extra: Record<string, unknown> = { ...options.compilerOptions };
    if (options.tsconfig) {
      const parsed = api.parseConfigFile(options.tsconfig) as unknown as { options: sync.CompilerOptions };
      const resolution = impliedResolution(parsed.options);
      const own = cast<{ customConditions?: string[] }>(parsed.options).customConditions ?? [];
      if (resolution && options.conditions.some((c) => !own.includes(c))) {
        extra = { ...extra, customConditions: [...options.conditions.filter((c) => !own.includes(c)), ...own] };
      }
    } else {
      extra = { ...extra, customConditions: [...options.conditions] };
    }
    const write = () => {
      configText = JSON.stringify({
        ...(options.tsconfig ? { extends: options.tsconfig } : {}),
        compilerOptions: extra,
        files,
        include: [],
      });
    };
    write();
    let snapshot = api.updateSnapshot({ openProjects: [virtualConfig] });
    let project = snapshot.getProject(virtualConfig);
    if (!project) throw new Error("TypeScript 7 did not open the project");
    const problem = project.program.getConfigFileParsingDiagnostics().find((d) => d.code !== NO_INPUTS_FOUND);
    if (problem) throw new Error(`${basename(options.tsconfig ?? virtualConfig)}: ${flatten(problem)}`);
    let session = new Session(project);
    const opened: { program: NativeProgram } = { program: cast<NativeProgram>(programView(session)) };
    return {
      get program() {
        return opened.program;
      },
      update(changed, nextFiles) {
        const rootsChanged = nextFiles.length !== files.length || nextFiles.some((f, i) => f !== files[i]);
        files = [...nextFiles];
        write();
        const previous = snapshot;
        snapshot = api.updateSnapshot({
          fileChanges: { changed: rootsChanged ? [...changed, virtualConfig] : [...changed] },
        });
        previous.dispose();
        project = snapshot.getProject(virtualConfig);
        if (!project) throw new Error("TypeScript 7 lost the project");
        session = new Session(project);
        opened.program = cast<NativeProgram>(programView(session));
      },
      close: () => {
        snapshot.dispose();
        closeGracefully(api);
      },
    };
  } catch (error) {
    api.close();
    throw error;
  }
}

/**
 * Ends the native process by closing its input and waiting for it to exit (a few ms), rather than the
 * API's `close()` alone, which kills it: a killed process may print "context canceled" on the stderr it
 * shares with us. Reaches into the API client's channel; should a TypeScript 7 release rename it, this
 * falls back to `close()`.
 */
function closeGracefully(api: sync.API): void {
  const channel = cast<{ client?: { channel?: { child?: { stdin?: { destroy(): void } }; readFd?: number } } }>(api).client?.channel;
  if (channel?.child?.stdin && typeof channel.readFd === "number" && channel.readFd >= 0) {
    try {
      channel.child.stdin.destroy();
      const buffer = Buffer.alloc(16_384);
      // Blocking reads until end of file: the process closes its output as it exits.
      while (readSync(channel.readFd, buffer) > 0);
    } catch {
      // already gone: close() below cleans up
    }
  }
  api.close();
}

function impliedResolution(options: sync.CompilerOptions): boolean {
  const record = cast<{ moduleResolution?: number; module?: number }>(options);
  const resolution = record.moduleResolution;
  // Node16 = 3, NodeNext = 99, Bundler = 100 (the same numbers in TypeScript 6 and 7).
  if (resolution !== undefined) return resolution === 3 || resolution === 99 || resolution === 100;
  const module = record.module;
  if (module === undefined) return false;
  return module === 200 /* Preserve */ || (module >= 100 && module <= 199);
}

function flatten(diagnostic: sync.Diagnostic): string {
  return diagnostic.text;
}

/** A diagnostic's message, TypeScript 6's `flattenDiagnosticMessageText` of it. */
export function diagnosticMessage(diagnostic: NativeDiagnostic): string {
  const chain = (d: sync.Diagnostic, indent: number): string =>
    [`${"  ".repeat(indent)}${d.text}`, ...(d.messageChain ?? []).map((c) => chain(c, indent + 1))].join("\n");
  return chain(diagnostic, 0);
}

function dirname(file: string): string {
  const index = file.lastIndexOf("/");
  return index <= 0 ? "/" : file.slice(0, index);
}

function basename(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

export type { AnyFn };
