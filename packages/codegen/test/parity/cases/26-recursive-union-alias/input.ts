export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Stores a JSON value under a key. */
export function putValue(key: string, value: Json): string {
  return `${key}=${JSON.stringify(value)}`;
}
