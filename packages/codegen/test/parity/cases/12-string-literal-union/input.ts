/** Sets the speed mode. */
export function setMode(mode: "fast" | "slow" | "auto", unit: "ms" | "s" = "ms"): string {
  return `${mode} ${unit}`;
}
