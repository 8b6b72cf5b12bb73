import { ts } from "ts-morph";
import type { IrType } from "../../ir/types.js";
import type { TypeHandler } from "../context.js";
import { has } from "../type-utils.js";

const primitives: readonly [ts.TypeFlags, IrType][] = [
  [ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping, { kind: "string" }],
  [ts.TypeFlags.Number, { kind: "number" }],
  [ts.TypeFlags.Boolean, { kind: "boolean" }],
  [ts.TypeFlags.Null, { kind: "null" }],
  // `object`: any JSON object.
  [ts.TypeFlags.NonPrimitive, { kind: "object", object: { properties: [], additional: { kind: "any" } } }],
];

/** string, number, boolean, null, `object` (template literal types read as string). */
export const primitiveHandler: TypeHandler = {
  kind: "primitive",
  matches: (type) => primitives.some(([flags]) => has(type, flags)),
  read: (type) => primitives.find(([flags]) => has(type, flags))?.[1] ?? { kind: "any" },
};

/** A branded primitive (`string & { __brand: "Id" }`) is its primitive. */
export const brandedPrimitiveHandler: TypeHandler = {
  kind: "branded primitive",
  matches: (type) =>
    type.isIntersection() &&
    type.types.filter((part) => primitives.some(([flags]) => has(part, flags))).length === 1,
  read: (type, ctx, node) => {
    const primitive = (type as ts.IntersectionType).types.find((part) => primitives.some(([flags]) => has(part, flags)));
    return primitive ? ctx.read(primitive, node) : { kind: "any" };
  },
};
