import type { Int } from "@toolsmith/runtime";

export interface Reviewer {
  id: Int;
  name: string;
}

export enum Verdict {
  Approve = "approve",
  Reject = "reject",
}

/** Assigns a review. */
export function assignReview(
  owner: Reviewer | null,
  verdict: Verdict | null,
  backup: Reviewer | null = null,
  second?: Reviewer,
  team: (Reviewer | null)[] = [],
): string {
  return `${owner?.name} ${verdict} ${backup?.name} ${second?.name} ${team.length}`;
}
