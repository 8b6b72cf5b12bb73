// Validation, reviving and the tool itself all recurse over the arguments; a model (or a hostile prompt)
// can send arrays nested thousands deep. Past this depth the arguments are refused with a readable issue
// instead of overflowing the stack somewhere along the way.
import type { ValidationIssue } from "./describe.js";

/** Deepest nesting of arrays/objects accepted in tool arguments (the top-level object is level 1). */
export const MAX_ARGUMENT_DEPTH = 256;

/** An issue when `value` nests containers deeper than `limit`, else undefined. Iterative: never overflows itself. */
export function nestingIssue(value: unknown, limit: number = MAX_ARGUMENT_DEPTH): ValidationIssue | undefined {
  const stack: Array<[unknown, number]> = [[value, 1]];
  const seen = new Set<object>(); // a shared or cyclic object (possible in a caller's object) is walked once
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    if (depth > limit) {
      return { path: "", kind: "constraint", message: `nested too deeply: expected at most ${limit} levels of nested arrays/objects, got more` };
    }
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return undefined;
}
