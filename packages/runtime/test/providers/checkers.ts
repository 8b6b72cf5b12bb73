/**
 * Each provider's documented schema rules, written down independently of the transforms so the tests
 * check the transforms against the rules rather than against themselves. One checker per provider (Gemini's
 * covers both of its declaration forms). Each rule names the documentation it comes from:
 * - OpenAI: the Structured Outputs guide, "Supported schemas"
 *   (https://platform.openai.com/docs/guides/structured-outputs#supported-schemas), and function calling;
 * - Anthropic: "Define tools" (https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use)
 *   and, for strict tool use, "Structured outputs" -> "JSON Schema limitations" and "Schema complexity
 *   limits" (https://platform.claude.com/docs/en/build-with-claude/structured-outputs);
 * - Gemini: the Gemini API reference `FunctionDeclaration` and `Schema`
 *   (https://ai.google.dev/api/caching#FunctionDeclaration) and the Vertex AI REST reference.
 * Where a rule comes from the API's own 400 message rather than a page, it says so. A checker returns
 * every violation it finds, each with a JSON Pointer.
 */

export interface Violation {
  readonly path: string;
  readonly rule: string;
}

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);
const ptr = (path: string, ...segs: (string | number)[]): string =>
  segs.reduce<string>((p, s) => `${p}/${String(s).replaceAll("~", "~0").replaceAll("/", "~1")}`, path);

function resolve(root: Node, ref: string): Node | undefined {
  if (ref === "#") return root;
  let node: unknown = root;
  for (const seg of ref.replace(/^#\//, "").split("/")) node = isNode(node) ? node[seg.replaceAll("~1", "/").replaceAll("~0", "~")] : undefined;
  return isNode(node) ? node : undefined;
}

/** Calls `visit` on every subschema with its pointer (not following $ref). */
function eachSchema(root: unknown, visit: (node: Node, path: string) => void): void {
  const walk = (node: unknown, path: string): void => {
    if (!isNode(node)) return;
    visit(node, path);
    for (const key of ["properties", "$defs", "definitions", "patternProperties"]) {
      const map = node[key];
      if (isNode(map)) for (const [k, v] of Object.entries(map)) walk(v, ptr(path, key, k));
    }
    for (const key of ["anyOf", "oneOf", "allOf", "prefixItems"]) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((v, i) => walk(v, ptr(path, key, i)));
    }
    for (const key of ["items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"]) walk(node[key], ptr(path, key));
  };
  walk(root, "#");
}

const typesOf = (node: Node): string[] =>
  typeof node.type === "string" ? [node.type] : Array.isArray(node.type) ? node.type.map(String) : [];

// ---------------------------------------------------------------------------------------------------
// OpenAI Structured Outputs, strict: true ("Supported schemas" in the Structured Outputs guide). minLength /
// maxLength are listed as unsupported "for fine-tuned models" only; the transform drops them for all, so the
// checker holds the stricter line. `default` is accepted by OpenAI, rejected by Azure OpenAI: same.
const STRICT_KEYWORDS = new Set([
  // structure
  "type", "properties", "required", "additionalProperties", "items", "anyOf", "$ref", "$defs", "definitions",
  "enum", "const",
  // annotations the docs allow
  "title", "description",
  // "Supported properties": strings
  "pattern", "format",
  // numbers
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
  // arrays
  "minItems", "maxItems",
]);
const STRICT_FORMATS = new Set(["date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"]);
const STRICT_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);

export function checkOpenAIStrict(schema: unknown): Violation[] {
  const out: Violation[] = [];
  const add = (path: string, rule: string): void => void out.push({ path, rule });
  if (!isNode(schema)) return [{ path: "#", rule: "schema must be an object" }];
  // "The root level object must be an object, and not use anyOf."
  if (schema.type !== "object") add("#", "root must be type object");
  if (schema.anyOf !== undefined) add("#", "root must not be anyOf");
  let properties = 0;
  let enumValues = 0;
  let chars = 0;
  eachSchema(schema, (node, path) => {
    for (const key of Object.keys(node)) {
      if (!STRICT_KEYWORDS.has(key)) add(ptr(path, key), `keyword "${key}" is not supported in strict mode`);
    }
    // "$ref" with siblings is rejected ("$ref cannot have keywords").
    if (node.$ref !== undefined && Object.keys(node).length > 1) add(path, "$ref must not have sibling keywords");
    if (node.$ref !== undefined && (typeof node.$ref !== "string" || resolve(schema, node.$ref) === undefined)) add(path, "$ref must resolve locally");
    const types = typesOf(node);
    for (const t of types) if (!STRICT_TYPES.has(t)) add(ptr(path, "type"), `unknown type ${t}`);
    const constrains = ["type", "enum", "const", "anyOf", "$ref"].some((k) => k in node);
    if (!constrains) add(path, "every schema needs a type (or enum/const/anyOf/$ref)");
    if (typeof node.format === "string" && !STRICT_FORMATS.has(node.format)) add(ptr(path, "format"), `format ${node.format} is not supported`);
    if (types.includes("object") || node.properties !== undefined) {
      // "additionalProperties: false must always be set in objects"
      if (node.additionalProperties !== false) add(path, "objects need additionalProperties: false");
      // "All fields must be required"
      const props = isNode(node.properties) ? Object.keys(node.properties) : [];
      if (!isNode(node.properties)) add(path, "objects need properties");
      const required = Array.isArray(node.required) ? node.required : [];
      for (const p of props) if (!required.includes(p)) add(ptr(path, "properties", p), "every property must be required");
      properties += props.length;
      chars += props.reduce((n, p) => n + p.length, 0);
    }
    if (types.includes("array") && !isNode(node.items)) add(path, "arrays need items");
    if (Array.isArray(node.enum)) {
      enumValues += node.enum.length;
      const enumChars = node.enum.reduce<number>((n, v) => n + String(v).length, 0);
      chars += enumChars;
      if (node.enum.length > 250 && enumChars > 15_000) add(ptr(path, "enum"), "an enum of >250 values may total at most 15,000 characters");
    }
    if (node.const !== undefined) chars += String(node.const).length;
    for (const key of ["$defs", "definitions"]) if (isNode(node[key])) chars += Object.keys(node[key] as Node).reduce((n, k) => n + k.length, 0);
  });
  // Limits: "up to 5000 object properties total, with up to 10 levels of nesting"; "up to 1000 enum
  // values across all enum properties"; "total string length ... cannot exceed 120,000 characters".
  if (properties > 5000) add("#", "at most 5000 object properties");
  if (enumValues > 1000) add("#", "at most 1000 enum values");
  if (chars > 120_000) add("#", "at most 120,000 characters of names and values");
  const depth = objectDepth(schema, schema, new Set());
  if (depth > 10) add("#", `at most 10 levels of object nesting (found ${depth})`);
  return out;
}

function objectDepth(node: unknown, root: Node, onPath: ReadonlySet<string>): number {
  if (!isNode(node)) return 0;
  if (typeof node.$ref === "string") {
    if (onPath.has(node.$ref)) return 0;
    return objectDepth(resolve(root, node.$ref), root, new Set([...onPath, node.$ref]));
  }
  const kids = [
    ...(isNode(node.properties) ? Object.values(node.properties) : []),
    ...(Array.isArray(node.anyOf) ? node.anyOf : []),
    node.items,
  ];
  return (isNode(node.properties) ? 1 : 0) + Math.max(0, ...kids.map((k) => objectDepth(k, root, onPath)));
}

// ---------------------------------------------------------------------------------------------------
// OpenAI function calling, non-strict: JSON Schema, object root, arrays must declare items
// (400 "array schema missing items").
export function checkOpenAI(schema: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isNode(schema)) return [{ path: "#", rule: "schema must be an object" }];
  if (schema.type !== "object") out.push({ path: "#", rule: "parameters must be type object" });
  eachSchema(schema, (node, path) => {
    if (typesOf(node).includes("array") && !isNode(node.items)) out.push({ path, rule: "arrays need items" });
    if (node.$ref !== undefined && (typeof node.$ref !== "string" || resolve(schema, node.$ref) === undefined)) out.push({ path, rule: "$ref must resolve locally" });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Anthropic tool use: input_schema is JSON Schema with an object root; 400 "input_schema does not
// support oneOf, allOf, or anyOf at the top level"; property names letters/digits/_ . - (1-64).
export function checkAnthropic(schema: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isNode(schema)) return [{ path: "#", rule: "schema must be an object" }];
  if (schema.type !== "object") out.push({ path: "#", rule: "input_schema must be type object" });
  for (const k of ["anyOf", "oneOf", "allOf"]) if (k in schema) out.push({ path: `#/${k}`, rule: `no ${k} at the top level` });
  for (const name of isNode(schema.properties) ? Object.keys(schema.properties) : []) {
    if (!/^[a-zA-Z0-9_.-]{1,64}$/.test(name)) out.push({ path: ptr("#", "properties", name), rule: "property names: letters, digits, _ . - (1-64)" });
  }
  eachSchema(schema, (node, path) => {
    if (node.$ref !== undefined && (typeof node.$ref !== "string" || resolve(schema, node.$ref) === undefined)) out.push({ path, rule: "$ref must resolve locally" });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Anthropic strict tool use ("JSON Schema limitations", shared by JSON outputs and strict tool use):
// supported: basic types; enum of strings, numbers, bools or nulls; const; anyOf, allOf (not with $ref);
// local $ref/$defs/definitions; default; required; additionalProperties "must be set to false for objects";
// string formats date-time, time, date, duration, email, hostname, uri, ipv4, ipv6, uuid; "Array minItems
// (only values 0 and 1 supported)"; pattern without backreferences, lookaround or word boundaries.
// Not supported: recursive schemas, numerical constraints (minimum, maximum, multipleOf...), minLength,
// maxLength, array constraints beyond minItems 0/1. Per request ("Schema complexity limits"): 20 strict
// tools, 24 optional parameters, 16 parameters with union types (checkAnthropicStrictRequest).
const ANTHROPIC_STRICT_KEYWORDS = new Set([
  "type", "properties", "required", "additionalProperties", "items", "anyOf", "allOf", "$ref", "$defs", "definitions",
  "enum", "const", "default", "title", "description", "format", "pattern", "minItems",
]);
const ANTHROPIC_STRICT_FORMATS = new Set(["date-time", "time", "date", "duration", "email", "hostname", "uri", "ipv4", "ipv6", "uuid"]);

export function checkAnthropicStrict(schema: unknown): Violation[] {
  const out = checkAnthropic(schema);
  const add = (path: string, rule: string): void => void out.push({ path, rule });
  if (!isNode(schema)) return out;
  eachSchema(schema, (node, path) => {
    for (const key of Object.keys(node)) if (!ANTHROPIC_STRICT_KEYWORDS.has(key)) add(ptr(path, key), `keyword "${key}" is not supported in strict tool use`);
    if (typesOf(node).includes("object") || node.properties !== undefined) {
      if (node.additionalProperties !== false) add(path, "objects need additionalProperties: false");
    }
    if (node.minItems !== undefined && node.minItems !== 0 && node.minItems !== 1) add(ptr(path, "minItems"), "minItems must be 0 or 1");
    if (typeof node.format === "string" && !ANTHROPIC_STRICT_FORMATS.has(node.format)) add(ptr(path, "format"), `format ${node.format} is not supported`);
    if (typeof node.pattern === "string" && /\\[1-9]|\(\?<?[=!]|\\[bB]/.test(node.pattern)) add(ptr(path, "pattern"), "pattern uses an unsupported regex feature");
    if (Array.isArray(node.enum) && node.enum.some((v) => v !== null && typeof v === "object")) add(ptr(path, "enum"), "enum values must be primitives");
    if (Array.isArray(node.allOf) && node.allOf.some((m) => isNode(m) && m.$ref !== undefined)) add(ptr(path, "allOf"), "allOf with $ref is not supported");
  });
  if (refCycle(schema)) add("#", "recursive schemas are not supported");
  return out;
}

/** The per-request limits over every strict tool's input_schema. */
export function checkAnthropicStrictRequest(schemas: readonly unknown[]): Violation[] {
  const out: Violation[] = [];
  if (schemas.length > 20) out.push({ path: "#", rule: "at most 20 strict tools per request" });
  let optional = 0;
  let unions = 0;
  for (const schema of schemas) {
    eachSchema(schema, (node) => {
      if (Array.isArray(node.anyOf) || (Array.isArray(node.type) && node.type.length > 1)) unions += 1;
      if (isNode(node.properties)) {
        const required = Array.isArray(node.required) ? node.required : [];
        optional += Object.keys(node.properties).filter((p) => !required.includes(p)).length;
      }
    });
  }
  if (optional > 24) out.push({ path: "#", rule: `at most 24 optional parameters per request (found ${optional})` });
  if (unions > 16) out.push({ path: "#", rule: `at most 16 parameters with union types per request (found ${unions})` });
  return out;
}

/** Whether following $refs from the root can come back to a definition already on the path. */
function refCycle(root: Node): boolean {
  const visit = (node: unknown, onPath: ReadonlySet<string>): boolean => {
    if (Array.isArray(node)) return node.some((n) => visit(n, onPath));
    if (!isNode(node)) return false;
    if (typeof node.$ref === "string") {
      if (onPath.has(node.$ref)) return true;
      return visit(resolve(root, node.$ref), new Set([...onPath, node.$ref]));
    }
    return Object.entries(node).some(([k, v]) => k !== "$defs" && k !== "definitions" && k !== "enum" && k !== "const" && k !== "default" && visit(v, onPath));
  };
  return visit(root, new Set());
}

// ---------------------------------------------------------------------------------------------------
// Gemini function declarations (Gemini API reference, FunctionDeclaration and Schema).
// - `name`: "Must be a-z, A-Z, 0-9, or contain underscores, colons, dots, and dashes, with a maximum length
//   of 64." (Vertex AI adds "Must start with a letter or an underscore" and has no colon: checked by the
//   codegen/runtime name rules, reported as a change, since the Gemini API takes the name.)
// - `parameters` / `parametersJsonSchema`: "This field is mutually exclusive with `parameters`."
// - no-argument functions: "For function with no parameters, this can be left unset", and an OBJECT's
//   properties must be non-empty (400 "parameters.properties: should be non-empty for OBJECT type").
// - `parameters` is a `Schema`, "a select subset of an OpenAPI 3.0 schema object". Fields: type, format,
//   title, description, nullable, enum, maxItems, minItems, properties, required, minProperties,
//   maxProperties, minLength, maxLength, pattern, example, anyOf, propertyOrdering, default, items, minimum,
//   maximum. No $ref/$defs, no additionalProperties, no type arrays (nullable instead), no "null" type;
//   `enum` holds strings for STRING; an ARRAY needs items.
// - `format`: the reference allows any value, but Firebase AI Logic's Schema docs say the Gemini Developer
//   API fails requests with a string format other than "enum"/"date-time"; numbers "float"/"double",
//   integers "int32"/"int64" (the formats the references list).
// - `parametersJsonSchema`: "Describes the parameters to the function in JSON Schema format. The schema must
//   describe an object"; a node with `$ref` may have only description and default beside it (the API's 400,
//   "If a schema node has $ref set, then only description and default can be set alongside it").
const GEMINI_KEYWORDS = new Set([
  "type", "format", "title", "description", "nullable", "enum", "maxItems", "minItems", "properties", "required",
  "minProperties", "maxProperties", "minLength", "maxLength", "pattern", "example", "anyOf", "propertyOrdering",
  "default", "items", "minimum", "maximum",
]);
const GEMINI_TYPES = new Set(["string", "number", "integer", "boolean", "array", "object"]);
const GEMINI_FORMATS: Record<string, readonly string[]> = {
  string: ["enum", "date-time"],
  number: ["float", "double"],
  integer: ["int32", "int64"],
};
const GEMINI_NAME = /^[a-zA-Z0-9_.:-]{1,64}$/;

/** A whole declaration: name, the one parameters field, and that field's rules. */
export function checkGeminiDeclaration(declaration: unknown): Violation[] {
  if (!isNode(declaration)) return [{ path: "#", rule: "declaration must be an object" }];
  const out: Violation[] = [];
  if (typeof declaration.name !== "string" || !GEMINI_NAME.test(declaration.name)) out.push({ path: "name", rule: "name: letters, digits, _ . : -, at most 64" });
  if (declaration.parameters !== undefined && declaration.parametersJsonSchema !== undefined) {
    out.push({ path: "#", rule: "parameters and parametersJsonSchema are mutually exclusive" });
  }
  for (const key of Object.keys(declaration)) {
    if (!["name", "description", "parameters", "parametersJsonSchema"].includes(key)) out.push({ path: key, rule: `unknown declaration field ${key}` });
  }
  for (const field of ["parameters", "parametersJsonSchema"] as const) {
    const schema = declaration[field];
    if (schema === undefined) continue;
    if (isNode(schema) && (!isNode(schema.properties) || Object.keys(schema.properties).length === 0)) {
      out.push({ path: field, rule: "a function without parameters leaves the parameters out (OBJECT properties should be non-empty)" });
    }
    const violations = field === "parameters" ? checkGemini(schema) : checkGeminiJsonSchema(schema);
    out.push(...violations.map((v) => ({ path: `${field}${v.path.slice(1)}`, rule: v.rule })));
  }
  return out;
}

export function checkGeminiJsonSchema(schema: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isNode(schema)) return [{ path: "#", rule: "schema must be an object" }];
  if (schema.type !== "object") out.push({ path: "#", rule: "parametersJsonSchema must describe an object" });
  eachSchema(schema, (node, path) => {
    if (node.$ref === undefined) return;
    if (typeof node.$ref !== "string" || resolve(schema, node.$ref) === undefined) out.push({ path, rule: "$ref must resolve locally" });
    for (const key of Object.keys(node)) {
      if (!["$ref", "description", "default"].includes(key)) out.push({ path: ptr(path, key), rule: "only description and default beside $ref" });
    }
  });
  return out;
}

/** A `parameters` Schema (the OpenAPI subset). */
export function checkGemini(schema: unknown): Violation[] {
  const out: Violation[] = [];
  const add = (path: string, rule: string): void => void out.push({ path, rule });
  if (!isNode(schema)) return [{ path: "#", rule: "schema must be an object" }];
  if (String(schema.type).toLowerCase() !== "object") add("#", "parameters must be type OBJECT");
  eachSchema(schema, (node, path) => {
    for (const key of Object.keys(node)) if (!GEMINI_KEYWORDS.has(key)) add(ptr(path, key), `field "${key}" is not part of Gemini's Schema`);
    const type = typeof node.type === "string" ? node.type.toLowerCase() : undefined;
    if (node.type !== undefined && type === undefined) add(ptr(path, "type"), "type must be a single name (no type arrays)");
    if (type !== undefined && !GEMINI_TYPES.has(type)) add(ptr(path, "type"), `type ${String(node.type)} is not a Gemini type`);
    if (type === undefined && node.anyOf === undefined) add(path, "type is required (unless anyOf)");
    if (node.enum !== undefined) {
      if (type !== "string") add(ptr(path, "enum"), "enum is for STRING");
      if (!Array.isArray(node.enum) || !node.enum.every((v) => typeof v === "string")) add(ptr(path, "enum"), "enum values are strings");
    }
    if (typeof node.format === "string" && !(GEMINI_FORMATS[type ?? ""] ?? []).includes(node.format)) add(ptr(path, "format"), `format ${node.format} not supported for ${type ?? "?"}`);
    if (type === "object" && path !== "#" && (!isNode(node.properties) || Object.keys(node.properties).length === 0)) add(path, "OBJECT properties should be non-empty");
    if (type === "array" && !isNode(node.items)) add(path, "ARRAY needs items");
    if (Array.isArray(node.required) && isNode(node.properties)) {
      for (const r of node.required) if (!(String(r) in node.properties)) add(ptr(path, "required"), `required ${String(r)} is not a property`);
    }
    if (node.nullable !== undefined && typeof node.nullable !== "boolean") add(ptr(path, "nullable"), "nullable is a boolean");
  });
  return out;
}
