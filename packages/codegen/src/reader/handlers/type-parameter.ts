import type { ts } from "ts-morph";
import type { Compiler, ReadContext, TypeHandler } from "../context.js";
import { here } from "../context.js";
import { has } from "../type-utils.js";

/**
 * A generic function's type parameter, read as pydantic reads a `TypeVar`: its constraint (`bound`), else
 * its default, else any value (`{}`, with the warning `unknown` gets). `T & {}` (a common way to keep
 * inference off a parameter) is read through its constraint the same way.
 */
export const typeParameterHandler: TypeHandler = {
  kind: "type parameter",
  matches: (type, { ts }) =>
    has(type, ts.TypeFlags.TypeParameter) ||
    (type.isIntersection() && type.types.some((part) => has(part, ts.TypeFlags.TypeParameter))),
  read: (type, ctx) => {
    const { ts } = ctx;
    if (type.isIntersection()) {
      const parts = type.types.map((part) => (has(part, ts.TypeFlags.TypeParameter) ? standInOf(part) : part));
      const known = parts.filter((part): part is ts.Type => part !== undefined && !isEmptyObject(part, ctx.checker, ts));
      const [only] = known;
      if (known.length === 1 && only) return ctx.read(only);
      const base = ctx.checker.getBaseConstraintOfType(type);
      if (base && base !== type && !has(base, ts.TypeFlags.Unknown)) return ctx.read(base);
    } else {
      const standIn = standInOf(type);
      // With the node it is written as, so a constraint's literal union keeps its written order.
      if (standIn) return ctx.read(standIn, standInNode(type, ctx));
    }
    ctx.report({
      severity: "warning",
      message: `the type parameter \`${ctx.checker.typeToString(type)}\` has no constraint or default, so it accepts any JSON value: its schema is {}`,
      path: here(ctx),
      hint: "constrain it (`T extends string`) or give it a concrete type",
    });
    return { kind: "any" };
  },
};

/** The constraint, else the default of a type parameter. */
function standInOf(type: ts.Type): ts.Type | undefined {
  return type.getConstraint() ?? type.getDefault();
}

/** The node the constraint (else the default) is written as. */
function standInNode(type: ts.Type, { ts }: ReadContext): ts.TypeNode | undefined {
  const declaration = type.symbol?.declarations?.find(ts.isTypeParameterDeclaration);
  return type.getConstraint() ? declaration?.constraint : declaration?.default;
}

function isEmptyObject(type: ts.Type, checker: ts.TypeChecker, ts: Compiler): boolean {
  return (
    has(type, ts.TypeFlags.Object) &&
    checker.getPropertiesOfType(type).length === 0 &&
    checker.getIndexInfosOfType(type).length === 0 &&
    type.getCallSignatures().length === 0
  );
}
