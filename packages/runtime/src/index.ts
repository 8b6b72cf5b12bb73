export type { JsonSchema, JsonValue, ObjectSchema } from "./json-schema.js";
export type { Registry, ToolSpec } from "./registry.js";
export type { Int } from "./int.js";
