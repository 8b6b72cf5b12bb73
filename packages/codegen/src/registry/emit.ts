/**
 * The `--out` registry module: imports the tools, declares each tool's argument and result types *derived
 * from the function itself* (so tsc checks every generated call against the real signature), and exports
 * `registry`, the runtime's `Registry` contract.
 */
import path from "node:path";
import type { SchemaStyle, ToolModel } from "../model.js";
import { IDENTIFIER, PRINT_WIDTH, printProperty, propertyAccess, propertyKey, stringLiteral } from "./format.js";
import { relativeDisplayPath, relativeImportSpecifier } from "./import-path.js";
import { camelCase, NameAllocator, pascalCase, type Allocation } from "./names.js";
import { definitionNames, SchemaTypePrinter, STALE_CHECK_NAMES } from "./schema-type.js";
import { flatType, printType, typeApp, union, type TypeExpr } from "./type-expr.js";

export interface RegistryModuleOptions {
  /** Where the module will be written: imports and the header's source list are relative to it. */
  outFile: string;
  style: SchemaStyle;
  strict: boolean;
}

/**
 * Names the module declares or refers to itself (`args` is every invoke's parameter); an imported tool
 * with one of these names is imported under an alias.
 */
const MODULE_NAMES = [
  "registry",
  "Registry",
  "ToolSpec",
  "NullableMembers",
  "args",
  "Parameters",
  "ReturnType",
  "Awaited",
  "NonNullable",
  "Omit",
  "Record",
  "Exclude",
  "Date",
  "Array",
  ...STALE_CHECK_NAMES,
];

interface ToolNames {
  tool: ToolModel;
  /** The function's local binding in the generated module (`pkg.f` for a member of a default import). */
  local: string;
  /** The default import the function is a member of. */
  binding?: string;
  args: string;
  result: string;
  /** The schema's argument type, its stale check and its definitions' names, when the model carries a signature. */
  schema?: { stem: string; args: string; check: string; definitions: ReadonlyMap<string, string> };
}

export function emitRegistryModule(tools: readonly ToolModel[], options: RegistryModuleOptions): string {
  return createRegistryEmitter(options)(tools).text;
}

/** The module as a watch writes it: its text, or its UTF-8 bytes in pieces (OutputFile.pieces). */
export interface RegistryModule {
  /** Built when asked for. */
  readonly text: string;
  /** Each tool's pieces are the same buffers in every cycle that keeps its text; built when asked for. */
  readonly pieces: readonly Buffer[];
}

/** A run of the module's text and, once asked for, its UTF-8 bytes. */
class Piece {
  private encoded: Buffer | undefined;
  constructor(readonly text: string) {}
  get bytes(): Buffer {
    return (this.encoded ??= Buffer.from(this.text));
  }
}

/** One tool's pieces of the module, and the names they were printed with. */
interface PrintedTool {
  /** The names handed out before printing that the text spells (`spelledNames`). */
  readonly names: readonly string[];
  /** The names the schema printer asked for while printing, and what it got. */
  readonly printedNames: readonly Allocation[];
  readonly declarations: Piece;
  readonly entry: Piece;
}

const [SECTION_BREAK, REGISTRY_START, REGISTRY_END, NO_REGISTRY] = [
  "\n\n",
  "export const registry = {\n",
  "} as const satisfies Registry;\n",
  "export const registry = {} as const satisfies Registry;\n",
].map((text) => new Piece(text)) as [Piece, Piece, Piece, Piece];

/**
 * `emitRegistryModule` for a watch, with the same text: each tool's declarations and registry entry are
 * kept per tool model (the analyzer hands back the same objects for files it did not read again) and
 * printed again only when the model is new or a name they spell came out differently (names are handed
 * out across all the tools, so an edit elsewhere can move them). Tool models are never mutated.
 */
export function createRegistryEmitter(options: RegistryModuleOptions): (tools: readonly ToolModel[]) => RegistryModule {
  const outFile = path.resolve(options.outFile);
  const printed = new WeakMap<ToolModel, PrintedTool>();
  const inputs = new WeakMap<ToolModel, string>();
  const inputOf = (tool: ToolModel) => {
    let input = inputs.get(tool);
    if (input === undefined) inputs.set(tool, (input = namingInput(tool)));
    return input;
  };
  /** The last cycle's names and head, kept while no tool's `namingInput` changes (an edit of a description, a type). */
  let last: { inputs: string[]; named: ToolNames[]; types: NameAllocator; head: Piece } | undefined;
  return (tools) => {
    const toolInputs = tools.map(inputOf);
    if (last === undefined || !sameNames(last.inputs, toolInputs)) {
      const { named, types } = allocateNames(tools);
      const head = new Piece(`${header(tools, outFile, options)}\n${imports(named, outFile)}`);
      last = { inputs: toolInputs, named, types, head };
    }
    const named = last.named.map((n, index) => (n.tool === tools[index] ? n : { ...n, tool: tools[index] as ToolModel }));
    // The printers' names come after those handed out before printing: each cycle from the same start.
    const types = last.types.branch();
    const needsNullableMembers = tools.some((tool) => tool.callStyle === "object" && tool.params.some((p) => p.optional && !p.dropped));
    const kept = named.map((n) => {
      const names = spelledNames(n);
      const previous = printed.get(n.tool);
      if (previous !== undefined && sameNames(previous.names, names) && types.reallocate(previous.printedNames)) return previous;
      const mark = types.count;
      const declarations = new Piece(typeDeclarations(n, types));
      const tool = { names, printedNames: types.since(mark), declarations, entry: new Piece(registryEntry(n, options.strict)) };
      printed.set(n.tool, tool);
      return tool;
    });
    // The sections, a blank line between each, then the registry.
    const parts = [last.head];
    if (needsNullableMembers) parts.push(SECTION_BREAK, NULLABLE_MEMBERS);
    for (const tool of kept) parts.push(SECTION_BREAK, tool.declarations);
    parts.push(SECTION_BREAK);
    if (kept.length === 0) parts.push(NO_REGISTRY);
    else parts.push(REGISTRY_START, ...kept.map((tool) => tool.entry), REGISTRY_END);
    let text: string | undefined;
    let pieces: Buffer[] | undefined;
    return {
      get text() {
        return (text ??= parts.map((part) => part.text).join(""));
      },
      get pieces() {
        return (pieces ??= parts.map((part) => part.bytes));
      },
    };
  };
}

/** All of a tool model that the names handed out before printing, and the module's head, depend on. */
function namingInput(tool: ToolModel): string {
  const definitions = tool.signature ? Object.keys(tool.signature.definitions) : null;
  return JSON.stringify([tool.name, tool.file, tool.module?.specifier ?? null, tool.module?.access ?? null, definitions]);
}

/** Every name a tool's text spells that is handed out before it is printed ("" for one it has not). */
function spelledNames({ local, binding, args, result, schema }: ToolNames): string[] {
  return [local, binding ?? "", args, result, schema?.args ?? "", schema?.check ?? "", ...(schema?.definitions.values() ?? [])];
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}

function allocateNames(tools: readonly ToolModel[]): { named: ToolNames[]; types: NameAllocator } {
  const types = new NameAllocator([...MODULE_NAMES, ...tools.map((tool) => tool.name)]);
  const typed = tools.map((tool) => {
    const stem = pascalCase(tool.name);
    const args = types.allocate(`${stem}Args`);
    const result = types.allocate(`${stem}Result`);
    if (!tool.signature) return { tool, args, result };
    const schemaArgs = types.allocate(`${stem}SchemaArgs`);
    const check = types.allocate(`${stem}SchemaCheck`);
    return { tool, args, result, schema: { stem, args: schemaArgs, check, definitions: definitionNames(tool.signature, stem, types) } };
  });
  const locals = new NameAllocator([...MODULE_NAMES, ...types.allocated()]);
  // A package with `export =` is imported once, as its default export; its tools are members of it.
  const defaultImports = new Map<string, string>();
  for (const { tool } of typed) {
    if (tool.module?.access === "default" && !defaultImports.has(tool.module.specifier)) {
      defaultImports.set(tool.module.specifier, locals.allocate(camelCase(tool.module.specifier.replace(/^@[^/]*\//, ""))));
    }
  }
  // A string-named export (`export { f as "read-file" }`) is imported under an identifier.
  const named = typed.map((t) => {
    const binding = t.tool.module?.access === "default" ? defaultImports.get(t.tool.module.specifier) : undefined;
    if (binding !== undefined) return { ...t, local: propertyAccess(binding, t.tool.name), binding };
    const preferred = IDENTIFIER.test(t.tool.name) ? t.tool.name : camelCase(t.tool.name);
    return { ...t, local: locals.allocate(preferred) };
  });
  return { named, types };
}

function header(tools: readonly ToolModel[], outFile: string, options: RegistryModuleOptions): string {
  const style = `schema style: ${options.style}${options.strict ? ", strict" : ""}`;
  const shown = new Map<string, string>();
  const sources = unique(
    tools.map((tool) => {
      if (tool.module) return `package ${tool.module.specifier}`;
      // A path per file, not per tool.
      let display = shown.get(tool.file);
      if (display === undefined) shown.set(tool.file, (display = relativeDisplayPath(path.dirname(outFile), tool.file)));
      return display;
    }),
  );
  const lines = [`// Generated by \`toolsmith codegen\` (${style}) - do not edit; rerun it to update.`];
  const oneLine = `// Sources: ${sources.join(", ")}`;
  if (sources.length === 0) lines.push("// Sources: none (no exported functions found)");
  else if (oneLine.length <= PRINT_WIDTH) lines.push(oneLine);
  else lines.push("// Sources:", ...sources.map((source) => `//   ${source}`));
  return lines.join("\n");
}

function imports(named: readonly ToolNames[], outFile: string): string {
  // The stale check's helpers live in the runtime's types (one copy, not one per generated module).
  const runtimeTypes = [
    "Registry",
    ...(named.length > 0 ? ["ToolSpec"] : []),
    ...(named.some((n) => n.schema) ? STALE_CHECK_NAMES : []),
  ];
  const lines = [importLine("import type", runtimeTypes, "@toolsmith/runtime")];
  const bySource = new Map<string, ToolNames[]>();
  for (const n of named) {
    const source = n.tool.module?.specifier ?? n.tool.file;
    const fromSource = bySource.get(source);
    if (fromSource === undefined) bySource.set(source, [n]);
    else fromSource.push(n);
  }
  for (const [file, fromFile] of bySource) {
    const specifier = fromFile[0]?.tool.module ? file : relativeImportSpecifier(outFile, file);
    const binding = fromFile.find((n) => n.binding !== undefined)?.binding;
    if (binding !== undefined) {
      lines.push(`import ${binding} from ${stringLiteral(specifier)};`);
      continue;
    }
    const specifiers = fromFile
      .map((n) => {
        if (n.local === n.tool.name) return n.local;
        const imported = IDENTIFIER.test(n.tool.name) ? n.tool.name : stringLiteral(n.tool.name);
        return `${imported} as ${n.local}`;
      });
    lines.push(importLine("import", specifiers, specifier));
  }
  return lines.join("\n");
}

/** `import { a, b } from "x";`, one specifier per line when it does not fit (as prettier breaks it). */
function importLine(keyword: "import" | "import type", specifiers: readonly string[], specifier: string): string {
  const from = ` from ${stringLiteral(specifier)};`;
  const flat = `${keyword} { ${specifiers.join(", ")} }${from}`;
  // Like prettier: a lone specifier stays on the line, however long the path.
  const fits = flat.length <= PRINT_WIDTH || specifiers.length === 1;
  return fits ? flat : `${keyword} {\n${specifiers.map((s) => `  ${s},\n`).join("")}}${from}`;
}

const NULLABLE_MEMBERS = new Piece(
  [
    "/** A destructured tool's optional members: the model may send null (their schema default) for them. */",
    "type NullableMembers<T, K extends keyof T> = Omit<T, K> & {",
    "  [P in K]?: T[P] | null;",
    "};",
  ].join("\n"),
);

function typeDeclarations({ tool, local, args, result, schema }: ToolNames, types: NameAllocator): string {
  const fn = `typeof ${local}`;
  const lines = [`/** Arguments of \`${tool.name}\`, as the model sends them. */`];
  if (tool.callStyle === "object") {
    const optional = tool.params.filter((p) => p.optional && !p.dropped).map((p) => stringLiteral(p.name));
    const dropped = tool.params.filter((p) => p.dropped).map((p) => stringLiteral(p.name));
    const whole = typeApp("NonNullable", [typeApp("Parameters", [fn], "[0]")]);
    // Optional callbacks are not in the schema: the model never sends them.
    const input = dropped.length ? typeApp("Omit", [whole, union(dropped)]) : whole;
    const type = optional.length ? typeApp("NullableMembers", [input, union(optional)]) : input;
    const head = `export type ${args} = `;
    lines.push(`${head}${printType(type, 0, head.length, 1)};`);
  } else if (tool.params.every((param) => param.dropped)) {
    lines.push(`export interface ${args} {}`);
  } else {
    lines.push(`export interface ${args} {`);
    tool.params.forEach((param, index) => {
      if (param.dropped) return;
      const mark = param.optional || param.hasDefault ? "?" : "";
      const parameter = typeApp("Parameters", [fn], `[${index}]`);
      const type = param.optional && !param.hasDefault ? union([parameter, "null"]) : parameter;
      lines.push(interfaceMember(`${propertyKey(param.name)}${mark}`, type));
    });
    lines.push("}");
  }
  const head = `export type ${result} = `;
  lines.push("");
  lines.push(`/** What \`${tool.name}\` returns, awaited. */`);
  lines.push(`${head}${printType(typeApp("Awaited", [typeApp("ReturnType", [fn])]), 0, head.length, 1)};`);
  if (schema && tool.signature) {
    const printer = new SchemaTypePrinter(tool.signature, schema.stem, types, schema.definitions);
    lines.push("");
    lines.push(printer.print({ args: schema.args, check: schema.check }, tool.name, local, tool.callStyle));
  }
  return lines.join("\n");
}

/** `  name?: Type;` - a union that does not fit moves to the next line, a generic instantiation breaks. */
function interfaceMember(name: string, type: TypeExpr): string {
  const head = `  ${name}: `;
  const flat = flatType(type);
  if (head.length + flat.length + 1 <= PRINT_WIDTH) return `${head}${flat};`;
  if (typeof type !== "string" && type.kind === "union") return `  ${name}:\n    ${printType(type, 2, 4, 1)};`;
  return `${head}${printType(type, 1, head.length, 1)};`;
}

function registryEntry(n: ToolNames, strict: boolean): string {
  const { tool } = n;
  const members: string[] = [
    member("name", tool.name),
    ...(tool.description !== undefined ? [member("description", tool.description)] : []),
    // A strict registry keeps the ordinary schema and says `strict`: the runtime derives the strict form
    // and maps the nulls a strict model sends for omitted arguments back to their defaults.
    member("parameters", tool.nonStrictParameters ?? tool.parameters, { forceBreak: true }),
    ...(strict ? [member("strict", true)] : []),
    ...(tool.revive !== undefined ? [member("revive", tool.revive)] : []),
    member("params", tool.callStyle === "object" ? "object" : tool.params.map((p) => p.name)),
    invoke(n),
    ...(tool.confirm ? [member("confirm", true)] : []),
    ...(tool.returns !== undefined ? [member("returns", tool.returns)] : []),
  ];
  const spec = typeApp("ToolSpec", [n.args, n.result]);
  const close = "  } as const satisfies ";
  return `  ${propertyKey(tool.name)}: {\n${members.join("")}${close}${printType(spec, 1, close.length, 1)},\n`;
}

function member(key: string, value: unknown, layout: { forceBreak?: boolean } = {}): string {
  return `${printProperty(key, value, 2, layout)},\n`;
}

/** `invoke: (args: XArgs) => x(...)`, broken like prettier breaks an arrow function that does not fit. */
function invoke({ tool, local, args }: ToolNames): string {
  const head = `    invoke: (args: ${args}) =>`;
  const optional = (name: string) => `${propertyAccess("args", name)} ?? undefined`;
  let flatCall: string;
  let brokenCall: string;
  if (tool.callStyle === "object") {
    const nulls = tool.params.filter((p) => p.optional && !p.dropped).map((p) => [propertyKey(p.name), optional(p.name)] as const);
    if (nulls.length === 0) {
      flatCall = `${local}(args)`;
      brokenCall = flatCall;
    } else {
      flatCall = `${local}({ ...args, ${nulls.map(([key, value]) => `${key}: ${value}`).join(", ")} })`;
      // A `??` that does not fit after its key moves to the next line, as prettier breaks after `:`.
      const lines = nulls.map(([key, value]) =>
        `        ${key}: ${value},`.length <= PRINT_WIDTH ? `        ${key}: ${value},\n` : `        ${key}:\n          ${value},\n`,
      );
      brokenCall = `${local}({\n        ...args,\n${lines.join("")}      })`;
    }
  } else {
    const values = tool.params.map((p) =>
      p.dropped ? "undefined" : p.optional && !p.hasDefault ? optional(p.name) : propertyAccess("args", p.name),
    );
    flatCall = `${local}(${values.join(", ")})`;
    brokenCall = `${local}(\n${values.map((v) => `        ${v},\n`).join("")}      )`;
  }
  if (`${head} ${flatCall},`.length <= PRINT_WIDTH) return `${head} ${flatCall},\n`;
  if (`      ${flatCall},`.length <= PRINT_WIDTH) return `${head}\n      ${flatCall},\n`;
  return `${head}\n      ${brokenCall},\n`;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
