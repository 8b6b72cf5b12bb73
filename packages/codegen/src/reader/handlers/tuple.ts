import type { ts } from "ts-morph";
import type { IrType } from "../../ir/types.js";
import { here, type Compiler, type ReadContext, type TypeHandler } from "../context.js";
import { referenceName, typeText, unparenthesize, withoutUndefined } from "../type-utils.js";
import { declaredNode } from "../object-shape.js";
import { elementNode } from "./array.js";

/**
 * The nodes writing a tuple's elements (`T` of `name: T`, `T?` and `...T[]`), by position. A spread of a
 * tuple (`...Two` with `type Two = [A, B]`) stands for its elements, as the checker flattens it; one whose
 * elements cannot be told (a type parameter, a generic alias) leaves the places after it unknown.
 */
export function elementNodes(node: ts.TypeNode | undefined, ctx: ReadContext, depth = 0): (ts.TypeNode | undefined)[] {
  const { ts } = ctx;
  let written = declaredNode(node, ctx);
  if (written && ts.isTypeOperatorNode(written)) written = declaredNode(written.type, ctx);
  if (!written || !ts.isTupleTypeNode(written)) return [];
  const nodes: (ts.TypeNode | undefined)[] = [];
  for (const element of written.elements) {
    let inner: ts.TypeNode = element;
    if (ts.isNamedTupleMember(inner)) inner = inner.type;
    const spread = ts.isRestTypeNode(inner) || (ts.isNamedTupleMember(element) && element.dotDotDotToken !== undefined);
    if (ts.isOptionalTypeNode(inner) || ts.isRestTypeNode(inner)) inner = inner.type;
    if (spread && arrayItemNode(inner, ts) === undefined) {
      const spelled = depth < 8 ? elementNodes(inner, ctx, depth + 1) : [];
      if (spelled.length === 0 || !isTupleWritten(inner, ctx)) break;
      nodes.push(...spelled);
      continue;
    }
    nodes.push(inner);
  }
  return nodes;
}

/** Whether a node is a tuple written out, itself or through parameterless aliases (so its length is known). */
function isTupleWritten(node: ts.TypeNode, ctx: ReadContext): boolean {
  const { ts } = ctx;
  const written = declaredNode(node, ctx);
  return written !== undefined && ts.isTupleTypeNode(written) && written.elements.every((element) => !ts.isRestTypeNode(element) && !(ts.isNamedTupleMember(element) && element.dotDotDotToken));
}

/**
 * `T` of a rest element written `...T[]` or `...Array<T>` (array.ts's element node, for a node that spells
 * an array: any other reference, `...Pair<X>`, may be a tuple's spread).
 */
export function arrayItemNode(node: ts.TypeNode | undefined, ts: Compiler): ts.TypeNode | undefined {
  const written = unparenthesize(node, ts);
  const spellsArray = written !== undefined && (ts.isArrayTypeNode(written) || ["Array", "ReadonlyArray"].includes(referenceName(written, ts) ?? ""));
  return spellsArray ? elementNode(written, ts) : undefined;
}

/**
 * Tuples -> `prefixItems` with `minItems`/`maxItems` as pydantic prints them; optional members lower
 * `minItems`, a trailing rest (`...T[]`) becomes `items` and lifts `maxItems`. A rest with elements after
 * it (`[number, ...string[], boolean]`) is an error: no JSON Schema says what comes after the rest.
 */
export const tupleHandler: TypeHandler = {
  kind: "tuple",
  matches: (type, ctx) => ctx.checker.isTupleType(type),
  read: (type, ctx, node) => {
    const { ts } = ctx;
    const reference = type as ts.TypeReference;
    const target = reference.target as ts.TupleType;
    const args = ctx.checker.getTypeArguments(reference);
    const variable = target.elementFlags.findIndex((flags) => (flags & ts.ElementFlags.Variable) !== 0);
    if (variable >= 0 && variable < target.elementFlags.length - 1) {
      // `prefixItems` fixes the first places and `items` the rest: nothing says "and then a boolean".
      ctx.report({
        severity: "error",
        message: `\`${typeText(type, node, ctx)}\` has elements after its rest element: JSON Schema can only describe a tuple whose rest comes last`,
        path: here(ctx),
        hint: "put the rest element last (`[number, boolean, ...string[]]`), or take an object with named members",
      });
      return { kind: "any" };
    }
    const nodes = elementNodes(node, ctx);
    const elements: IrType[] = [];
    let minItems = 0;
    let rest: IrType | undefined;
    args.forEach((arg, index) => {
      const flags = target.elementFlags[index] ?? ts.ElementFlags.Required;
      if (flags & ts.ElementFlags.Variable) {
        // `...T[]` gives the element type for Rest, the array type for Variadic.
        const item = flags & ts.ElementFlags.Rest ? arg : ctx.checker.getTypeArguments(arg as ts.TypeReference)[0];
        rest = item ? ctx.read(item, flags & ts.ElementFlags.Rest ? arrayItemNode(nodes[index], ts) : undefined) : { kind: "any" };
        return;
      }
      const itemNode = nodes[index];
      // An optional element's type holds the `undefined` its `?` adds (TypeScript 6 and 7 alike); the
      // node writes the type without it, and read with it the element keeps its written spelling.
      const element = flags & ts.ElementFlags.Optional ? withoutUndefined(arg, ts).type : arg;
      elements.push(ctx.read(element, itemNode));
      if (flags & ts.ElementFlags.Required) minItems = elements.length;
    });
    return { kind: "tuple", elements, minItems, ...(rest ? { rest } : {}) };
  },
};
