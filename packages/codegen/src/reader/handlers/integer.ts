import type { TypeHandler } from "../context.js";
import { isIntType } from "../integer.js";

/** `Int` (the runtime's integer brand) -> `integer`. */
export const integerHandler: TypeHandler = {
  kind: "integer",
  matches: (type, ctx, node) => isIntType(type, ctx, node),
  read: () => ({ kind: "integer" }),
};
