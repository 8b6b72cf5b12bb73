import type { Int } from "@toolsmith/runtime";

export interface Account {
  id: Int;
  name: string;
  email: string;
  password: string;
  nickname?: string;
}

export type AccountRef = Pick<Account, "id" | "name">;

export type PublicAccount = Omit<Account, "password">;

/** Shares an account's public profile with another account. */
export function shareProfile(profile: PublicAccount, recipient: AccountRef): string {
  return `${profile.email} -> ${recipient.name}`;
}
