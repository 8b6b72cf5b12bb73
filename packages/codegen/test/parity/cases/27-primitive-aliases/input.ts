import type { Int } from "@toolsmith/runtime";

export type UserId = string;
export type Count = Int;
export type Tags = string[];
export type Mode = "on" | "off";
export type IdOrCount = UserId | Count;
export type MaybeName = string | null;

/** Tags a user. */
export function tagUser(id: UserId, count: Count, tags: Tags, ref: IdOrCount, nickname: MaybeName, mode: Mode = "on"): string {
  return `${id} ${count} ${tags.join()} ${ref} ${nickname} ${mode}`;
}
