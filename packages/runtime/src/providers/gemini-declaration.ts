import type { JsonSchema, ObjectSchema } from "../json-schema.js";
import { toGemini, type GeminiOptions } from "./gemini.js";
import { nameProblems } from "./names.js";
import { ChangeLog, type Draft, at, isObjectSchema, isSchema } from "./schema-tools.js";
import type { GeminiForm, GeminiFunctionDeclaration, ProviderSchema, SchemaChange } from "./types.js";

/**
 * Gemini `FunctionDeclaration`s carry parameters in one of two mutually exclusive fields (Gemini API
 * reference, https://ai.google.dev/api/caching#FunctionDeclaration; Vertex AI has the same two):
 * - `parametersJsonSchema`: "Describes the parameters to the function in JSON Schema format. The schema
 *   must describe an object where the properties are the parameters to the function." Our schemas ARE JSON
 *   Schema, so this is the default: nothing is dropped or approximated, and no tool is left out.
 * - `parameters`: the `Schema` OpenAPI subset (gemini.ts). Kept as `form: "openapi"` for endpoints without
 *   the JSON Schema field (e.g. the Live API, whose users report it does not take `parameters_json_schema`:
 *   livekit/agents#3135).
 * Both references say of `parameters` "For function with no parameters, this can be left unset", and an
 * empty OBJECT is refused (400 "parameters.properties: should be non-empty for OBJECT type"), so a tool
 * without arguments gets neither field, in either form.
 */
export interface GeminiDeclarationOptions extends GeminiOptions {
  /** `json-schema` (default): `parametersJsonSchema`; `openapi`: `parameters` in the OpenAPI subset. */
  readonly form?: GeminiForm;
}

export type GeminiDeclarationResult =
  | { readonly ok: true; readonly declaration: GeminiFunctionDeclaration; readonly changes: readonly SchemaChange[] }
  | { readonly ok: false; readonly problems: readonly SchemaChange[]; readonly changes: readonly SchemaChange[] };

export interface DeclaredTool {
  readonly name: string;
  readonly description?: string;
  readonly parameters: JsonSchema;
}

/**
 * One tool as a Gemini function declaration. Names are checked too: a name the Gemini API rejects is a
 * problem; one only Vertex AI rejects (a leading digit, a colon, a parameter name with `-`) is a change,
 * since the same declaration is fine on the Gemini API.
 */
export function toGeminiDeclaration(tool: DeclaredTool, options: GeminiDeclarationOptions = {}): GeminiDeclarationResult {
  const adapted = (options.form ?? "json-schema") === "openapi" ? toGemini(tool.parameters, options) : toGeminiJsonSchema(tool.parameters);
  const names = nameProblems(tool.name, tool.parameters, "gemini");
  const vertex = nameProblems(tool.name, tool.parameters, "vertex");
  const changes = [...adapted.changes, ...vertex];
  if (!adapted.ok || names.length > 0) {
    return { ok: false, problems: [...names, ...(adapted.ok ? [] : adapted.problems)], changes };
  }
  const field = options.form === "openapi" ? "parameters" : "parametersJsonSchema";
  const hasArguments = Object.keys(adapted.schema.properties).length > 0;
  if (!hasArguments && Object.keys(tool.parameters.properties ?? {}).length > 0) {
    changes.push({ path: "#/properties", message: `no parameter has a Gemini form, so ${field} is left out: the model calls it without arguments` });
  }
  return {
    ok: true,
    declaration: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      ...(hasArguments ? { [field]: adapted.schema } : {}),
    },
    changes,
  };
}

/**
 * `parametersJsonSchema`: the schema as it is, but for one rule the API enforces with a 400 that the
 * reference does not spell out: "If a schema node has $ref set, then only description and default can be
 * set alongside it" (the API's message, reported in anomalyco/opencode#12295 and google-gemini/gemini-cli#4758).
 * Other keywords beside a `$ref` (pydantic's `title`, `examples`...) are dropped and reported.
 */
export function toGeminiJsonSchema(schema: JsonSchema): ProviderSchema<ObjectSchema> {
  const log = new ChangeLog();
  if (!isObjectSchema(schema) || schema.anyOf !== undefined || schema.oneOf !== undefined) {
    log.problem("#", "parametersJsonSchema must describe an object whose properties are the parameters");
    return { ok: false, problems: log.problems, changes: log.changes };
  }
  const out = visit(schema, "#", log) as Draft;
  if (out.type === undefined) {
    out.type = "object";
    log.change("#/type", 'added type "object" at the root');
  }
  if (out.properties === undefined) out.properties = {};
  return { ok: true, schema: out as unknown as ObjectSchema, changes: log.changes };
}

const BESIDE_REF = new Set(["$ref", "description", "default"]);
/** Keys under these hold names or values, not schemas. */
const VALUES = new Set(["enum", "const", "default", "examples", "required", "example"]);
const NAMED = new Set(["properties", "$defs", "definitions", "patternProperties"]);

function visit(node: unknown, path: string, log: ChangeLog): unknown {
  if (Array.isArray(node)) return node.map((n, i) => visit(n, at(path, i), log));
  if (!isSchema(node)) return node;
  const out: Draft = {};
  const hasRef = typeof node.$ref === "string";
  for (const [key, value] of Object.entries(node)) {
    if (hasRef && !BESIDE_REF.has(key)) {
      log.change(at(path, key), `dropped ${key} beside $ref: Gemini allows only description and default next to a $ref`);
      continue;
    }
    out[key] = VALUES.has(key)
      ? value
      : NAMED.has(key) && isSchema(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v, at(path, key, k), log)]))
        : visit(value, at(path, key), log);
  }
  return out;
}
