/**
 * Stores a value.
 * @param value Anything JSON.
 */
export function store(key: string, value?: unknown, meta?: any, extra: unknown = null): string {
  return `${key} ${JSON.stringify(value)} ${meta} ${extra}`;
}

export interface Slot {
  payload?: unknown;
  tag: string;
}

/** Fills a slot. */
export function fill(slot: Slot): string {
  return slot.tag;
}
