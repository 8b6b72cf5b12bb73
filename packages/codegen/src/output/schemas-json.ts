import type { ToolModel } from "../model.js";

/** One `--json` entry: the seed's `schema(f)` shape. `parameters` is a provider's dialect under `--provider`. */
export interface SchemaEntry {
  readonly name: string;
  readonly description?: string;
  readonly parameters: object;
}

/** The `--json` file: the seed's `schema(f)` shape per tool - `{ name, description?, parameters }` - as 2-space JSON. */
export function emitSchemasJson(tools: readonly ToolModel[]): string {
  return emitSchemaEntries(tools.map((tool) => ({
    name: tool.name,
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    parameters: tool.parameters,
  })));
}

export function emitSchemaEntries(entries: readonly SchemaEntry[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}
