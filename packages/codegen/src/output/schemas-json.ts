import type { ToolModel } from "../model.js";

/** The `--json` file: the seed's `schema(f)` shape per tool - `{ name, description?, parameters }` - as 2-space JSON. */
export function emitSchemasJson(tools: readonly ToolModel[]): string {
  const entries = tools.map((tool) => ({
    name: tool.name,
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    parameters: tool.parameters,
  }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}
