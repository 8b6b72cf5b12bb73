/** Returns the current time as an ISO string. */
export function now(): string {
  return new Date().toISOString();
}
