/**
 * The stale-registry promise: a registry module generated for some functions, then the functions changed
 * without regenerating (a union member, a property's type, an optional flag, a default's type), fails
 * `tsc` with a message naming the tool and saying to rerun the codegen - on TypeScript 5.9, 6 and 7. An
 * unchanged module type-checks on all three. The check's helper types come from `@toolsmith/runtime`
 * (here its source, as support.ts installs it; test/own-project.test.ts does it with the packed packages).
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analyze.js";
import { emitRegistryModule } from "../../src/registry/emit.js";
import { TempProject } from "./support.js";

const TOOLS = `import type { Int } from "@toolsmith/runtime";

export interface Place {
  name: string;
  zip?: string;
  lat: number;
  tags: readonly ("home" | "work")[];
}

export enum Unit {
  Celsius = "c",
  Fahrenheit = "f",
}

/** The forecast. */
export function forecast(city: string, unit: "c" | "f" = "c", days?: Int, retries = 3, at?: Date): string {
  return \`\${city} \${unit} \${days ?? 1} \${retries} \${at?.toISOString() ?? ""}\`;
}

/** A tuple and an array that hold themselves (their check once expanded for ever). */
export type Chain = [Chain | null, number];
export type Nested = Nested[];

/** Follows a chain. */
export function follow(chain: Chain, nested: Nested): string {
  return \`\${chain[1]} \${nested.length}\`;
}

/** Places near one. */
export function near({ place, limit = 5, unit }: { place: Place; limit?: Int; unit?: Unit }): string {
  return \`\${place.name} \${limit} \${unit ?? ""}\`;
}
`;

/** Each edit of the tools file, made without regenerating, and the tool whose check must fail. */
const edits: { change: string; from: string; to: string; tool: string }[] = [
  { change: "a union member added", from: `unit: "c" | "f" = "c"`, to: `unit: "c" | "f" | "k" = "c"`, tool: "forecast" },
  { change: "a union member removed", from: `unit: "c" | "f" = "c"`, to: `unit: "c" = "c"`, tool: "forecast" },
  { change: "a parameter's type", from: `unit: "c" | "f" = "c"`, to: `unit: number = 1`, tool: "forecast" },
  { change: "a property's type", from: "lat: number;", to: "lat: string;", tool: "near" },
  { change: "a nested union member", from: `"home" | "work"`, to: `"home" | "work" | "gym"`, tool: "near" },
  { change: "an enum member", from: `Fahrenheit = "f",`, to: `Fahrenheit = "f",\n  Kelvin = "k",`, tool: "near" },
  { change: "a parameter's optional flag", from: "days?: Int,", to: "days: Int | null,", tool: "forecast" },
  { change: "a property's optional flag", from: "zip?: string;", to: "zip: string;", tool: "near" },
  { change: "a member's optional flag", from: "limit?: Int;", to: "limit: Int;", tool: "near" },
  { change: "a default's type", from: "retries = 3", to: `retries = "3"`, tool: "forecast" },
  { change: "a parameter added", from: "at?: Date)", to: "at?: Date, extra?: string)", tool: "forecast" },
  { change: "a Date that became a string", from: "at?: Date)", to: "at?: string)", tool: "forecast" },
  { change: "a recursive tuple's element", from: "export type Chain = [Chain | null, number];", to: "export type Chain = [Chain | null, string];", tool: "follow" },
];

const require = createRequire(import.meta.url);
const tscOf = (alias: string) => path.join(path.dirname(require.resolve(`${alias}/package.json`)), "bin/tsc");
const compilers = [
  { version: "5.9", tsc: tscOf("typescript59") },
  { version: "7", tsc: tscOf("typescript7") },
];

describe("the registry's stale check", () => {
  let project: TempProject;

  beforeAll(() => {
    project = new TempProject({ "fresh/tools.ts": TOOLS });
    const result = analyze({ files: [project.path("fresh/tools.ts")] });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const registry = emitRegistryModule(result.tools, { outFile: project.path("fresh/registry.ts"), style: "openai", strict: false });
    project.write("fresh/registry.ts", registry);
    edits.forEach(({ from, to }, i) => {
      expect(TOOLS, from).toContain(from);
      project.write(`stale${i}/tools.ts`, TOOLS.replace(from, to));
      project.write(`stale${i}/registry.ts`, registry);
    });
    project.write(
      "tsconfig.json",
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          noUnusedLocals: true,
          skipLibCheck: true,
          target: "es2023",
          lib: ["es2023"],
          module: "nodenext",
          types: [],
        },
        include: ["fresh", ...edits.map((_, i) => `stale${i}`)],
      }),
    );
  }, 60_000);
  afterAll(() => project.dispose());

  /** The files with errors, each with its messages. */
  function errorsByFolder(messages: readonly string[]): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const message of messages) {
      const folder = message.split(/[\\/]/)[0] ?? "";
      (out[folder] ??= []).push(message);
    }
    return out;
  }

  function expectStaleExactlyAsEdited(messages: readonly string[]): void {
    const byFolder = errorsByFolder(messages);
    expect(byFolder.fresh ?? []).toEqual([]);
    edits.forEach(({ change, tool }, i) => {
      const text = (byFolder[`stale${i}`] ?? []).join("\n");
      expect(text, change).toContain(`tool ${tool} is stale: run toolsmith codegen`);
      const other = tool === "forecast" ? "near" : "forecast";
      expect(text, change).not.toContain(`tool ${other} is stale`);
    });
  }

  it("imports its helper types from @toolsmith/runtime instead of declaring them", () => {
    const registry = project.read("fresh/registry.ts");
    expect(registry).toMatch(/^import type \{[^}]*\bSchemaCurrent,\s+SchemaMatch,?\s*\} from "@toolsmith\/runtime";$/m);
    expect(registry).toContain('export type ForecastSchemaCheck = SchemaCurrent<');
    expect(registry).not.toMatch(/^type (Plain|Positions|SchemaMatch|SchemaCurrent)\b/m);
  });

  it("fails tsc 6 for every edit, naming the changed tool, and passes when nothing changed", () => {
    const files = ["fresh", ...edits.map((_, i) => `stale${i}`)].flatMap((dir) => [`${dir}/registry.ts`, `${dir}/tools.ts`]);
    expectStaleExactlyAsEdited(project.typecheck(...files));
  });

  it.each(compilers)("does the same on TypeScript $version", ({ tsc }) => {
    const run = spawnSync(process.execPath, [tsc, "-p", project.path("tsconfig.json"), "--pretty", "false"], {
      cwd: project.root,
      encoding: "utf8",
      timeout: 120_000,
    });
    const messages = run.stdout.split("\n").filter((line) => line.includes("error TS"));
    expect(messages.length, run.stdout + run.stderr).toBeGreaterThan(0);
    expectStaleExactlyAsEdited(messages.map((line) => line.replace(/^\.\//, "").split(path.sep).join("/")));
  });
});
