/** Caches an arbitrary value. */
export function cacheValue(key: string, value: unknown, meta: any, fallback: unknown = null): string {
  return `${key} ${String(value)} ${String(meta)} ${String(fallback)}`;
}
