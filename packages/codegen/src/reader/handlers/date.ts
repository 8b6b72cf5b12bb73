import type { TypeHandler } from "../context.js";
import { isFromDefaultLibrary } from "../type-utils.js";

/** `Date` -> an ISO 8601 date-time string (D11). */
export const dateHandler: TypeHandler = {
  kind: "date",
  matches: (type, ctx) => type.getSymbol()?.name === "Date" && isFromDefaultLibrary(type.getSymbol(), ctx),
  read: () => ({ kind: "date" }),
};
