import type { Int } from "@toolsmith/runtime";

/**
 * Waits, then answers.
 * @param ms How long to wait, in milliseconds.
 */
export const delayedEcho = async (text: string, ms: Int = 100): Promise<string> => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return text;
};
