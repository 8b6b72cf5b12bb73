/** Tags a post. */
export function tagPost(
  /**
   * @minLength 1
   * @maxLength 5
   */
  tags: string[],
  /** @maxLength 3 */
  reviewers?: string[],
  /** @minLength 2 */
  coordinates: number[] = [0, 0],
): string {
  return `${tags.length} ${reviewers?.length ?? 0} ${coordinates.length}`;
}
