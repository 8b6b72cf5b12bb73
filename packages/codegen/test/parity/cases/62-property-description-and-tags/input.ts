import type { Int } from "@toolsmith/runtime";

export interface Person {
  /**
   * Full name, as printed on the badge.
   * @minLength 1
   */
  name: string;
  /**
   * Age in years.
   * @minimum 0
   * @maximum 150
   */
  age?: Int;
  /**
   * When the person joined.
   * @example "2024-05-01T09:00:00Z"
   */
  joined: Date;
}

/** Prints a badge for a person. */
export function printBadge(person: Person): string {
  return person.name;
}
