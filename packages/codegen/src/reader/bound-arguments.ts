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
 * of `Outer<X>` binds Box's `T` to `X`).
 */
export function withBoundArguments<T>(type: ts.Type, node: ts.TypeNode | undefined, ctx: ReadContext, read: () => T): T {
  const { ts } = ctx;
  const reference = unparenthesize(node, ts);
  if (!reference || !ts.isTypeReferenceNode(reference)) return read();
  const declared = genericParameters(type, reference, ctx);
  if (declared.length === 0) return read();
  const saved = new Map<ts.Node, ts.TypeNode | undefined>();
  const written = (reference.typeArguments ?? []).map((argument) => boundArgument(argument, ctx) ?? argument);
  // Each declaration of a merged interface declares its own `T`; one left out takes its default (`D` for `D<T = "z" | "w">`).
  for (const parameters of declared) {
    parameters.forEach((parameter, index) => {
      const argument = written[index] ?? typeParameterDefault(parameter);
      if (!argument) return;
      if (!saved.has(parameter)) saved.set(parameter, ctx.boundArguments.get(parameter));
      ctx.boundArguments.set(parameter, argument);
    });
  }
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

/** The type parameters of the generic a reference names: a user alias's, or each declaration's of the interface or class. */
function genericParameters(type: ts.Type, reference: ts.TypeReferenceNode, ctx: ReadContext): (readonly ts.TypeParameterDeclaration[])[] {
  const { ts } = ctx;
  const alias = writtenAlias(reference, ctx);
  if (alias) {
    const parameters = alias.declarations?.find(ts.isTypeAliasDeclaration)?.typeParameters;
    return parameters ? [parameters] : [];
  }
  const out: (readonly ts.TypeParameterDeclaration[])[] = [];
  for (const declaration of type.getSymbol()?.declarations ?? []) {
    if ((ts.isInterfaceDeclaration(declaration) || ts.isClassDeclaration(declaration)) && declaration.typeParameters) out.push(declaration.typeParameters);
  }
  return out;
}
