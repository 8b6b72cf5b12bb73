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
  // A replacer takes JSON.stringify off V8's fast path (about twice the time), so use it only when needed.
  return (needsReplacer(value, 0) ? JSON.stringify(value, replacer) : JSON.stringify(value)) ?? "null";
}

/** Whether `value` holds something plain JSON.stringify would get wrong: a bigint, Map or Set (or is too deep to tell). */
function needsReplacer(value: unknown, depth: number): boolean {
  if (typeof value === "bigint") return true;
  if (typeof value !== "object" || value === null) return false;
  if (depth > 64) return true; // deep or cyclic: let the replacer path decide (and report a cycle)
  if (Array.isArray(value)) {
    for (const item of value) if (needsReplacer(item, depth + 1)) return true;
    return false;
  }
  if (value instanceof Map || value instanceof Set) return true;
  for (const key in value) if (needsReplacer((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

function replacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  return value;
}
