/**
 * The parameter schemas, as `toolsmith codegen` (openai style) emits them for ./tools.ts. Used for ajv
 * and as a fallback for ours when the codegen cannot run in this checkout; the suite prefers the
 * schemas the codegen actually produces and says which it used.
 */
import type { ObjectSchema } from "@toolsmith/runtime";

export const SUMS_PARAMETERS: ObjectSchema = {
  type: "object",
  properties: {
    a: { type: "integer" },
    b: { type: "integer", default: 1 },
  },
  required: ["a"],
};

export const CREATE_ORDER_PARAMETERS: ObjectSchema = {
  type: "object",
  $defs: {
    Address: {
      type: "object",
      description: "A postal address.",
      properties: {
        street: { type: "string" },
        city: { type: "string" },
        zip: { type: "string" },
        country: { type: "string" },
        geo: { anyOf: [{ $ref: "#/$defs/GeoPoint" }, { type: "null" }] },
      },
      required: ["street", "city", "country", "geo"],
    },
    Customer: {
      type: "object",
      description: "A customer of the shop.",
      properties: {
        id: { type: "integer" },
        name: { type: "string" },
        email: { type: "string" },
        address: { $ref: "#/$defs/Address" },
        tags: { type: "array", items: { type: "string" } },
      },
      required: ["id", "name", "email", "address", "tags"],
    },
    GeoPoint: {
      type: "object",
      description: "A point on the globe.",
      properties: { lat: { type: "number" }, lon: { type: "number" } },
      required: ["lat", "lon"],
    },
    OrderLine: {
      type: "object",
      description: "One line of an order.",
      properties: {
        sku: { type: "string" },
        quantity: { type: "integer" },
        unitPrice: { type: "number" },
        note: { type: "string" },
      },
      required: ["sku", "quantity", "unitPrice"],
    },
    Priority: { type: "integer", enum: [1, 2, 3], description: "How urgent an order is." },
  },
  properties: {
    customer: { $ref: "#/$defs/Customer", description: "Who orders." },
    lines: { type: "array", items: { $ref: "#/$defs/OrderLine" }, description: "What they order." },
    priority: { $ref: "#/$defs/Priority", default: 2, description: "How urgent the order is." },
    note: { anyOf: [{ type: "string" }, { type: "null" }], default: null, description: "A note for the warehouse." },
  },
  required: ["customer", "lines"],
};
