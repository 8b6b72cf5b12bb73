/**
 * The registry module emitter on its own, fed tool models for real source files: the module type-checks
 * against the functions' real signatures, dispatches correctly at run time (nulls for omitted optional
 * parameters become undefined), survives prettier unchanged, and is stable.
 */
import { pathToFileURL } from "node:url";
import * as prettier from "prettier";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolModel } from "../../src/model.js";
import { emitRegistryModule } from "../../src/registry/emit.js";
import { relativeImportSpecifier } from "../../src/registry/import-path.js";
import { TempProject } from "./support.js";

const TOOLS = `import type { Int } from "@toolsmith/runtime";

export function sums(a: Int, b: Int = 1): number {
  return a + b;
}

export function greet(name: string, greeting?: string, punctuation: string = "!"): string {
  return \`\${greeting ?? "Hello"}, \${name}\${punctuation}\`;
}

export async function searchDocumentsWithAVeryLongName(
  queryTextThatIsLong: string,
  maximumNumberOfResults?: number,
  includeArchivedDocuments = false,
  sortOrder: "asc" | "desc" = "asc",
): Promise<string[]> {
  return [queryTextThatIsLong, String(maximumNumberOfResults), String(includeArchivedDocuments), sortOrder];
}

export interface Options {
  path: string;
  "dry-run"?: boolean;
  depth?: number;
}

export function deleteFiles({ path, "dry-run": dryRun, depth }: Options): string {
  return \`\${path} dry=\${dryRun === undefined ? "undefined" : dryRun} depth=\${depth === undefined ? "undefined" : depth}\`;
}

export interface LongOptions {
  firstOptionalMemberWithALongName?: string;
  secondOptionalMemberWithALongName?: number;
  thirdOptionalMemberWithALongName?: boolean;
}

export function configureTheDeploymentPipelineForProduction(options: LongOptions = {}): string {
  return JSON.stringify(options);
}

export function ping({ host }: { host: string }): string {
  return \`pong \${host}\`;
}

export function now(): string {
  return "now";
}

export function registry(x: string): string {
  return x;
}

export function args(args: string): string {
  return \`args: \${args}\`;
}

export function SumsArgs(): number {
  return 1;
}
`;

function tool(name: string, partial: Partial<ToolModel> = {}): ToolModel {
  return {
    name,
    file: "",
    line: 1,
    column: 1,
    parameters: { properties: {}, type: "object" },
    callStyle: "positional",
    params: [],
    isAsync: false,
    confirm: false,
    ...partial,
  };
}

const param = (name: string, kind: "required" | "optional" | "default" = "required") => ({
  name,
  optional: kind === "optional",
  hasDefault: kind === "default",
});

function models(file: string): ToolModel[] {
  return [
    tool("sums", {
      file,
      description: "Adds a + b",
      parameters: {
        properties: { a: { type: "integer" }, b: { default: 1, type: "integer" } },
        required: ["a"],
        type: "object",
      },
      params: [param("a"), param("b", "default")],
      returns: { type: "number" },
    }),
    tool("greet", {
      file,
      description: 'Greets someone: "hello" or \'hi\', with a "quote" - and a long description that runs past eighty columns.',
      parameters: {
        properties: {
          name: { type: "string" },
          greeting: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
          punctuation: { default: "!", type: "string" },
        },
        required: ["name"],
        type: "object",
      },
      params: [param("name"), param("greeting", "optional"), param("punctuation", "default")],
    }),
    tool("searchDocumentsWithAVeryLongName", {
      file,
      isAsync: true,
      confirm: true,
      parameters: {
        properties: {
          queryTextThatIsLong: {
            minLength: 1,
            type: "string",
            description: "What to look for, in plain words; long enough that it cannot share a line.",
          },
          maximumNumberOfResults: { anyOf: [{ maximum: 100, minimum: 1, type: "number" }, { type: "null" }], default: null },
          includeArchivedDocuments: { default: false, type: "boolean" },
          sortOrder: { default: "asc", enum: ["asc", "desc"], type: "string" },
        },
        required: ["queryTextThatIsLong"],
        type: "object",
      },
      params: [
        param("queryTextThatIsLong"),
        param("maximumNumberOfResults", "optional"),
        param("includeArchivedDocuments", "default"),
        param("sortOrder", "default"),
      ],
      returns: { items: { type: "string" }, type: "array", examples: [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]] },
    }),
    tool("deleteFiles", {
      file,
      callStyle: "object",
      parameters: {
        properties: {
          path: { type: "string" },
          "dry-run": { anyOf: [{ type: "boolean" }, { type: "null" }], default: null },
          depth: { anyOf: [{ type: "number" }, { type: "null" }], default: null },
        },
        required: ["path"],
        type: "object",
      },
      params: [param("path"), param("dry-run", "optional"), param("depth", "optional")],
    }),
    tool("configureTheDeploymentPipelineForProduction", {
      file,
      callStyle: "object",
      parameters: {
        properties: {
          firstOptionalMemberWithALongName: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
          secondOptionalMemberWithALongName: { anyOf: [{ type: "number" }, { type: "null" }], default: null },
          thirdOptionalMemberWithALongName: { anyOf: [{ type: "boolean" }, { type: "null" }], default: null },
        },
        type: "object",
      },
      params: [
        param("firstOptionalMemberWithALongName", "optional"),
        param("secondOptionalMemberWithALongName", "optional"),
        param("thirdOptionalMemberWithALongName", "optional"),
      ],
    }),
    tool("ping", {
      file,
      callStyle: "object",
      parameters: { properties: { host: { type: "string" } }, required: ["host"], type: "object" },
      params: [param("host")],
    }),
    tool("now", { file }),
    tool("registry", {
      file,
      parameters: { properties: { x: { type: "string" } }, required: ["x"], type: "object" },
      params: [param("x")],
    }),
    tool("args", {
      file,
      parameters: { properties: { args: { type: "string" } }, required: ["args"], type: "object" },
      params: [param("args")],
    }),
    tool("SumsArgs", { file }),
  ];
}

describe("registry module", () => {
  let project: TempProject;
  let moduleText: string;
  let generated: Record<string, { invoke: (args: object) => unknown; params: unknown; confirm?: boolean }>;

  beforeAll(async () => {
    project = new TempProject({ "src/tools/all.ts": TOOLS });
    const outFile = project.path("generated/registry.ts");
    moduleText = emitRegistryModule(models(project.path("src/tools/all.ts")), { outFile, style: "openai", strict: false });
    project.write("generated/registry.ts", moduleText);
    project.write(
      "generated/use.ts",
      [
        'import { registry, type SumsArgs2, type GreetResult } from "./registry.js";',
        "const sum: number = await registry.sums.invoke({ a: 1 });",
        'const greeting: GreetResult = await registry.greet.invoke({ name: "x", greeting: null });',
        "const args: SumsArgs2 = { a: 1 };",
        "// @ts-expect-error - a string is not an Int",
        'registry.sums.invoke({ a: "1" });',
        "export { sum, greeting, args };",
      ].join("\n"),
    );
    generated = ((await import(pathToFileURL(project.path("generated/registry.ts")).href)) as { registry: typeof generated })
      .registry;
  });
  afterAll(() => project.dispose());

  it("type-checks against the real function signatures", () => {
    expect(project.typecheck("generated/registry.ts", "generated/use.ts")).toEqual([]);
  });

  it("does not type-check when a function's signature no longer matches its arguments type", () => {
    project.write("generated/stale.ts", moduleText.replace("sums(args.a, args.b)", "sums(args.b, args.a, args.a)"));
    expect(project.typecheck("generated/stale.ts").join("\n")).toMatch(/Expected 1-2 arguments/);
  });

  it.each([
    ["sums", { a: 6, b: 3 }, 9],
    ["greet", { name: "Ada", greeting: null, punctuation: "?" }, "Hello, Ada?"],
    ["greet", { name: "Ada", greeting: "Hi", punctuation: "." }, "Hi, Ada."],
    ["deleteFiles", { path: "/tmp", "dry-run": null, depth: 2 }, "/tmp dry=undefined depth=2"],
    ["deleteFiles", { path: "/tmp", "dry-run": true, depth: null }, "/tmp dry=true depth=undefined"],
    ["ping", { host: "h" }, "pong h"],
    [
      "configureTheDeploymentPipelineForProduction",
      { firstOptionalMemberWithALongName: "x", secondOptionalMemberWithALongName: null, thirdOptionalMemberWithALongName: null },
      '{"firstOptionalMemberWithALongName":"x"}',
    ],
    ["now", {}, "now"],
    ["registry", { x: "shadowed name still works" }, "shadowed name still works"],
    ["SumsArgs", {}, 1],
    ["args", { args: "a name the module uses itself" }, "args: a name the module uses itself"],
  ])("dispatches %s(%j)", async (name, args, expected) => {
    expect(await generated[name]!.invoke(args)).toEqual(expected);
  });

  it("declares the calling convention and confirmation", () => {
    expect(generated.sums!.params).toEqual(["a", "b"]);
    expect(generated.deleteFiles!.params).toBe("object");
    expect(generated.searchDocumentsWithAVeryLongName!.confirm).toBe(true);
    expect(generated.sums!.confirm).toBeUndefined();
  });

  it("keeps the schemas exactly", async () => {
    const byName = Object.fromEntries(models("").map((m) => [m.name, m]));
    for (const [name, spec] of Object.entries(generated)) {
      const { parameters, description, returns } = spec as unknown as ToolModel;
      expect({ parameters, description, returns }).toEqual({
        parameters: byName[name]!.parameters,
        description: byName[name]!.description,
        returns: byName[name]!.returns,
      });
    }
  });

  it("is already formatted the way prettier formats it", async () => {
    expect(await prettier.format(moduleText, { parser: "typescript" })).toBe(moduleText);
  });

  it("is the same text on every run", () => {
    const again = emitRegistryModule(models(project.path("src/tools/all.ts")), {
      outFile: project.path("generated/registry.ts"),
      style: "openai",
      strict: false,
    });
    expect(again).toBe(moduleText);
  });

  it("keeps the ordinary schema and marks strict under --strict, and writes revive plans, prettier-stable", async () => {
    const file = project.path("src/tools/all.ts");
    const strictForm = { additionalProperties: false, properties: { a: { type: "integer" }, b: { anyOf: [{ type: "integer" }, { type: "null" }] } }, required: ["a", "b"], type: "object" } as const;
    const [sums] = models(file);
    const revive = { properties: { a: { anyOf: [{ as: "date" }, {}] } }, $defs: { Deep: { properties: { when: { items: { as: "date" } } } } } } as const;
    const text = emitRegistryModule([{ ...sums!, parameters: strictForm, nonStrictParameters: sums!.parameters, revive }], {
      outFile: project.path("generated/strict.ts"),
      style: "openai",
      strict: true,
    });
    project.write("generated/strict.ts", text);
    const { registry } = (await import(pathToFileURL(project.path("generated/strict.ts")).href)) as { registry: Record<string, object> };
    expect(registry.sums).toMatchObject({ parameters: sums!.parameters, strict: true, revive });
    expect(await prettier.format(text, { parser: "typescript" })).toBe(text);
    expect(project.typecheck("generated/strict.ts")).toEqual([]);
    expect(moduleText).not.toMatch(/strict:|revive:/);
  });

  it("is a valid empty registry when there are no tools", async () => {
    const text = emitRegistryModule([], { outFile: project.path("empty.ts"), style: "pydantic", strict: true });
    project.write("empty.ts", text);
    expect(project.typecheck("empty.ts")).toEqual([]);
    expect(await prettier.format(text, { parser: "typescript" })).toBe(text);
  });
});

describe("relative import specifiers", () => {
  it.each([
    ["/p/registry.ts", "/p/tools/sums.ts", "./tools/sums.js"],
    ["/p/gen/registry.ts", "/p/src/tools/sums.ts", "../src/tools/sums.js"],
    ["/p/registry.ts", "/p/a.mts", "./a.mjs"],
    ["/p/registry.ts", "/p/a.cts", "./a.cjs"],
    ["/p/registry.ts", "/p/view.tsx", "./view.js"],
    ["/p/registry.ts", "/p/plain.js", "./plain.js"],
    ["/p/registry.ts", "/p/types.d.ts", "./types.js"],
    ["/p/a/b/c/registry.ts", "/p/x.ts", "../../../x.js"],
  ])("from %s to %s is %s", (from, to, expected) => {
    expect(relativeImportSpecifier(from, to)).toBe(expected);
  });
});
