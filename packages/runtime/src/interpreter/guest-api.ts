// Code mode's guest side, generated from the tools' schemas: the Python `tools` module (typed stubs that
// forward to the host), the JavaScript `tools` object, TypeScript declarations, and the text that tells
// the model what it can call. Also the package entry `@toolsmith/runtime/guest-api` (no runtime
// dependencies), which `toolsmith codegen --pyi/--dts` renders its files with.
import type { JsonSchema, JsonValue } from "../json-schema.js";
import type { ToolSpec } from "../registry.js";

/**
 * What the guest-side renderings read of a tool: everything but `invoke`, so `toolsmith codegen --pyi/--dts`
 * renders from the registry it writes exactly what the runtime renders from the registry it imports.
 */
export type ToolDescription = Pick<ToolSpec, "name" | "description" | "parameters" | "params" | "confirm" | "returns">;

/** Past this many tools the description lists names and one-line docs only (help/describe give the rest). */
export const FULL_LISTING_MAX_TOOLS = 30;

const PYTHON_KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(
    " ",
  ),
);
const isPythonName = (name: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PYTHON_KEYWORDS.has(name) && !name.startsWith("__");
const isJsName = (name: string) => /^[A-Za-z_$][\w$]*$/.test(name);

function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf("/") + 1);
}

/** How a `$ref` is written: by default its last segment (`#/$defs/Place` -> `Place`); see `NamedTypes`. */
export type RefSpelling = (ref: string) => string;

/** A Python annotation for a schema (documentation only: the host validates). */
export function pythonType(schema: JsonSchema | undefined, depth = 0, spell: RefSpelling = refName): string {
  if (!schema || depth > 6) return "Any";
  if (schema.$ref) return spell(schema.$ref);
  if (schema.enum) return `Literal[${schema.enum.map(pythonLiteral).join(", ")}]`;
  if (schema.const !== undefined) return `Literal[${pythonLiteral(schema.const)}]`;
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map((s) => pythonType(s, depth + 1, spell)).join(" | ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.length > 1) return types.map((type) => pythonType({ ...schema, type }, depth + 1, spell)).join(" | ");
  switch (types[0]) {
    case "integer":
      return "int";
    case "number":
      return "float";
    case "string":
      return schema.format === "date-time" ? "str  # ISO 8601 date-time" : "str";
    case "boolean":
      return "bool";
    case "null":
      return "None";
    case "array":
      if (schema.prefixItems) return `tuple[${schema.prefixItems.map((s) => pythonType(s, depth + 1, spell)).join(", ")}]`;
      return `list[${schema.items ? pythonType(schema.items, depth + 1, spell) : "Any"}]`;
    case "object":
      // A named type is a `$ref` (its class comes from `$defs`); a `title` on an inline object (every
      // property has one in pydantic's style: `a: { x }` is titled "A") names no class.
      return schema.additionalProperties && typeof schema.additionalProperties === "object"
        ? `dict[str, ${pythonType(schema.additionalProperties, depth + 1, spell)}]`
        : "dict";
    default:
      return "Any";
  }
}

function pythonLiteral(value: JsonValue): string {
  if (value === null) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number" || typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(", ")}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v as JsonValue)}`).join(", ")}}`;
}

/** A TypeScript type for a schema. */
export function typeScriptType(schema: JsonSchema | undefined, depth = 0, spell: RefSpelling = refName): string {
  if (!schema || depth > 6) return "unknown";
  if (schema.$ref) return spell(schema.$ref);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map((s) => typeScriptType(s, depth + 1, spell)).join(" | ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.length > 1) return types.map((type) => typeScriptType({ ...schema, type }, depth + 1, spell)).join(" | ");
  switch (types[0]) {
    case "integer":
    case "number":
      return "number";
    case "string":
    case "boolean":
    case "null":
      return types[0];
    case "array":
      if (schema.prefixItems) return `[${schema.prefixItems.map((s) => typeScriptType(s, depth + 1, spell)).join(", ")}]`;
      return `Array<${schema.items ? typeScriptType(schema.items, depth + 1, spell) : "unknown"}>`;
    case "object":
      return schema.properties ? objectType(schema, depth, spell) : "Record<string, unknown>";
    default:
      return "unknown";
  }
}

function objectType(schema: JsonSchema, depth: number, spell: RefSpelling): string {
  const required = new Set(schema.required ?? []);
  const members = Object.entries(schema.properties ?? {}).map(
    ([name, member]) => `${isJsName(name) ? name : JSON.stringify(name)}${required.has(name) ? "" : "?"}: ${typeScriptType(member, depth + 1, spell)}`,
  );
  return `{ ${members.join("; ")} }`;
}

function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n")[0]?.trim() ?? "";
}

/**
 * The docstring of a tool: its description and its parameters' descriptions, each under the name the
 * signature shows (`spelled`, by schema name: Python's `from_` for a parameter named `from`).
 */
function docOf(spec: ToolDescription, spelled?: ReadonlyMap<string, string>): string {
  const lines = [spec.description ?? ""];
  const params = Object.entries(spec.parameters.properties ?? {}).filter(([, s]) => s.description);
  if (params.length > 0) lines.push("", ...params.map(([name, s]) => `${spelled?.get(name) ?? name}: ${s.description}`));
  if (spec.confirm) lines.push("", "Each call asks the user for approval; a refusal raises ToolRefused.");
  return lines.join("\n").trim();
}

/**
 * The named types (`$defs`) the tools' schemas refer to (`place: Place`), each once, first definition first:
 * without them the model would be shown names it cannot look up. Each schema's `$defs` is a namespace of its
 * own, and two tools' `Options` may be different types: a name already given to another type (compared
 * together with the types it refers to) is spelled `Options_2` for the later one, in its definition and
 * wherever its own schema refers to it. Depth-limited like the types themselves.
 */
class NamedTypes {
  /** In first-definition order, each with the spelling of the refs inside its own schema. */
  readonly types: { readonly name: string; readonly schema: JsonSchema; readonly spell: RefSpelling; readonly spelled: string }[] = [];
  private readonly contentOf = new Map<string, string>();
  private readonly spellings = new Map<JsonSchema, { readonly spell: RefSpelling; readonly spelled: string }>();

  constructor(
    specs: readonly ToolDescription[],
    private readonly memo?: Memo,
  ) {
    for (const spec of specs) for (const root of [spec.parameters, spec.returns]) if (root) this.add(root);
  }

  /** How the refs inside `root` (a tool's parameters or returns schema) are spelled. */
  spelling(root: JsonSchema | undefined): RefSpelling {
    return (root && this.spellings.get(root)?.spell) ?? refName;
  }

  /** That spelling as text (the names it gives that are not the refs' own): equal texts spell alike. */
  spelled(root: JsonSchema | undefined): string {
    return (root && this.spellings.get(root)?.spelled) ?? "";
  }

  private add(root: JsonSchema): void {
    const defs = root.$defs ?? {};
    const names = new Map<string, string>();
    const spell: RefSpelling = (ref) => names.get(refName(ref)) ?? refName(ref);
    const added: { name: string; schema: JsonSchema }[] = [];
    for (const [key, schema] of Object.entries(defs)) {
      const content = this.memo ? this.memo.definitionText(defs, key) : definitionText(defs, key);
      let name = key;
      for (let n = 2; this.contentOf.has(name) && this.contentOf.get(name) !== content; n++) name = `${key}_${n}`;
      if (!this.contentOf.has(name)) {
        this.contentOf.set(name, content);
        added.push({ name, schema });
      }
      if (name !== key) names.set(key, name);
    }
    const spelled = names.size ? JSON.stringify([...names]) : "";
    for (const { name, schema } of added) this.types.push({ name, schema, spell, spelled });
    this.spellings.set(root, { spell, spelled });
  }
}

/**
 * What `pythonStubs` and `typeScriptDeclarations` keep between renderings of tools that change a few at a
 * time (a watch: codegen's `--pyi` / `--dts`): each definition's text for comparing, each named type's and
 * each tool's rendering, by the schema objects they come from - which must not be mutated - and by how
 * their refs are spelled. The text rendered is the same as without it. Make one with `createStubMemo()`.
 */
export interface StubMemo {
  readonly kind: "toolsmith-stub-memo";
}

/** A memo for `pythonStubs` / `typeScriptDeclarations` (see StubMemo). */
export function createStubMemo(): StubMemo {
  return new Memo();
}

class Memo implements StubMemo {
  readonly kind = "toolsmith-stub-memo";
  private readonly definitionTexts = new WeakMap<object, Map<string, string>>();
  private readonly renderings = new WeakMap<object, Map<string, { readonly also: unknown; readonly text: string }>>();

  definitionText(defs: Readonly<Record<string, JsonSchema>>, key: string): string {
    let texts = this.definitionTexts.get(defs);
    if (!texts) this.definitionTexts.set(defs, (texts = new Map()));
    let text = texts.get(key);
    if (text === undefined) texts.set(key, (text = definitionText(defs, key)));
    return text;
  }

  /** `render()`, kept by `owner` (a schema object), `key` (what else it depends on) and `also` (a second object it depends on). */
  rendering(owner: object, key: string, also: unknown, render: () => string): string {
    let kept = this.renderings.get(owner);
    if (!kept) this.renderings.set(owner, (kept = new Map()));
    const found = kept.get(key);
    if (found && found.also === also) return found.text;
    const text = render();
    kept.set(key, { also, text });
    return text;
  }
}

/** `render()` through the memo, if any (see Memo.rendering). */
function rendered(memo: Memo | undefined, owner: object, key: string, also: unknown, render: () => string): string {
  return memo ? memo.rendering(owner, key, also, render) : render();
}

/** What a tool's rendering depends on besides its schema objects (see Memo.rendering). */
function toolKey(kind: string, spec: ToolDescription, named: NamedTypes): string {
  return JSON.stringify([kind, spec.name, spec.description, spec.params, spec.confirm, named.spelled(spec.parameters), named.spelled(spec.returns)]);
}

/** A definition and every definition it refers to, as text: two schemas' `X` are one type when theirs are equal. */
function definitionText(defs: Readonly<Record<string, JsonSchema>>, key: string): string {
  const reached = new Set<string>();
  const visit = (name: string) => {
    const definition = defs[name];
    if (definition === undefined || reached.has(name)) return;
    reached.add(name);
    for (const ref of refsIn(definition)) visit(refName(ref));
  };
  visit(key);
  return JSON.stringify([...reached].sort().map((name) => [name, defs[name]]));
}

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, out);
  else if (value !== null && typeof value === "object") {
    for (const [key, member] of Object.entries(value)) {
      if (key === "$ref" && typeof member === "string") out.push(member);
      else refsIn(member, out);
    }
  }
  return out;
}

/**
 * A named type in Python: an object as a `TypedDict` (optional members `NotRequired`; the functional form
 * when a member's name is no Python identifier), anything else an alias.
 */
function pythonNamedType(name: string, schema: JsonSchema, spell: RefSpelling): string {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (!types.includes("object") || schema.properties === undefined) return `${name} = ${pythonType(schema, 0, spell)}`;
  const required = new Set(schema.required ?? []);
  const members = Object.entries(schema.properties).map(([member, type]) => {
    const annotation = pythonType(type, 1, spell).replace(/\s+#.*$/, "");
    return [member, required.has(member) ? annotation : `NotRequired[${annotation}]`] as const;
  });
  if (!members.every(([member]) => isPythonName(member))) {
    return `${name} = TypedDict(${JSON.stringify(name)}, {${members.map(([member, annotation]) => `${JSON.stringify(member)}: ${annotation}`).join(", ")}})`;
  }
  const doc = schema.description ? [`    """${schema.description.replace(/\\/g, "\\\\").replace(/"""/g, '\\"\\"\\"')}"""`] : [];
  const lines = members.map(([member, annotation]) => `    ${member}: ${annotation}`);
  return [`class ${name}(TypedDict):`, ...doc, ...(lines.length > 0 || doc.length > 0 ? lines : ["    pass"])].join("\n");
}

/** A parameter's name in Python: a keyword gets a trailing underscore (`from` -> `from_`), PEP 8's way. */
function pythonParamName(name: string): string | undefined {
  if (isPythonName(name)) return name;
  if (PYTHON_KEYWORDS.has(name)) return `${name}_`;
  return undefined;
}

interface PythonParam {
  /** The name in the schema (what the host receives). */
  readonly name: string;
  /** The name in the Python signature. */
  readonly pyName: string;
  readonly annotation: string;
  readonly default?: string;
}

/** The Python signature of a tool: positional-or-keyword for positional tools, keyword-only for object-style ones. */
function pythonSignature(spec: ToolDescription, named: NamedTypes): { params: PythonParam[]; keywordOnly: boolean; plain: boolean } {
  const properties = spec.parameters.properties ?? {};
  const required = new Set(spec.parameters.required ?? []);
  const order = spec.params === "object" ? Object.keys(properties) : [...spec.params];
  for (const name of Object.keys(properties)) if (!order.includes(name)) order.push(name);
  const plain = order.every((name) => pythonParamName(name) !== undefined);
  const params: PythonParam[] = [];
  for (const name of order) {
    const schema = properties[name];
    const optional = !required.has(name);
    const annotation = pythonType(schema, 0, named.spelling(spec.parameters));
    // Left out, an optional argument without a default is passed as None (which the call drops): say so,
    // before a trailing `# ISO 8601 date-time` comment.
    const [, type = annotation, comment = ""] = /^(.*?)(\s+#.*)?$/.exec(annotation) ?? [];
    const omittable = optional && schema?.default === undefined && !type.split(" | ").includes("None");
    params.push({
      name,
      pyName: pythonParamName(name) ?? name,
      annotation: omittable ? `${type} | None${comment}` : annotation,
      ...(optional ? { default: schema?.default !== undefined ? pythonLiteral(schema.default) : "None" } : {}),
    });
  }
  // Python cannot put a required parameter after one with a default: such signatures become keyword-only.
  const keywordOnly = spec.params === "object" || params.some((p, i) => p.default === undefined && params.slice(0, i).some((q) => q.default !== undefined));
  return { params, keywordOnly, plain };
}

function pythonDef(spec: ToolDescription, named: NamedTypes, body: string[] | undefined): string {
  const { params, keywordOnly, plain } = pythonSignature(spec, named);
  const returns = spec.returns ? pythonType(spec.returns, 0, named.spelling(spec.returns)) : "Any";
  const parts = plain
    ? [...(keywordOnly && params.length > 0 ? ["*"] : []), ...params.map((p) => `${p.pyName}: ${p.annotation}${p.default !== undefined ? ` = ${p.default}` : ""}`)]
    : ["**arguments"];
  // A signature of keyword-safe names is called with them; `**arguments` takes the schema's own names.
  const doc = docOf(spec, plain ? new Map(params.map((p) => [p.name, p.pyName])) : undefined).replace(/\\/g, "\\\\").replace(/"""/g, '\\"\\"\\"');
  const lines = [`def ${spec.name}(${parts.join(", ")}) -> ${returns.replace(/\s+#.*$/, "")}:`, `    """${doc}"""`];
  if (body) lines.push(...body.map((line) => `    ${line}`));
  return lines.join("\n");
}

/** Python stubs of the tools (signatures and docstrings, bodies elided): what the model is shown. */
export function pythonStubs(specs: readonly ToolDescription[], memo?: StubMemo): string {
  const kept = memo instanceof Memo ? memo : undefined;
  const usable = specs.filter((spec) => isPythonName(spec.name));
  const named = new NamedTypes(usable, kept);
  const types = named.types
    .filter(({ name }) => isPythonName(name))
    .map(({ name, schema, spell, spelled }) => rendered(kept, schema, `py ${name} ${spelled}`, undefined, () => pythonNamedType(name, schema, spell)));
  const defs = usable.map((spec) => rendered(kept, spec.parameters, toolKey("py", spec, named), spec.returns, () => pythonDef(spec, named, ["..."])));
  return [...types, ...defs].join("\n\n");
}

/**
 * The guest's `tools` module. Executed in a module whose namespace already holds `_host_call(name, json)`
 * (the backend's synchronous channel to the host, returning the reply's JSON text).
 */
export function pythonModule(specs: readonly ToolSpec[]): string {
  const usable = specs.filter((spec) => isPythonName(spec.name));
  const optional = (spec: ToolSpec) =>
    JSON.stringify(Object.keys(spec.parameters.properties ?? {}).filter((name) => !(spec.parameters.required ?? []).includes(name)));
  // Spelled as pythonStubs spells them, so help() and describe() name the types the model was shown.
  const named = new NamedTypes(usable);
  const defs = usable.map((spec) => {
    const { params, plain } = pythonSignature(spec, named);
    const collect = plain ? `{${params.map((p) => `${JSON.stringify(p.name)}: ${p.pyName}`).join(", ")}}` : "arguments";
    return pythonDef(spec, named, [`return __call(${JSON.stringify(spec.name)}, ${collect}, ${optional(spec)})`]);
  });
  const docs = Object.fromEntries(usable.map((spec) => [spec.name, pythonDef(spec, named, undefined)]));
  // The module's own helpers have names beginning with two underscores, which no tool's may (isPythonName):
  // a tool named like one (\`_call\`, \`_host_call\`) cannot replace it and break every other tool.
  return String.raw`from __future__ import annotations
import json as __json
from typing import Any, Literal

__host_call = _host_call

class ToolError(Exception):
    """A tool called from code failed; the message is what the model would have read."""

class ToolRefused(ToolError):
    """The user did not approve the call (the model would read #FAIL#)."""

class InvalidArguments(ToolError):
    """The arguments do not match the tool's schema, or cannot be sent as JSON."""

class UnknownTool(ToolError):
    """No tool of that name."""

class ToolLimitError(ToolError):
    """A limit of code mode was reached (calls per run, time in calls, argument or result size)."""

__ToolError, __InvalidArguments = ToolError, InvalidArguments
__KINDS = {"refused": ToolRefused, "invalid_arguments": InvalidArguments, "invalid_json": InvalidArguments, "unknown_tool": UnknownTool, "limit": ToolLimitError}

def __jsonable(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} values cannot be passed to a tool (only JSON: dict, list, str, int, float, bool, None)")

def __call(name, arguments, optional=()):
    arguments = {k: v for k, v in arguments.items() if not (v is None and k in optional)}
    try:
        text = __json.dumps(arguments, default=__jsonable, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as error:
        raise __InvalidArguments(f"the arguments of {name} cannot be sent as JSON: {error}") from None
    reply = __json.loads(__host_call(name, text))
    if reply.get("ok") is True:
        return reply.get("value")
    raise __KINDS.get(reply.get("kind"), __ToolError)(str(reply.get("error")))

def call(name: str, **arguments: Any) -> Any:
    """Calls the tool named name with keyword arguments."""
    return __call(str(name), arguments)

__DOCS = __json.loads(${JSON.stringify(JSON.stringify(docs))})

def describe(name: str) -> str:
    """The signature and documentation of a tool."""
    return __DOCS.get(name, f"no tool named {name!r}; tools: {', '.join(sorted(__DOCS))}")

${defs.join("\n\n")}

class __Written(str):
    """An annotation as written: the annotations are postponed (strings), which help() before Python 3.14 shows quoted."""
    __slots__ = ()
    def __repr__(self):
        return str.__str__(self)

def __as_written(*functions):
    for function in functions:
        function.__annotations__ = {key: __Written(value) if isinstance(value, str) else value for key, value in function.__annotations__.items()}

__as_written(${usable.map((spec) => spec.name).join(", ")})

__all__ = ["ToolError", "ToolRefused", "InvalidArguments", "UnknownTool", "ToolLimitError", "call", "describe", ${usable.map((spec) => JSON.stringify(spec.name)).join(", ")}]
`;
}

/** One TypeScript declaration per tool, as methods of `tools`. */
export function typeScriptDeclarations(specs: readonly ToolDescription[], memo?: StubMemo): string {
  const kept = memo instanceof Memo ? memo : undefined;
  const named = new NamedTypes(specs, kept);
  const methods = specs.map((spec) => rendered(kept, spec.parameters, toolKey("ts", spec, named), spec.returns, () => typeScriptMethod(spec, named)));
  const types = named.types
    .filter(({ name }) => isJsName(name))
    .map(({ name, schema, spell, spelled }) => rendered(kept, schema, `ts ${name} ${spelled}`, undefined, () => `type ${name} = ${typeScriptType(schema, 0, spell)};`));
  return [
    ...types,
    "declare const tools: {",
    ...methods,
    // A tool named describe is the one the guest gets (see javascriptPrelude), as in Python.
    ...(specs.some((spec) => spec.name === "describe") ? [] : ["  /** The declaration and documentation of a tool. */", "  describe(name: string): string;"]),
    "};",
    "/** Thrown by a failed tool call: `kind` is refused | invalid_arguments | unknown_tool | limit | threw | timeout | ... */",
    "declare class ToolError extends Error { readonly kind: string }",
  ].join("\n");
}

/** A tool's method of `tools` (its doc comment, then its signature), indented as a member. */
function typeScriptMethod(spec: ToolDescription, named: NamedTypes): string {
  const doc = docOf(spec);
  const comment = doc ? `  /** ${doc.replace(/\*\//g, "*\\/").split("\n").join("\n   * ")} */\n` : "";
  const args = typeScriptType(spec.parameters, 0, named.spelling(spec.parameters));
  const optionalArgs = (spec.parameters.required ?? []).length === 0 ? "?" : "";
  const returns = spec.returns ? typeScriptType(spec.returns, 0, named.spelling(spec.returns)) : "unknown";
  return `${comment}  ${isJsName(spec.name) ? spec.name : JSON.stringify(spec.name)}(args${optionalArgs}: ${args}): Promise<${returns}>;`;
}

/** The guest's `tools` object over `__toolsmith_call(name, json) -> Promise<string>` (taken off the global). */
export function javascriptPrelude(specs: readonly ToolSpec[]): string {
  // Spelled as typeScriptDeclarations spells them, so describe() names the types the model was shown.
  const named = new NamedTypes(specs);
  const docs = Object.fromEntries(specs.map((spec) => [spec.name, typeScriptMethod(spec, named).replace(/^ {2}/gm, "")]));
  return `(() => {
  const call = globalThis.__toolsmith_call;
  delete globalThis.__toolsmith_call;
  class ToolError extends Error {
    constructor(message, kind) { super(message); this.name = kind === "refused" ? "ToolRefused" : "ToolError"; this.kind = kind; }
  }
  const docs = ${JSON.stringify(docs)};
  const tools = Object.create(null);
  const bind = (name) => async (args) => {
    let json;
    try { json = JSON.stringify(args === undefined ? {} : args); } catch (error) {
      throw new ToolError("the arguments of " + name + " cannot be sent as JSON: " + error.message, "invalid_arguments");
    }
    if (json === undefined) throw new ToolError("the arguments of " + name + " must be an object", "invalid_arguments");
    const reply = JSON.parse(await call(name, json));
    if (reply.ok === true) return reply.value;
    throw new ToolError(String(reply.error), reply.kind);
  };
  for (const name of Object.keys(docs)) tools[name] = bind(name);
  // A tool of a helper's name wins, as in Python: its declaration is what the model was shown.
  if (!("describe" in tools)) tools.describe = (name) => docs[name] ?? "no tool named " + JSON.stringify(name) + "; tools: " + Object.keys(docs).join(", ");
  if (!("call" in tools)) tools.call = (name, args) => bind(String(name))(args);
  globalThis.tools = Object.freeze(tools);
  globalThis.ToolError = ToolError;
})();`;
}

/** What the interpreter tool's description adds: the callable tools, in the language's own terms. */
export function describeTools(specs: readonly ToolDescription[], language: "python" | "javascript"): string {
  if (specs.length === 0) return "";
  const many = specs.length > FULL_LISTING_MAX_TOOLS;
  if (language === "python") {
    const usable = specs.filter((spec) => isPythonName(spec.name));
    const intro =
      "\n\nYour code can call these tools as plain Python functions (`from tools import name`; positional or keyword arguments; " +
      "results are JSON values). A failed call raises tools.ToolError (tools.ToolRefused when the user declines).";
    if (many) {
      return `${intro} Tools (use help(tools.NAME) or print(tools.describe("NAME")) for a signature):\n${usable.map((spec) => `- ${spec.name}: ${firstLine(spec.description)}`).join("\n")}`;
    }
    return `${intro}\n\`\`\`python\n${pythonStubs(usable)}\n\`\`\``;
  }
  const intro =
    "\n\nYour code can call these tools with `await tools.NAME({ ...arguments })` (top-level await works; results are JSON values). " +
    "A failed call throws a ToolError (name ToolRefused when the user declines).";
  if (many) {
    return `${intro} Tools (tools.describe("NAME") gives a declaration):\n${specs.map((spec) => `- ${spec.name}: ${firstLine(spec.description)}`).join("\n")}`;
  }
  return `${intro}\n\`\`\`ts\n${typeScriptDeclarations(specs)}\n\`\`\``;
}
