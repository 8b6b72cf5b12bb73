/**
 * Optional callbacks (issue 17): an optional parameter or property whose type holds a function cannot
 * come from a model, but the function works without it, so it is left out of the schema with a warning.
 * A required one stays an error (pydantic cannot take a callable from JSON either).
 */
import type { ts } from "ts-morph";
import type { ReadContext } from "./context.js";
import { REJECTED_BY_NAME } from "./standard-types.js";
import { has, isFromDefaultLibrary, isMethodMember, isSymbolKeyed, typeText } from "./type-utils.js";

/** Standard types that are data (`Date`) or that the reader rejects with a better hint (`Set`, `Uint8Array`). */
const DATA_OR_NAMED: ReadonlySet<string> = new Set(["Date", ...REJECTED_BY_NAME]);

/**
 * Whether the type holds a function anywhere a model would have to send one: it is (or a union member,
 * array element or tuple member is) a function, or an object with a method or a required member that
 * holds a function, or one whose only members are optional functions (a `RegExp` holds methods). `Date`,
 * and what the reader rejects by name (standard-types.ts) are left to the reader, which knows them.
 */
export function holdsFunction(type: ts.Type, ctx: ReadContext): boolean {
  // One pass looks into each type once; a type met again answers what it was found to hold - or, met on
  // its own path (a recursive type), what the pass before found (nothing, at first). While a pass took
  // such an answer and changed one, it is run again: answers only ever turn from no to yes, so that ends,
  // with an answer the order of the types met does not change (a type met a second time used to answer
  // "no" even when it held a function: `{ [K in keyof D]-?: D[K] }` over a recursive `D` held
  // `kind: () => void` or not by the order of its keys, which the engines order differently).
  const found = new Map<ts.Type, boolean>();
  for (let pass = 0; ; pass++) {
    let changed = false;
    let tookPrevious = false;
    const met = new Set<ts.Type>();
    const done = new Set<ts.Type>();
    const holds = (inner: ts.Type): boolean => {
      if (met.has(inner)) {
        if (!done.has(inner)) tookPrevious = true;
        return found.get(inner) ?? false;
      }
      met.add(inner);
      const answer = holdsHere(inner, ctx, holds);
      done.add(inner);
      if (answer !== (found.get(inner) ?? false)) {
        found.set(inner, answer);
        changed = true;
      }
      return answer;
    };
    const answer = holds(type);
    if (!tookPrevious || !changed || pass >= MAX_PASSES) return answer;
  }
}

/** Passes of holdsFunction at most (each turns at least one answer to yes; real types settle in two or three). */
const MAX_PASSES = 16;

/** What a type holds, given what its parts hold (`holds`). */
function holdsHere(type: ts.Type, ctx: ReadContext, holds: (part: ts.Type) => boolean): boolean {
  const { ts } = ctx;
  if (type.isUnion() || type.isIntersection()) return type.types.some((part) => holds(part));
  if (!has(type, ts.TypeFlags.Object)) return false;
  if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return true;
  const checker = ctx.checker;
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    return checker.getTypeArguments(type as ts.TypeReference).some((element) => holds(element));
  }
  if (isFromDefaultLibrary(type.getSymbol(), ctx) && DATA_OR_NAMED.has(type.getSymbol()?.name ?? "")) return false;
  let kept = 0;
  let dropped = 0;
  for (const property of checker.getPropertiesOfType(type)) {
    if (isSymbolKeyed(property) || property.name.startsWith("#")) continue;
    if (isMethodMember(property, ts)) return true;
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    if (!holds(checker.getTypeOfSymbol(property))) kept++;
    else if (optional) dropped++;
    else return true;
  }
  const indexes = checker.getIndexInfosOfType(type);
  if (indexes.some((index) => holds(index.type))) return true;
  return kept === 0 && dropped > 0 && indexes.length === 0;
}

/** The warning for a left-out member: what it is, and why leaving it out is safe. */
export function droppedCallbackWarning(type: ts.Type, ctx: ReadContext, node?: ts.TypeNode): { message: string; hint: string } {
  return {
    message: `\`${typeText(type, node, ctx)}\` holds a function, which a model cannot send: left out of the schema (it is optional, so the call goes without it)`,
    hint: "to let the model choose here, take data (a string or an enum) instead of a function",
  };
}
