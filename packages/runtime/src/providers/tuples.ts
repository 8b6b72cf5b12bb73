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

export function describeTuple(members: readonly JsonSchema[]): string {
  return `tuple of ${members.length} ([${members.map((m) => (typeof m.type === "string" ? m.type : m.$ref ?? "...")).join(", ")}])`;
}
