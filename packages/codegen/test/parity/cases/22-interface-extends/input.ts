import type { Int } from "@toolsmith/runtime";

export interface Entity {
  id: Int;
}

export interface User extends Entity {
  name: string;
  email?: string;
}

export interface Admin extends User {
  permissions: string[];
}

/** Grants admin rights; records who granted them. */
export function promote(admin: Admin, grantedBy: User): string {
  return `${grantedBy.name} -> ${admin.name}`;
}
