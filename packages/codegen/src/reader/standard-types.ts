/**
 * Standard-library types the reader rejects by name, each with a hint naming what to take instead
 * (handlers/rejected.ts); the callback check (callbacks.ts) leaves them to it, as their methods would
 * otherwise make them look like functions.
 */
export const SET_TYPES = ["Set", "ReadonlySet"] as const;
export const MAP_TYPES = ["Map", "ReadonlyMap"] as const;

/** Binary data: one error naming it, not one per method of it and of its `buffer`. */
export const BINARY_TYPES = [
  "ArrayBuffer",
  "SharedArrayBuffer",
  "DataView",
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float16Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
] as const;

export const REJECTED_BY_NAME: ReadonlySet<string> = new Set([...SET_TYPES, ...MAP_TYPES, ...BINARY_TYPES]);
