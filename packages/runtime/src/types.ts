/**
 * The type-level part of @toolsmith/runtime, with no runtime code behind it: what tool files import
 * (`Int`) and what generated registries name. `toolsmith codegen` resolves the package here (export
 * condition `toolsmith-types`), so analysing a file that imports `Int` does not load the runtime's
 * ~300 source and declaration files (openai, pyodide, MCP). Everyone else gets the full entry.
 */
export type { Int } from "./int.js";
export type { JsonSchema, JsonValue, ObjectSchema } from "./json-schema.js";
export type * from "./registry.js";
export type { SchemaCurrent, SchemaMatch } from "./stale-check.js";
