export interface Inventory {
  /** @integer */
  counts: Record<string, number>;
  /** @integer */
  reserved: { [sku: string]: number | null };
  /** @integer */
  history?: (number | null)[];
}

/** Restocks an inventory; per-warehouse limits are whole units. */
export function restock(
  inventory: Inventory,
  /** @integer */ limits: Record<string, number | null>,
  /** @integer */ minimums: Record<string, number> = {},
): string {
  return `${Object.keys(inventory.counts).length}:${Object.keys(limits).length}:${Object.keys(minimums).length}`;
}
