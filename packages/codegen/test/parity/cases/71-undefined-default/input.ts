import type { Int } from "@toolsmith/runtime";

/** Looks a name up. */
export function lookup(
  name: string,
  region: string | undefined = undefined,
  limit: Int | undefined = void 0,
  exact?: boolean,
): string {
  return `${name} ${region} ${limit} ${exact}`;
}

export interface Filter {
  tag?: string;
  since?: Int;
}

/** Filters things. */
export function filter({ tag = undefined, since }: Filter): string {
  return `${tag} ${since}`;
}
