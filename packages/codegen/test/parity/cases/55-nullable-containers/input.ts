/** Updates a profile; null clears a field. */
export function updateProfile(
  tags: string[] | null,
  scores: Record<string, number> | null,
  location: [number, number] | null = null,
  aliases?: string[],
): string {
  return `${tags?.length} ${scores === null} ${location?.join()} ${aliases?.length}`;
}
