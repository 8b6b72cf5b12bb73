/** Registers a user account. */
export function registerUser(
  /**
   * @minLength 3
   * @maxLength 20
   * @pattern ^[a-z0-9_]+$
   */
  username: string,
  /** @format email */
  email: string,
  /** @pattern ^[A-Z]{2}-\d{4}$ */
  voucher: string,
  /** @format date */
  birthday: string = "2000-01-01",
  /** @maxLength 140 */
  bio?: string,
): string {
  return `${username} ${email} ${voucher} ${birthday} ${bio ?? ""}`;
}
