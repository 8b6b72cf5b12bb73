import type { JsonSchema } from "../json-schema.js";

/**
 * A tuple (`prefixItems`) rewritten as a plain array for dialects without `prefixItems`: items may be any
 * of the member types and the length is pinned. Positions are no longer enforced by the provider, so the
 * caller reports it; the runtime's own validation still checks each position.
 */
export function tupleAsArray(members: readonly JsonSchema[], node: JsonSchema): { items: JsonSchema; minItems?: number; maxItems?: number } {
  const distinct: JsonSchema[] = [];
  const rest = typeof node.items === "object" ? [node.items] : [];
  for (const member of [...members, ...rest]) {
    if (!distinct.some((seen) => JSON.stringify(seen) === JSON.stringify(member))) distinct.push(member);
  }
  const items: JsonSchema = distinct.length === 1 && distinct[0] !== undefined ? distinct[0] : { anyOf: distinct };
  const closed = node.items === false || node.items === undefined;
  return {
    items,
    minItems: node.minItems ?? members.length,
    ...(closed ? { maxItems: node.maxItems ?? members.length } : node.maxItems !== undefined ? { maxItems: node.maxItems } : {}),
  };
}

/** `tuple of 3 ([string (date-time), number?, ...boolean[]])`: the positions as the schema has them. */
export function describeTuple(members: readonly JsonSchema[], node: JsonSchema = {}): string {
  return `tuple of ${members.length} ([${positions(members, node, "...")}])`;
}

/** For a description the model reads: `Exactly 2 items, in order: string, number.` */
export function tupleNote(members: readonly JsonSchema[], node: JsonSchema): string {
  const array = tupleAsArray(members, node);
  const min = array.minItems ?? 0;
  const count = array.maxItems === undefined ? `At least ${items(min)}` : array.maxItems === min ? `Exactly ${items(min)}` : `${min} to ${items(array.maxItems)}`;
  return `${count}, in order: ${positions(members, node, "value")}.`;
}

function positions(members: readonly JsonSchema[], node: JsonSchema, unnamed: string): string {
  const required = node.minItems ?? members.length;
  const names = members.map((member, index) => `${memberName(member, unnamed)}${index >= required ? "?" : ""}`);
  if (typeof node.items === "object") names.push(`...${memberName(node.items, unnamed)}[]`);
  return names.join(", ");
}

function memberName(member: JsonSchema, unnamed: string): string {
  if (typeof member.type === "string") return typeof member.format === "string" ? `${member.type} (${member.format})` : member.type;
  return member.$ref?.split("/").pop() ?? unnamed;
}

const items = (n: number): string => `${n} item${n === 1 ? "" : "s"}`;

/** How long the array a tuple became may be: `with a fixed length`, `of 1 to 2 items`, `of at least 1 item`. */
export function lengthOf(array: { readonly minItems?: number; readonly maxItems?: number }): string {
  const min = array.minItems ?? 0;
  if (array.maxItems === undefined) return `of at least ${items(min)}`;
  return array.maxItems === min ? "with a fixed length" : `of ${min} to ${items(array.maxItems)}`;
}
