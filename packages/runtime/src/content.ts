// A tool's return value as the text of the tool message the model reads.

/**
 * Strings go as they are (the seed's `str(result)`), `undefined` (a void tool) as "null", everything else as
 * JSON: Dates as ISO strings, Maps as objects, Sets as arrays, bigints as decimal strings. Throws only for
 * values JSON cannot hold (cycles); the caller reports that as a failed call.
 */
export function toContent(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value === undefined || value === null) return "null";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "null" : value.toISOString();
  return JSON.stringify(value, replacer) ?? "null";
}

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  return value;
}
