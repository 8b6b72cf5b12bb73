/** The argument strings a model sends: valid, and with one wrong value each. */
export const SMALL_VALID = JSON.stringify({ a: 6, b: 3 });
/** `"six"` is not an integer: the seed's classic. */
export const SMALL_INVALID = JSON.stringify({ a: "six", b: 3 });

const customer = {
  id: 4711,
  name: "Ada Lovelace",
  email: "ada@example.com",
  address: { street: "12 Analytical Way", city: "London", zip: "NW1 6XE", country: "GB", geo: { lat: 51.5237, lon: -0.1585 } },
  tags: ["vip", "early-adopter", "newsletter"],
};
const lines = [
  { sku: "ENG-001", quantity: 2, unitPrice: 19.99 },
  { sku: "CARD-100", quantity: 100, unitPrice: 0.05, note: "punched" },
  { sku: "MILL-7", quantity: 1, unitPrice: 1250 },
];
export const NESTED_VALID = JSON.stringify({ customer, lines, priority: 3, note: "fragile" });
/** A deep mistake: the third line's quantity is a fraction (not an Int). */
export const NESTED_INVALID = JSON.stringify({
  customer,
  lines: [lines[0], lines[1], { sku: "MILL-7", quantity: 1.5, unitPrice: 1250 }],
  priority: 3,
});
