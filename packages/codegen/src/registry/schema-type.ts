/**
 * The argument type a tool's schema describes, printed as TypeScript *from the IR* (never from the
 * function), and the compile-time check that it still equals the function's own parameter types: the
 * registry module's stale check (a function changed without regenerating fails `tsc`, naming the tool).
 *
 * Printed the way prettier prints it: every object type is a named interface (one member per line), a
 * union inside an array or tuple is a named alias, and a line that does not fit breaks as prettier breaks it.
 */
import type { IrDefinition, IrObject, IrType, LiteralValue } from "../ir/types.js";
import type { ToolSignature } from "../model.js";
import { PRINT_WIDTH, propertyKey, stringLiteral } from "./format.js";
import type { NameAllocator } from "./names.js";
import { flatType, printType, typeApp, union, type TypeExpr } from "./type-expr.js";

/**
 * The check's helper types, imported (type-only) from `@toolsmith/runtime` (its stale-check.ts): their
 * names are reserved in `MODULE_NAMES`.
 */
export const STALE_CHECK_NAMES = ["SchemaCurrent", "SchemaMatch"];

export interface SchemaTypeNames {
  /** The exported interface of the arguments the schema describes. */
  readonly args: string;
  /** The exported check alias. */
  readonly check: string;
}

/**
 * The names of a signature's definitions (`Sums_Point`), handed out before any tool is printed: a
 * module's names do not depend on what the printers ask for later.
 */
export function definitionNames(signature: ToolSignature, stem: string, names: NameAllocator): Map<string, string> {
  return new Map(Object.keys(signature.definitions).map((key) => [key, names.allocate(`${stem}_${key.replace(/[^A-Za-z0-9_$]/g, "_")}`)]));
}

/**
 * Prints one tool's schema types. `names` hands out module-unique names for the types it hoists;
 * `stem` is the tool's PascalCase stem (`Sums`); `definitionName` from `definitionNames`.
 */
export class SchemaTypePrinter {
  private readonly declarations: string[] = [];

  constructor(
    private readonly signature: ToolSignature,
    private readonly stem: string,
    private readonly names: NameAllocator,
    private readonly definitionName: ReadonlyMap<string, string>,
  ) {}

  /**
   * The declarations: the arguments interface (exported), the named types it uses, and the exported
   * check comparing it with `fnParameters` (`Parameters<typeof f>`).
   */
  print(names: SchemaTypeNames, toolName: string, local: string, callStyle: "positional" | "object"): string {
    const params = this.signature.params;
    const members = params
      .filter((param) => !param.dropped)
      .map((param) => ({ name: param.name, type: param.type, optional: param.optional }));
    const argsInterface = this.interfaceText(names.args, members, undefined, true);
    for (const [key, definition] of Object.entries(this.signature.definitions)) {
      this.definition(this.definitionName.get(key)!, definition);
    }
    const fn = `typeof ${local}`;
    let schema: TypeExpr;
    let actual: TypeExpr;
    if (callStyle === "object") {
      schema = { kind: "tuple", elements: [names.args] };
      actual = { kind: "tuple", elements: [typeApp("NonNullable", [typeApp("Parameters", [fn], "[0]")])] };
    } else {
      schema = {
        kind: "tuple",
        elements: params.map((param, index) => {
          // A parameter the model cannot send (a callback) is not in the schema: any value matches there.
          const type = param.dropped ? "any" : `${names.args}[${stringLiteral(param.name)}]`;
          if (!param.optional) return type;
          // `p: T | undefined` before a required parameter: a tuple cannot mark it optional there.
          const laterRequired = params.slice(index + 1).some((later) => !later.optional);
          return laterRequired ? (param.dropped ? type : `${type} | undefined`) : `${type}?`;
        }),
      };
      actual = typeApp("Parameters", [fn]);
    }
    const check = typeApp("SchemaCurrent", [typeApp("SchemaMatch", [stringLiteral(toolName), schema, actual])]);
    const head = `export type ${names.check} = `;
    const lines = [
      `/** The arguments \`${toolName}\`'s schema describes (written from the schema, not from the function). */`,
      argsInterface,
      ...this.declarations,
      `/** Fails \`tsc\` when \`${toolName}\` no longer takes what its schema describes: rerun \`toolsmith codegen\`. */`,
      `${head}${printType(check, 0, head.length, 1)};`,
    ];
    return lines.join("\n");
  }

  private definition(name: string, definition: IrDefinition): void {
    const body = definition.body;
    if (body.kind === "object") {
      this.declarations.push(this.objectInterface(name, body.object));
    } else if (body.kind === "enum") {
      this.declarations.push(aliasText(name, union(body.values.map(literal))));
    } else {
      this.declarations.push(aliasText(name, this.type(body.type)));
    }
  }

  private objectInterface(name: string, object: IrObject): string {
    const members = object.properties.map((p) => ({ name: p.name, type: p.type, optional: p.optional ?? !p.required }));
    return this.interfaceText(name, members, object.additional, false);
  }

  private interfaceText(
    name: string,
    members: readonly { name: string; type: IrType; optional: boolean }[],
    additional: IrType | undefined,
    exported: boolean,
  ): string {
    const head = `${exported ? "export " : ""}interface ${name} {`;
    const lines = members.map((m) => memberLine(`${propertyKey(m.name)}${m.optional ? "?" : ""}`, this.type(m.type)));
    if (additional !== undefined) {
      // An index signature must admit every property's type: TypeScript requires it of the function's
      // own type too, so the union says no more than the schema.
      const admitted = [additional, ...members.map((m) => m.type)];
      lines.push(memberLine("[key: string]", this.union(admitted)));
    }
    return lines.length === 0 ? `${head}}` : `${head}\n${lines.join("\n")}\n}`;
  }

  /** A type that may be a union at its top (a member's or an alias's type). */
  private type(type: IrType): TypeExpr {
    if (type.kind === "union") return this.union(type.members);
    if (type.kind === "literal") return union(type.values.map(literal));
    return this.atom(type);
  }

  private union(types: readonly IrType[]): TypeExpr {
    const members: TypeExpr[] = [];
    for (const type of types) {
      const printed = this.type(type);
      for (const member of typeof printed !== "string" && printed.kind === "union" ? printed.members : [printed]) {
        if (!members.some((m) => flatType(m) === flatType(member))) members.push(member);
      }
    }
    return union(members);
  }

  /** A type with no top-level union: unions inside arrays and tuples get a named alias. */
  private atom(type: IrType): string {
    switch (type.kind) {
      case "string":
      case "number":
      case "boolean":
      case "null":
        return type.kind;
      case "integer":
        return "number";
      case "any":
        return "unknown";
      case "date":
        return "Date";
      case "ref":
        return this.definitionName.get(type.name) ?? "unknown";
      case "literal":
      case "union": {
        const printed = this.type(type);
        return typeof printed === "string" ? printed : this.hoist(aliasText, printed);
      }
      case "array":
        return `${this.atom(type.items)}[]`;
      case "tuple": {
        const elements = type.elements.map((element, i) => `${this.atom(element)}${i >= type.minItems ? "?" : ""}`);
        if (type.rest !== undefined) elements.push(`...${this.atom(type.rest)}[]`);
        const flat = `[${elements.join(", ")}]`;
        // A tuple that could not share a member's line gets its own alias, broken one element per line.
        return flat.length <= 40 ? flat : this.hoist(aliasText, { kind: "tuple", elements });
      }
      case "object": {
        const name = this.names.allocate(`${this.stem}Object`);
        this.declarations.push(this.objectInterface(name, type.object));
        return name;
      }
    }
  }

  private hoist(print: (name: string, type: TypeExpr) => string, type: TypeExpr): string {
    const name = this.names.allocate(`${this.stem}Type`);
    this.declarations.push(print(name, type));
    return name;
  }
}

function literal(value: LiteralValue): string {
  return typeof value === "string" ? stringLiteral(value) : String(value);
}

/** `type Name = T;`, a union that does not fit broken one member per line. */
function aliasText(name: string, type: TypeExpr): string {
  const head = `type ${name} = `;
  const flat = flatType(type);
  if (head.length + flat.length + 1 <= PRINT_WIDTH) return `${head}${flat};`;
  if (typeof type !== "string" && type.kind === "union") return `type ${name} =\n  ${printType(type, 1, 2, 1)};`;
  return `${head}${printType(type, 0, head.length, 1)};`;
}

/** `  name?: Type;` - a union that does not fit moves to the next line, one member per line. */
export function memberLine(name: string, type: TypeExpr): string {
  const head = `  ${name}: `;
  const flat = flatType(type);
  if (head.length + flat.length + 1 <= PRINT_WIDTH) return `${head}${flat};`;
  if (typeof type !== "string" && type.kind === "union") return `  ${name}:\n    ${printType(type, 2, 4, 1)};`;
  return `${head}${printType(type, 1, head.length, 1)};`;
}

