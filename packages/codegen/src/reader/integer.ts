/**
 * Integers (D1): TypeScript has only `number`, so integers are spelled with the runtime's `Int` brand
 * (`number & { [integerBrand]?: "Int" }`), or a JSDoc `@integer` tag on the parameter or property.
 */
import type { ts } from "ts-morph";
import type { IrType } from "../ir/types.js";
import type { ReadContext } from "./context.js";
import { has, referenceName } from "./type-utils.js";

export function isIntType(type: ts.Type, ctx: ReadContext, node: ts.TypeNode | undefined): boolean {
  const { ts } = ctx;
  if (type.isIntersection() && type.types.some((part) => has(part, ts.TypeFlags.Number))) {
    if (type.aliasSymbol?.name === "Int") return true;
    return type.types.some((part) => has(part, ts.TypeFlags.Object) && carriesIntBrand(part, ctx));
  }
  // `Int` written but not resolvable (no node_modules), or a local `type Int = number`.
  const unresolved = has(type, ts.TypeFlags.Any) && (type as { intrinsicName?: string }).intrinsicName === "error";
  return (unresolved || has(type, ts.TypeFlags.Number)) && referenceName(node, ts) === "Int";
}

function carriesIntBrand(type: ts.Type, ctx: ReadContext): boolean {
  return ctx.checker.getPropertiesOfType(type).some((property) => {
    const propertyType = ctx.checker.getTypeOfSymbol(property);
    const parts = propertyType.isUnion() ? propertyType.types : [propertyType];
    return parts.some((part) => part.isStringLiteral() && part.value === "Int");
  });
}

/**
 * `@integer`: every `number` in the type (through unions, arrays, tuples and the values of a record or
 * index signature: `dict[str, int]`) becomes `integer`. A named type's `$defs` entry is shared, so it
 * is left as it is, as are an inline object's properties, which take tags of their own.
 */
export function toInteger(type: IrType): IrType {
  switch (type.kind) {
    case "number":
      return { kind: "integer" };
    case "union":
      return { kind: "union", members: type.members.map(toInteger) };
    case "array":
      return { kind: "array", items: toInteger(type.items) };
    case "tuple":
      return {
        ...type,
        elements: type.elements.map(toInteger),
        ...(type.rest ? { rest: toInteger(type.rest) } : {}),
      };
    case "object":
      return type.object.additional ? { kind: "object", object: { ...type.object, additional: toInteger(type.object.additional) } } : type;
    default:
      return type;
  }
}
