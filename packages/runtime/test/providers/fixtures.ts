import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { JsonSchema } from "../../src/json-schema.js";
import { registry } from "../../../../examples/registry.generated.js";

export interface Fixture {
  readonly name: string;
  readonly description: string;
  /**
   * Whether the schema is expected to have a strict / Gemini form at all (false: `ok: false` expected).
   * Absent for the examples' registry tools, which change as examples are added: either is fine there,
   * as long as an `ok` variant passes its checker and a refused one says why.
   */
  readonly expect?: { readonly "openai-strict": boolean; readonly gemini: boolean };
  readonly schema: JsonSchema;
}

const folder = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** The JSON fixtures (pydantic-generated, see each `description`) plus every tool of the examples' registry. */
export function loadFixtures(): Fixture[] {
  const files = readdirSync(folder).filter((f) => f.endsWith(".json")).sort();
  const fromFiles = files.map((file) => {
    const data = JSON.parse(readFileSync(`${folder}${file}`, "utf8")) as Omit<Fixture, "name">;
    return { name: file.replace(/\.json$/, ""), ...data };
  });
  const fromRegistry = Object.values(registry).map((tool) => ({
    name: `registry:${tool.name}`,
    description: `examples registry tool ${tool.name}`,
    schema: tool.parameters as JsonSchema,
  }));
  return [...fromFiles, ...fromRegistry];
}
