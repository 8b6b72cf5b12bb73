import type { Int } from "@toolsmith/runtime";

/** Fetches a page and returns its title. */
export async function fetchTitle(url: string, timeoutMs: Int = 5000): Promise<string> {
  return `${url} ${timeoutMs}`;
}
