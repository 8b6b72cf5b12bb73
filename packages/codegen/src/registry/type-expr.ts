import { PRINT_WIDTH } from "./format.js";

/** A type expression that may need breaking across lines: `Head<Arg, Arg>`, or plain text. */
export type TypeExpr = string | { readonly head: string; readonly args: readonly TypeExpr[] };

export function typeApp(head: string, ...args: TypeExpr[]): TypeExpr {
  return { head, args };
}

function flat(type: TypeExpr): string {
  return typeof type === "string" ? type : `${type.head}<${type.args.map(flat).join(", ")}>`;
}

/**
 * Prints the type on one line when it fits in the remaining width, else breaks its type arguments one per
 * line (no trailing comma), recursively - prettier's layout for long generic instantiations.
 */
export function printType(type: TypeExpr, indent: number, column: number, trailing: number): string {
  const text = flat(type);
  if (typeof type === "string" || column + text.length + trailing <= PRINT_WIDTH) return text;
  const pad = "  ".repeat(indent + 1);
  const args = type.args.map((arg, i) => pad + printType(arg, indent + 1, pad.length, i < type.args.length - 1 ? 1 : 0));
  return `${type.head}<\n${args.join(",\n")}\n${"  ".repeat(indent)}>`;
}
