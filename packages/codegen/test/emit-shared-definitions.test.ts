/**
 * The emitter builds a `$defs` entry once per IR definition and style and hands the same (frozen) schema
 * to every function that uses it (src/emit/schema/emit.ts). What a function gets must not depend on what
 * was emitted before it: checked against the same IR as fresh objects, which nothing was built for.
 */
import { describe, expect, it } from "vitest";
import { emitParameters, emitReturns } from "../src/emit/schema/emit.js";
import type { IrDefinition, IrFunction, IrType } from "../src/ir/types.js";

const at = { line: 1, column: 1 };
const ref = (name: string): IrType => ({ kind: "ref", name });
const objectDefinition = (name: string, properties: [string, IrType][], description?: string): IrDefinition => ({
  name,
  title: name,
  ...(description ? { description } : {}),
  body: {
    kind: "object",
    object: { properties: properties.map(([key, type]) => ({ name: key, type, required: true, annotations: {} })) },
  },
});

function fn(name: string, params: [string, IrType][], definitions: IrDefinition[]): IrFunction {
  const byName = Object.fromEntries(definitions.map((definition) => [definition.name, definition]));
  return {
    name,
    file: "tools.ts",
    location: at,
    confirm: false,
    isAsync: false,
    callStyle: "positional",
    params: params.map(([key, type]) => ({ name: key, type, optional: false, hasDefault: false, annotations: {}, location: at })),
    definitions: byName,
    returns: { type: params[0]?.[1] ?? { kind: "null" }, definitions: byName },
  };
}

/** The same IR as new objects: nothing emitted before has seen them. */
const fresh = (ir: IrFunction): IrFunction => structuredClone(ir);

describe("shared $defs entries", () => {
  // `Order` refers to `Customer`, which refers back to `Order` (a cycle), and to `Address`.
  const address = objectDefinition("Address", [["city", { kind: "string" }]], "Where to ship.");
  const customer = objectDefinition("Customer", [["address", ref("Address")], ["lastOrder", { kind: "union", members: [ref("Order"), { kind: "null" }] }]]);
  const order = objectDefinition("Order", [["customer", ref("Customer")], ["total", { kind: "number" }]]);
  // Another `Address` (another file's type of that name) under the same key, for a function that has it.
  const otherAddress = objectDefinition("Address", [["street", { kind: "string" }]]);

  const functions = [
    fn("place", [["order", ref("Order")]], [order, customer, address]),
    fn("greet", [["customer", ref("Customer")]], [order, customer, address]),
    fn("move", [["customer", ref("Customer")], ["to", ref("Address")]], [order, customer, otherAddress]),
    fn("ship", [["to", ref("Address")]], [address]),
  ];

  it.each(["pydantic", "openai"] as const)("gives each function what it would get alone (%s style)", (style) => {
    for (const ir of functions) {
      const shared = emitParameters(ir, style);
      const alone = emitParameters(fresh(ir), style);
      expect(JSON.stringify(shared.schema)).toBe(JSON.stringify(alone.schema));
      expect([...shared.definitionUsers]).toEqual([...alone.definitionUsers]);
      expect(JSON.stringify(emitReturns(ir, style))).toBe(JSON.stringify(emitReturns(fresh(ir), style)));
    }
  });

  it("uses the Address each function has under that name", () => {
    const defsOf = (ir: IrFunction) => (emitParameters(ir, "pydantic").schema as { $defs: Record<string, { properties: object }> }).$defs;
    expect(Object.keys(defsOf(functions[2] as IrFunction)["Address"]?.properties ?? {})).toEqual(["street"]);
    expect(Object.keys(defsOf(functions[3] as IrFunction)["Address"]?.properties ?? {})).toEqual(["city"]);
    expect(Object.keys(defsOf(functions[0] as IrFunction)).sort()).toEqual(["Address", "Customer", "Order"]);
  });

  it("hands out the same schema object, frozen, so no consumer can change it for the others", () => {
    const first = emitParameters(functions[0] as IrFunction, "pydantic").schema as { $defs: Record<string, object> };
    const second = emitParameters(functions[1] as IrFunction, "pydantic").schema as { $defs: Record<string, object> };
    expect(second.$defs["Customer"]).toBe(first.$defs["Customer"]);
    expect(Object.isFrozen(first.$defs["Customer"])).toBe(true);
    expect(() => {
      (first.$defs["Address"] as { description?: string }).description = "changed";
    }).toThrow(TypeError);
  });
});
