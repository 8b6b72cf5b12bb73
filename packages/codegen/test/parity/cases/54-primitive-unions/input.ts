import type { Int } from "@toolsmith/runtime";

/** Sets a configuration value. */
export function setConfig(key: string, value: string | Int, amount: number | string | null, mode: boolean | "auto" = "auto"): string {
  return `${key}=${value} ${amount} ${mode}`;
}
