import type { ts } from "ts-morph";
import type { IrType } from "../../ir/types.js";
import type { Compiler, TypeHandler } from "../context.js";
import { has } from "../type-utils.js";

const string: IrType = { kind: "string" };
const number: IrType = { kind: "number" };
const boolean: IrType = { kind: "boolean" };
const nullType: IrType = { kind: "null" };
/** `object`: any JSON object. */
const anyObject: IrType = { kind: "object", object: { properties: [], additional: { kind: "any" } } };

/** The IR of a primitive type (the first kind its flags name, in this order), else undefined. */
function primitiveOf(type: ts.Type, ts: Compiler): IrType | undefined {
  const flags = ts.TypeFlags;
  if (has(type, flags.String | flags.TemplateLiteral | flags.StringMapping)) return string;
  if (has(type, flags.Number)) return number;
  if (has(type, flags.Boolean)) return boolean;
  if (has(type, flags.Null)) return nullType;
  if (has(type, flags.NonPrimitive)) return anyObject;
  return undefined;
}

/** string, number, boolean, null, `object` (template literal types read as string). */
export const primitiveHandler: TypeHandler = {
  kind: "primitive",
  matches: (type, ctx) => primitiveOf(type, ctx.ts) !== undefined,
  read: (type, ctx) => primitiveOf(type, ctx.ts) ?? { kind: "any" },
};

/** A branded primitive (`string & { __brand: "Id" }`) is its primitive. */
export const brandedPrimitiveHandler: TypeHandler = {
  kind: "branded primitive",
  matches: (type, ctx) =>
    type.isIntersection() && type.types.filter((part) => primitiveOf(part, ctx.ts) !== undefined).length === 1,
  read: (type, ctx, node) => {
    const primitive = (type as ts.IntersectionType).types.find((part) => primitiveOf(part, ctx.ts) !== undefined);
    return primitive ? ctx.read(primitive, node) : { kind: "any" };
  },
};
