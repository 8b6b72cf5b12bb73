import { PRINT_WIDTH } from "./format.js";

/**
 * A type expression that may need breaking across lines: plain text, a generic instantiation
 * `Head<Arg, Arg>suffix`, a union `A | B`, or a tuple `[A, B?]`.
 */
export type TypeExpr =
  | string
  | { readonly kind: "app"; readonly head: string; readonly args: readonly TypeExpr[]; readonly suffix: string }
  | { readonly kind: "union"; readonly members: readonly TypeExpr[] }
  | { readonly kind: "tuple"; readonly elements: readonly TypeExpr[] };

export function typeApp(head: string, args: readonly TypeExpr[], suffix = ""): TypeExpr {
  return { kind: "app", head, args, suffix };
}

export function union(members: readonly TypeExpr[]): TypeExpr {
  return members.length === 1 ? members[0]! : { kind: "union", members };
}

export function flatType(type: TypeExpr): string {
  if (typeof type === "string") return type;
  if (type.kind === "union") return type.members.map(flatType).join(" | ");
  if (type.kind === "tuple") return `[${type.elements.map(flatType).join(", ")}]`;
  return `${type.head}<${type.args.map(flatType).join(", ")}>${type.suffix}`;
}

/**
 * Prints the type on one line when it fits in the remaining width; else, like prettier, breaks a generic
 * instantiation's arguments one per line (no trailing comma) and a union one member per line, each led
 * by `|`, recursively. `indent` is the level of the line the type starts on.
 */
export function printType(type: TypeExpr, indent: number, column: number, trailing: number): string {
  const text = flatType(type);
  if (typeof type === "string" || column + text.length + trailing <= PRINT_WIDTH) return text;
  if (type.kind === "union") {
    const pad = "  ".repeat(indent);
    return `| ${type.members.map((member) => printType(member, indent, pad.length + 2, 0)).join(`\n${pad}| `)}`;
  }
  const pad = "  ".repeat(indent + 1);
  if (type.kind === "tuple") {
    const elements = type.elements.map((element) => `${pad}${printType(element, indent + 1, pad.length, 1)},`);
    return `[\n${elements.join("\n")}\n${"  ".repeat(indent)}]`;
  }
  const args = type.args.map((arg, i) => pad + printType(arg, indent + 1, pad.length, i < type.args.length - 1 ? 1 : 0));
  return `${type.head}<\n${args.join(",\n")}\n${"  ".repeat(indent)}>${type.suffix}`;
}
