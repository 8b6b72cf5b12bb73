/**
 * pydantic's key order (`GenerateJsonSchema.sort`): keys sorted alphabetically at every level, except
 * directly inside `properties` and `default`, which keep their order (and the parent key carries through
 * arrays, as pydantic's own recursion does).
 */
export function pydanticKeyOrder<T>(value: T, parentKey?: string): T {
  if (Array.isArray(value)) return value.map((item: unknown) => pydanticKeyOrder(item, parentKey)) as T;
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value);
  if (parentKey !== "properties" && parentKey !== "default") keys.sort(compareCodePoints);
  const out: { [key: string]: unknown } = {};
  for (const key of keys) out[key] = pydanticKeyOrder((value as { [key: string]: unknown })[key], key);
  return out as T;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Python sorts strings by code point, not by UTF-16 unit or locale. */
export function compareCodePoints(a: string, b: string): number {
  // Without surrogate pairs a UTF-16 unit is a code point, and JavaScript compares units.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}
