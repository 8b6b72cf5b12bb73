import type { Int } from "@toolsmith/runtime";

/** Sets properties. */
export function setProperties(properties: Record<string, string>): string {
  return JSON.stringify(properties);
}

/**
 * Counts properties.
 * @param properties How many properties at least.
 */
export function countProperties(/** @minimum 1 */ properties: Int = 5): string {
  return `${properties}`;
}

/** Lists properties. */
export function listProperties(properties?: string[], sort: "asc" | "desc" = "asc"): string {
  return `${properties} ${sort}`;
}

export interface Meta {
  /** The properties. */
  properties: Int[];
  default?: string;
  kind: "a" | "b";
}

/** Describes. */
export function describe(when: Date, meta: Meta, properties: "all" | "some" = "all"): string {
  return `${when.toISOString()} ${meta.kind} ${properties}`;
}
