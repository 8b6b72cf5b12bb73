/** The same two tools' arguments in zod 4, as a user of the openai `zodFunction` helper writes them. */
import { z } from "zod";

export const sumsArgs = z.object({
  a: z.int(),
  b: z.int().default(1),
});

const geoPoint = z.object({ lat: z.number(), lon: z.number() });
const address = z.object({
  street: z.string(),
  city: z.string(),
  zip: z.string().optional(),
  country: z.string(),
  geo: geoPoint.nullable(),
});
const customer = z.object({
  id: z.int(),
  name: z.string(),
  email: z.string(),
  address,
  tags: z.array(z.string()),
});
const orderLine = z.object({
  sku: z.string(),
  quantity: z.int(),
  unitPrice: z.number(),
  note: z.string().optional(),
});

export const createOrderArgs = z.object({
  customer,
  lines: z.array(orderLine),
  priority: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
  note: z.string().nullable().default(null),
});
