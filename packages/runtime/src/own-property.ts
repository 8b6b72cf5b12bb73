// Objects built from a model's keys must never let a key reach the prototype: `obj["__proto__"] = x`
// sets the prototype, hiding x's fields from key checks and JSON.stringify while reads still see them.

/** Sets `key` as an own, enumerable data property, whatever the key (including `__proto__`). */
export function setOwn(target: object, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}

/** The value of `key` only when it is the object's own property (never `valueOf`, `constructor`... from the prototype). */
export function getOwn(target: object, key: string): unknown {
  return Object.hasOwn(target, key) ? (target as Record<string, unknown>)[key] : undefined;
}
