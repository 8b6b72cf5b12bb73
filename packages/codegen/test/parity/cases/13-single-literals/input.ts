/** Pins a dependency. */
export function pin(kind: "exact", locked: true, major: 2, label: "pinned" = "pinned"): string {
  return `${kind} ${locked} ${major} ${label}`;
}
