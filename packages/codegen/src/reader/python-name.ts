/**
 * How pydantic spells a type argument in the `$defs` key of a generic instantiation: `Page<Int>` is
 * the Python `Page[int]`, keyed `Page_int_`. The spelling is that of the Python type the mapping
 * gives (D1-D15): `str`, `float`, `int`, `bool`, `NoneType`, `Any`, `datetime`, `list[T]`,
 * `dict[str, T]` (`object`: `dict[str, Any]`), `tuple[A, B]`, `Literal['a', 'b']`, `Union[A, NoneType]`,
 * a named type's own key (a union alias that refers to itself included: `Box<Json>` is `Box[Json]`).
 */
import type { ts } from "ts-morph";
import type { Compiler, ReadContext } from "./context.js";
import { definitionName } from "./definitions.js";
import { isIntType } from "./integer.js";
import { writtenOrder } from "./member-order.js";
import { parentEnum, wholeEnumOf } from "./handlers/enum.js";
import { refersToItself } from "./alias-recursion.js";
import { writtenUnionAliases, type WrittenAlias } from "./handlers/union.js";
import { memberKey } from "./union-members.js";
import { arrayItemNode, elementNodes } from "./handlers/tuple.js";
import { boundArgument } from "./bound-arguments.js";
import { elementNode } from "./handlers/array.js";
import { mappedValueNode } from "./object-shape.js";
import { has, isFromDefaultLibrary, isUndefinedLike, typeText, unparenthesize, withoutUndefined } from "./type-utils.js";

/** The Python spelling of `type` (written as `node`, when known). */
export function pythonSpelling(type: ts.Type, ctx: ReadContext, writtenAs?: ts.TypeNode, depth = 0): string {
  if (depth > 8) return "Any";
  const { ts } = ctx;
  // `Box<T>` in a generic's body read for `Outer<{ z: Z }>`: spelled as the argument is written.
  const node = boundArgument(writtenAs, ctx) ?? writtenAs;
  const written = unparenthesize(node, ts);
  const spell = (inner: ts.Type, innerNode?: ts.TypeNode): string => pythonSpelling(inner, ctx, innerNode, depth + 1);
  if (isIntType(type, ctx, node)) return "int";
  if (has(type, ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
    // An unresolved member makes the whole union unresolved: spell the members as written.
    if (written && ts.isUnionTypeNode(written)) {
      return spellUnion(
        written.types.map((member) => ({ type: ctx.checker.getTypeFromTypeNode(member), node: member })),
        spell,
        ctx,
      );
    }
    return "Any";
  }
  if (has(type, ts.TypeFlags.EnumLiteral) || (type.isUnion() && (type.getSymbol()?.flags ?? 0) & ts.SymbolFlags.Enum)) {
    const name = definitionName(type, ctx, node);
    if (name) return name.key;
    // A one-member enum's type is its member's: written as the enum (`Box<Region>`), it is the enum.
    const whole = wholeEnumOf(type, [{ type }], node, ctx);
    if (whole) return enumName(whole, ctx);
    const enumOf = parentEnum(type, ctx);
    if (enumOf && !type.isUnion()) return `Literal[${enumOf.symbol.name}.${type.getSymbol()?.name ?? ""}]`;
  }
  if (type.isUnion()) {
    // A recursive alias (D14) is a `TypeAliasType` in Python, spelled by its name (`Box[Json]`).
    const alias = type.aliasSymbol && !isFromDefaultLibrary(type.aliasSymbol, ctx) ? type.aliasSymbol : undefined;
    const name = alias && refersToItself(type, alias, ctx) ? definitionName(type, ctx, node)?.key : undefined;
    return name ?? spellUnion(withRecursiveAliases(type, writtenOrder(type, node, ctx), node, ctx), spell, ctx);
  }
  const literal = literalSpelling(type, ts);
  if (literal) return `Literal[${literal}]`;
  if (has(type, ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)) return "str";
  if (has(type, ts.TypeFlags.Number)) return "float";
  if (has(type, ts.TypeFlags.Boolean)) return "bool";
  if (has(type, ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)) return "NoneType";
  // `object` is read as any JSON object: pydantic's `dict[str, Any]`.
  if (has(type, ts.TypeFlags.NonPrimitive)) return "dict[str, Any]";
  if (type.isIntersection()) {
    const primitive = type.types.find((part) => has(part, ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.Boolean));
    if (primitive) return spell(primitive);
  }
  const symbol = type.getSymbol();
  if (symbol?.name === "Date" && isFromDefaultLibrary(symbol, ctx)) return "datetime";
  if (ctx.checker.isArrayType(type)) {
    const element = ctx.checker.getTypeArguments(type as ts.TypeReference)[0];
    return `list[${element ? spell(element, elementNode(written, ts)) : "Any"}]`;
  }
  if (ctx.checker.isTupleType(type)) {
    const elements = ctx.checker.getTypeArguments(type as ts.TypeReference);
    const flags = ((type as ts.TypeReference).target as ts.TupleType).elementFlags;
    const nodes = elementNodes(written, ctx);
    const nodeAt = (index: number) => ((flags[index] ?? 0) & ts.ElementFlags.Rest ? arrayItemNode(nodes[index], ts) : nodes[index]);
    // An optional element's type holds the `undefined` its `?` adds: spelled without it, as it is read
    // (handlers/tuple.ts), so that the element is spelled as written, not as a union the checker ordered.
    const elementAt = (element: ts.Type, index: number) => ((flags[index] ?? 0) & ts.ElementFlags.Optional ? withoutUndefined(element, ts).type : element);
    return `tuple[${elements.map((element, index) => spell(elementAt(element, index), nodeAt(index))).join(", ")}]`;
  }
  if (ctx.checker.getPropertiesOfType(type).length === 0) {
    const index = ctx.checker.getIndexInfosOfType(type)[0];
    if (index) return `dict[str, ${spell(index.type, index.declaration?.type ?? mappedValueNode(written, ctx))}]`;
  }
  // No Python spelling (an object literal type, `Record<"a" | "b", T>`): as written where it is, since
  // the engines print a union's members each in its own order.
  return definitionName(type, ctx, node)?.spelling ?? typeText(type, node, ctx);
}

/**
 * The members with each recursive alias written into the union (`Json | Expr`, which TypeScript flattens)
 * standing for its own members, once, where its first one comes: Python's `Union[Json, Expr]` keeps the
 * names. Other aliases stay flattened, as Python flattens a `Union` inside a `Union`.
 */
function withRecursiveAliases(
  type: ts.UnionType,
  members: readonly { type: ts.Type; node?: ts.TypeNode }[],
  node: ts.TypeNode | undefined,
  ctx: ReadContext,
): { type: ts.Type; node?: ts.TypeNode }[] {
  const aliases = writtenUnionAliases(type, node, ctx).filter((alias) => alias.type.aliasSymbol && refersToItself(alias.type, alias.type.aliasSymbol, ctx));
  if (!aliases.length) return [...members];
  const out: { type: ts.Type; node?: ts.TypeNode }[] = [];
  const placed = new Set<WrittenAlias>();
  for (const member of members) {
    const alias = aliases.find((candidate) => candidate.members.has(memberKey(member.type, ctx)));
    if (!alias) out.push(member);
    else if (!placed.has(alias)) {
      placed.add(alias);
      out.push({ type: alias.type, node: alias.node });
    }
  }
  return out;
}

function spellUnion(
  members: readonly { type: ts.Type; node?: ts.TypeNode }[],
  spell: (type: ts.Type, node?: ts.TypeNode) => string,
  ctx: ReadContext,
): string {
  const { ts } = ctx;
  const parts: string[] = [];
  const literals: string[] = [];
  let literalAt = -1;
  let nullable = false;
  let booleans = 0;
  // `1.5 | 2` is `Literal[1.5, 2.0]` in the mapping's Python (D5: a union of numbers with a fraction is `float`).
  const floats = members.some(({ type }) => type.isNumberLiteral() && !Number.isInteger(type.value));
  const addPart = (spelled: string): void => {
    if (!parts.includes(spelled)) parts.push(spelled);
  };
  const addLiteral = (literal: string): void => {
    if (literalAt < 0) {
      literalAt = parts.length;
      parts.push("");
    }
    literals.push(literal);
  };
  for (const { type, node } of members) {
    if (isUndefinedLike(type, ts)) continue;
    if (has(type, ts.TypeFlags.Null)) {
      nullable = true;
      continue;
    }
    if (has(type, ts.TypeFlags.BooleanLiteral) && members.filter((m) => has(m.type, ts.TypeFlags.BooleanLiteral)).length === 2) {
      if (booleans++ === 0) parts.push("bool");
      continue;
    }
    // The whole enum (`Optional[Color]`), else some of its members (`Literal[Color.Red]`).
    const whole = wholeEnumOf(type, members, node, ctx);
    if (whole) {
      addPart(enumName(whole, ctx));
      continue;
    }
    const enumOf = parentEnum(type, ctx);
    if (enumOf) {
      addLiteral(`${enumOf.symbol.name}.${type.getSymbol()?.name ?? ""}`);
      continue;
    }
    const literal = literalSpelling(type, ts, floats);
    if (literal) {
      addLiteral(literal);
      continue;
    }
    addPart(spell(type, node));
  }
  if (literalAt >= 0) parts[literalAt] = `Literal[${literals.join(", ")}]`;
  if (nullable) parts.push("NoneType");
  return parts.length === 1 ? (parts[0] as string) : `Union[${parts.join(", ")}]`;
}

/** An enum's key (a one-member enum's type is its member's, which has no definition name: its symbol's). */
function enumName(whole: { type: ts.Type; symbol: ts.Symbol }, ctx: ReadContext): string {
  return definitionName(whole.type, ctx)?.key ?? whole.symbol.name;
}

/** Python's repr of a literal value: `'a'`, `1` (`1.0` among `floats`), `True`. */
function literalSpelling(type: ts.Type, ts: Compiler, floats = false): string | undefined {
  if (type.isStringLiteral()) return `'${type.value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (type.isNumberLiteral()) return floats && Number.isInteger(type.value) ? `${type.value}.0` : String(type.value);
  if (has(type, ts.TypeFlags.BooleanLiteral)) {
    return (type as { intrinsicName?: string }).intrinsicName === "true" ? "True" : "False";
  }
  return undefined;
}


