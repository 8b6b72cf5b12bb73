/**
 * A generic's body read for a written reference: `Box<"b" | "a">`'s `other: T | null` is read from the
 * instantiation, whose `T` the checker has replaced by the argument's type, while the nodes the reader
 * follows are the declaration's (`T | null`). Bound here, each type parameter's `T` leads to the argument
 * as written - a union's written order, a generic argument's written spelling (`Box<T>` inside
 * `Outer<{ z: Z }>` is keyed by `{ z: Z }`, not `T`) - as a type alias's parameters already are in
 * member-order.ts's walks.
 */
import type { ts } from "ts-morph";
import type { ReadContext } from "./context.js";
import { typeParameterDefault, unparenthesize, writtenAlias } from "./type-utils.js";

/** The argument node a written `T` stands for, while T's generic is being read for a written reference. */
export function boundArgument(node: ts.TypeNode | undefined, ctx: ReadContext): ts.TypeNode | undefined {
  if (ctx.boundArguments.size === 0) return undefined;
  const { ts } = ctx;
  const written = unparenthesize(node, ts);
  if (!written || !ts.isTypeReferenceNode(written) || written.typeArguments || !ts.isIdentifier(written.typeName)) return undefined;
  const name = written.typeName.text;
  // Only a name one of the bound parameters has is asked about (a question to the checker on ts7).
  if (![...ctx.boundArguments.keys()].some((parameter) => (parameter as ts.TypeParameterDeclaration).name.text === name)) return undefined;
  const symbol = ctx.checker.getSymbolAtLocation(written.typeName);
  if (!symbol || !(symbol.flags & ts.SymbolFlags.TypeParameter)) return undefined;
  const declaration = symbol.declarations?.find(ts.isTypeParameterDeclaration);
  return declaration && ctx.boundArguments.get(declaration);
}

/**
 * Runs `read` (the body of `type`, referred to as `node`) with the generic's type parameters bound to the
 * reference's written arguments - themselves followed through the bindings in force (`Box<T>` in the body
 * of `Outer<X>` binds Box's `T` to `X`) - and, through what the generic is made of, the parameters of the
 * generics it extends (`interface Sub<U> extends Box<U>`) or renames (`type B<U> = Box<U>`).
 */
export function withBoundArguments<T>(type: ts.Type, node: ts.TypeNode | undefined, ctx: ReadContext, read: () => T): T {
  const { ts } = ctx;
  const reference = unparenthesize(node, ts);
  if (!reference || !ts.isTypeReferenceNode(reference)) return read();
  const saved = new Map<ts.Node, ts.TypeNode | undefined>();
  bind(reference, genericDeclarations(type, reference, ctx), ctx, saved, 0);
  if (saved.size === 0) return read();
  try {
    return read();
  } finally {
    for (const [parameter, before] of saved) {
      if (before === undefined) ctx.boundArguments.delete(parameter);
      else ctx.boundArguments.set(parameter, before);
    }
  }
}

/** An interface, class or alias: generic itself, or made of generics (heritage, an alias's body). */
type GenericDeclaration = ts.InterfaceDeclaration | ts.ClassDeclaration | ts.TypeAliasDeclaration;

/** Binds the declarations' type parameters to the reference's arguments, then what they extend or rename. */
function bind(
  reference: ts.TypeReferenceNode | ts.ExpressionWithTypeArguments,
  declarations: readonly GenericDeclaration[],
  ctx: ReadContext,
  saved: Map<ts.Node, ts.TypeNode | undefined>,
  depth: number,
): void {
  const { ts } = ctx;
  const written = (reference.typeArguments ?? []).map((argument) => boundArgument(argument, ctx) ?? argument);
  // Each declaration of a merged interface declares its own `T`; one left out takes its default (`D` for `D<T = "z" | "w">`).
  for (const declaration of declarations) {
    declaration.typeParameters?.forEach((parameter, index) => {
      const argument = written[index] ?? typeParameterDefault(parameter);
      if (!argument) return;
      if (!saved.has(parameter)) saved.set(parameter, ctx.boundArguments.get(parameter));
      ctx.boundArguments.set(parameter, argument);
    });
  }
  if (depth >= 8) return;
  for (const declaration of declarations) {
    if (ts.isTypeAliasDeclaration(declaration)) {
      const body = unparenthesize(declaration.type, ts);
      if (body && ts.isTypeReferenceNode(body) && body.typeArguments) bind(body, declarationsNamed(body.typeName, ctx), ctx, saved, depth + 1);
      continue;
    }
    for (const clause of declaration.heritageClauses ?? []) {
      for (const base of clause.types) if (base.typeArguments) bind(base, declarationsNamed(base.expression, ctx), ctx, saved, depth + 1);
    }
  }
}

/** The generic a reference names: a user alias's declaration, or each declaration of the interface or class. */
function genericDeclarations(type: ts.Type, reference: ts.TypeReferenceNode, ctx: ReadContext): GenericDeclaration[] {
  const alias = writtenAlias(reference, ctx);
  if (alias) return declarationsOf(alias, ctx).filter((declaration) => ctx.ts.isTypeAliasDeclaration(declaration));
  const symbol = type.getSymbol();
  return symbol ? declarationsOf(symbol, ctx) : [];
}

/** The generic declarations of what a heritage clause's or alias body's reference names. */
function declarationsNamed(name: ts.Node, ctx: ReadContext): GenericDeclaration[] {
  let symbol = ctx.checker.getSymbolAtLocation(name);
  if (symbol && symbol.flags & ctx.ts.SymbolFlags.Alias) symbol = ctx.checker.getAliasedSymbol(symbol);
  return symbol ? declarationsOf(symbol, ctx) : [];
}

/** A symbol's interface, class and alias declarations. */
export function declarationsOf(symbol: ts.Symbol, ctx: ReadContext): GenericDeclaration[] {
  const { ts } = ctx;
  // Also those without parameters of their own: `interface Sub extends Box<"b" | "a">`, `type L = Box<X>`.
  return (symbol.declarations ?? []).filter(
    (declaration): declaration is GenericDeclaration =>
      ts.isInterfaceDeclaration(declaration) || ts.isClassDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration),
  );
}
