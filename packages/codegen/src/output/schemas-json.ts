import type { ToolModel } from "../model.js";

/**
 * One `--json` entry: the seed's `schema(f)` shape. `parameters` is a provider's dialect under `--provider`;
 * under `--provider gemini` the entry is a Gemini function declaration (`parametersJsonSchema`, or no
 * parameters field at all for a function without arguments).
 */
export interface SchemaEntry {
  readonly name: string;
  readonly description?: string;
  readonly parameters?: object;
  readonly parametersJsonSchema?: object;
}

/** The `--json` file: the seed's `schema(f)` shape per tool - `{ name, description?, parameters }` - as 2-space JSON. */
export function emitSchemasJson(tools: readonly ToolModel[]): string {
  return emitSchemaEntries(tools.map(schemaEntry));
}

export function emitSchemaEntries(entries: readonly SchemaEntry[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}

export function schemaEntry(tool: ToolModel): SchemaEntry {
  return {
    name: tool.name,
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    parameters: tool.parameters,
  };
}

/**
 * One entry as it stands inside the file's array (indented one level), so a watch can keep each tool's
 * text and join them: `joinSchemaEntries(entries.map(schemaEntryText))` is `emitSchemaEntries(entries)`.
 * Cut out of a one-element array's JSON (`[\n  ` ... `\n]`) rather than re-indented with `replaceAll`,
 * whose result is a rope that every later join would walk again.
 */
export function schemaEntryText(entry: SchemaEntry): string {
  return JSON.stringify([entry], null, 2).slice(4, -2);
}

export function joinSchemaEntries(texts: readonly string[]): string {
  return texts.length === 0 ? EMPTY : `${START}${texts.join(SEPARATOR)}${END}`;
}

/** `joinSchemaEntries` as bytes, from each entry's bytes: the pieces around them are the same buffers every time. */
export function schemaEntryPieces(entries: readonly Buffer[]): Buffer[] {
  if (entries.length === 0) return [EMPTY_BYTES];
  return [...entries.flatMap((entry, index) => [index === 0 ? START_BYTES : SEPARATOR_BYTES, entry]), END_BYTES];
}

const [START, SEPARATOR, END, EMPTY] = ["[\n  ", ",\n  ", "\n]\n", "[]\n"];
const [START_BYTES, SEPARATOR_BYTES, END_BYTES, EMPTY_BYTES] = [START, SEPARATOR, END, EMPTY].map((text) => Buffer.from(text)) as [Buffer, Buffer, Buffer, Buffer];
