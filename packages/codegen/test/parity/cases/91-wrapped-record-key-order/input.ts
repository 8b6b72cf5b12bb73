export type Draft = Partial<Record<"title" | "body", string>>;
export type Post = Record<"title" | "body", string> & { published: boolean };
export interface Page extends Record<"title" | "body", string> {
  views: number;
}
export type Scores = Record<"zeta" | "beta" | "alpha", number>;
export type NoBeta = Omit<Scores, "beta">;
export type Ends = Pick<Scores, "zeta" | "alpha">;

/** Publishes a draft. */
export function publish(draft: Draft, post: Post, page: Page, noBeta: NoBeta, ends: Ends): string {
  return `${draft.title ?? ""}${post.title}${page.title}${noBeta.zeta}${ends.alpha}`;
}
