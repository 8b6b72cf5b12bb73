/** Clears the cache; the marker must be null. */
export function clearCache(marker: null, reason: string): string {
  return `${String(marker)}: ${reason}`;
}
