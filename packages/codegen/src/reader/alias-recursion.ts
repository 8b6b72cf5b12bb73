/**
 * Whether a union alias refers to itself (D14), as a property of the alias, not of the order a function
 * reads its types in. Found only while reading, `f(b: Branch, t: Tree)` for `type Tree = string | Branch`,
 * `interface Branch { children: Tree[] }` read Branch first, met Tree inside it but never Tree inside
 * Tree, and printed Tree inline, while `g(t: Tree, b: Branch)` gave it its `$defs` entry. In Python such
 * an alias can only be a `TypeAliasType`, which pydantic always makes an entry of.
 */
import type { ts } from "ts-morph";
import type { ReadContext } from "./context.js";
import { isReadMember } from "./object-shape.js";
import { has, isFromDefaultLibrary, objectFlags } from "./type-utils.js";
import { holdsEveryMember, memberKeys } from "./union-members.js";

/** Past this many types the walk stops, and the reading alone decides (as before). */
const MAX_TYPES = 5000;

/** Per alias type object: a new program (a watch's next snapshot) makes new ones. */
const known = new WeakMap<object, boolean>();

/**
 * Whether `type` (the alias's union, or what a user alias or interface names that the reader writes
 * inline: a record, an array, a tuple) reaches a type named by `alias` again (or a union TypeScript made
 * of its members and others): through union and intersection members, array and tuple elements, the
 * properties the reader reads and index signatures - where the reader goes. Default-library types other
 * than arrays (`Date`, `Map`) are not opened, as the reader does not.
 */
export function refersToItself(type: ts.Type, alias: ts.Symbol, ctx: ReadContext): boolean {
  const cached = known.get(type);
  if (cached !== undefined) return cached;
  const found = walk(type, alias, ctx);
  known.set(type, found);
  return found;
}

function walk(start: ts.Type, alias: ts.Symbol, ctx: ReadContext): boolean {
  const seen = new Set<ts.Type>();
  const pending: ts.Type[] = partsOf(start, ctx);
  while (pending.length > 0) {
    if (seen.size > MAX_TYPES) return false;
    const type = pending.pop() as ts.Type;
    if (seen.has(type)) continue;
    seen.add(type);
    if (type.aliasSymbol === alias || (!type.aliasSymbol && type.getSymbol() === alias)) return true;
    // `child?: Tree`, `Tree | null`: TypeScript flattened the alias into a larger union and dropped its name.
    if (start.isUnion() && type.isUnion() && holdsEveryMember(memberKeys(type.types, ctx), start, ctx)) return true;
    pending.push(...partsOf(type, ctx));
  }
  return false;
}

/** Where the reader goes from `type`. */
function partsOf(type: ts.Type, ctx: ReadContext): ts.Type[] {
  const { ts, checker } = ctx;
  if (type.isUnion() || type.isIntersection()) return [...type.types];
  if (!has(type, ts.TypeFlags.Object)) return [];
  if (checker.isArrayType(type) || checker.isTupleType(type)) return [...checker.getTypeArguments(type as ts.TypeReference)];
  // `Partial<T>`, `Record<K, T>`: the library's mapped types are opened; `Date`, `Map` are not.
  const symbol = type.getSymbol();
  if (symbol && isFromDefaultLibrary(symbol, ctx) && !(objectFlags(type, ts) & ts.ObjectFlags.Mapped)) return [];
  const parts: ts.Type[] = [];
  for (const property of checker.getPropertiesOfType(type)) if (isReadMember(property, ctx)) parts.push(checker.getTypeOfSymbol(property));
  for (const index of checker.getIndexInfosOfType(type)) parts.push(index.type);
  return parts;
}
