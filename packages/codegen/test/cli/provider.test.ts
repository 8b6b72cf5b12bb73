/**
 * `toolsmith codegen --json --provider ...`: each provider's variant, checked against that provider's
 * written-down rules (the runtime's provider checkers); every loss a warning naming the function and
 * parameter; a function the provider cannot express an error that writes nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  checkAnthropic, checkAnthropicStrict, checkGemini, checkGeminiDeclaration, checkOpenAI, checkOpenAIStrict, type Violation,
} from "../../../runtime/test/providers/checkers.js";
import { watchCodegen, type WatchCycle, type WatchHandle } from "../../src/output/watch.js";
import { TempProject } from "./support.js";

/** Everything the dialects disagree on: a shared definition, defaults, a pattern-like constraint, a tuple, a union. */
const BOOKING = `import type { Int } from "@toolsmith/runtime";

export interface Slot {
  /** ISO day */
  day: string;
  kind: "morning" | "evening";
}

/** Books a flight. */
export function book(code: string, seats: Int = 1, when?: Slot | null, pair?: [string, number], note: string | number = "none"): string {
  return code;
}

/** Says hello. */
export function hello(name: string): string {
  return name;
}
`;

/**
 * A required open Record: no form in Gemini's OpenAPI subset (its objects need declared properties), no
 * strict form either; Gemini's parametersJsonSchema and plain Anthropic take it.
 */
const TAGS = `/** Tags things. */
export function tag(labels: Record<string, string>): number {
  return Object.keys(labels).length;
}
`;

interface Entry {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  parametersJsonSchema?: Record<string, unknown>;
}

/** Each provider's checker, applied to one `--json` entry (for Gemini, the whole function declaration). */
const CHECKERS: Record<string, (entry: Entry) => Violation[]> = {
  openai: (e) => checkOpenAI(e.parameters),
  "openai-strict": (e) => checkOpenAIStrict(e.parameters),
  anthropic: (e) => checkAnthropic(e.parameters),
  "anthropic-strict": (e) => checkAnthropicStrict(e.parameters),
  gemini: checkGeminiDeclaration,
  "gemini-openapi": checkGeminiDeclaration,
};
const PARAMETERS_FIELD: Record<string, string> = { gemini: "parametersJsonSchema" };

let project: TempProject;
let handle: WatchHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
  project?.dispose();
});

describe("--provider", () => {
  it.each(Object.keys(CHECKERS))("%s: writes every function's schema in a form that follows the provider's rules", async (provider) => {
    project = new TempProject({ "tools/book.ts": BOOKING });
    const run = await project.run("codegen", "tools/book.ts", "--json", "schemas.json", "--provider", provider);
    expect(run.status).toBe(0);
    const entries = JSON.parse(project.read("schemas.json")) as Entry[];
    expect(entries.map((e) => [e.name, e.description])).toEqual([["book", "Books a flight."], ["hello", "Says hello."]]);
    for (const entry of entries) {
      expect(Object.keys(entry).sort()).toEqual(["description", "name", PARAMETERS_FIELD[provider] ?? "parameters"]);
      expect({ name: entry.name, violations: CHECKERS[provider]!(entry) }).toEqual({ name: entry.name, violations: [] });
    }
  });

  it("gemini-openapi: inlines definitions, keeps Gemini's Schema fields, and warns about each loss at the function and parameter", async () => {
    project = new TempProject({ "tools/book.ts": BOOKING });
    const run = await project.run("codegen", "tools/book.ts", "--json", "schemas.json", "--provider", "gemini-openapi");
    expect(run.status).toBe(0);
    const text = project.read("schemas.json");
    expect(text).not.toContain("$ref");
    expect(text).not.toContain("$defs");
    const warnings = run.stderr.split("\n").filter((line) => line.includes("warning:"));
    expect(warnings.length).toBeGreaterThan(0);
    for (const line of warnings) expect(line).toMatch(/^tools\/book\.ts:\d+:\d+ - warning: Gemini: .+ \(function `book`, parameter `\w+`\)$/);
    const about = (parameter: string) => warnings.filter((line) => line.endsWith(`parameter \`${parameter}\`)`));
    expect(about("pair").join("\n")).toContain("tuple of 2");
    // default is a field of Gemini's Schema: kept, not a loss.
    expect(run.stderr).not.toContain("default");
    const [book] = JSON.parse(text) as Entry[];
    expect(book?.parameters).toMatchObject({ properties: { seats: { type: "integer", default: 1 }, note: { default: "none" } } });
    // A loss-free function gets no warning.
    expect(run.stderr).not.toContain("`hello`");
  });

  it("gemini: parametersJsonSchema keeps the JSON Schema as it is: no loss, no warning", async () => {
    project = new TempProject({ "tools/book.ts": BOOKING, "tools/tag.ts": TAGS });
    const run = await project.run("codegen", "tools", "--json", "schemas.json", "--provider", "gemini");
    expect(run).toMatchObject({ status: 0, stderr: "" });
    const entries = JSON.parse(project.read("schemas.json")) as Entry[];
    expect(entries.map((e) => e.name)).toEqual(["book", "hello", "tag"]);
    for (const entry of entries) expect(checkGeminiDeclaration(entry)).toEqual([]);
    expect(entries[0]?.parametersJsonSchema).toHaveProperty("$defs");
  });

  it("anthropic-strict: optional parameters stay optional, objects are closed, the tuple's lost length is a warning", async () => {
    project = new TempProject({ "tools/book.ts": BOOKING });
    const run = await project.run("codegen", "tools/book.ts", "--provider", "anthropic-strict");
    expect(run.status).toBe(0);
    expect(run.stderr.split("\n")).toEqual([expect.stringMatching(/warning: Anthropic strict: tuple of 2 .+ \(at #\/properties\/pair\/anyOf\/0\) \(function `book`, parameter `pair`\)$/)]);
    const [book] = JSON.parse(run.stdout) as Entry[];
    expect(book?.parameters).toMatchObject({ required: ["code"], additionalProperties: false, properties: { seats: { default: 1 } } });
  });

  it("openai: warns only about what OpenAI loses (the tuple)", async () => {
    project = new TempProject({ "tools/book.ts": BOOKING });
    const run = await project.run("codegen", "tools/book.ts", "--provider", "openai");
    expect(run.status).toBe(0);
    expect(run.stderr.split("\n")).toEqual([expect.stringMatching(/warning: OpenAI: tuple of 2 .+ \(function `book`, parameter `pair`\)$/)]);
    expect(JSON.parse(run.stdout)).toHaveLength(2);
  });

  it.each(["gemini-openapi", "openai-strict", "anthropic-strict"])("%s: a function the provider cannot express is an error naming it; nothing is written", async (provider) => {
    project = new TempProject({ "tools/book.ts": BOOKING, "tools/tag.ts": TAGS });
    project.write("schemas.json", "old\n");
    const before = project.mtime("schemas.json");
    const run = await project.run("codegen", "tools", "--json", "schemas.json", "--provider", provider);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/tools\/tag\.ts:\d+:\d+ - error: .+ \(function `tag`, parameter `labels`\)/);
    expect(run.stderr).toContain("no output written");
    expect(project.read("schemas.json")).toBe("old\n");
    expect(project.mtime("schemas.json")).toBe(before);
  });

  it("anthropic takes the open Record as is", async () => {
    project = new TempProject({ "tools/tag.ts": TAGS });
    const run = await project.run("codegen", "tools/tag.ts", "--provider", "anthropic");
    expect(run).toMatchObject({ status: 0, stderr: "" });
    const [tag] = JSON.parse(run.stdout) as Entry[];
    expect(checkAnthropic(tag?.parameters)).toEqual([]);
  });

  it("--check compares against the provider's variant", async () => {
    project = new TempProject({ "tools/book.ts": BOOKING });
    expect((await project.run("codegen", "tools/book.ts", "--json", "s.json", "--provider", "gemini")).status).toBe(0);
    expect((await project.run("codegen", "tools/book.ts", "--json", "s.json", "--provider", "gemini", "--check")).status).toBe(0);
    expect((await project.run("codegen", "tools/book.ts", "--json", "s.json", "--check")).status).toBe(1);
  });

  it("openai-strict is --strict: the same JSON", async () => {
    project = new TempProject({ "tools/book.ts": BOOKING });
    await project.run("codegen", "tools/book.ts", "--json", "a.json", "--provider", "openai-strict");
    await project.run("codegen", "tools/book.ts", "--json", "b.json", "--strict");
    expect(project.read("a.json")).toBe(project.read("b.json"));
  });

  it.each([
    [["--provider", "claude"], "--provider must be openai, openai-strict, anthropic, anthropic-strict, gemini, gemini-openapi, not claude"],
    [["--provider", "gemini", "--strict"], "--strict is --provider openai-strict"],
    [["--provider", "gemini", "--style", "pydantic"], "cannot be combined with --style pydantic"],
    [["--provider", "anthropic", "--out", "r.ts"], "--provider shapes the JSON schemas: give --json"],
  ])("usage error: %j", async (flags, message) => {
    project = new TempProject({ "tools/book.ts": BOOKING });
    const run = await project.run("codegen", "tools/book.ts", ...flags);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(project.exists("r.ts")).toBe(false);
  });

  it("--watch keeps the provider's variant and treats its errors like any other (outputs kept)", async () => {
    project = new TempProject({ "tools/book.ts": BOOKING });
    const cycles: WatchCycle[] = [];
    let wake: (() => void) | undefined;
    const next = async (): Promise<WatchCycle> => {
      while (cycles.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return cycles.shift()!;
    };
    const stderr: string[] = [];
    handle = await watchCodegen({
      patterns: ["tools/*.ts"],
      plan: { json: project.path("schemas.json"), style: "openai", strict: false, provider: "gemini-openapi" },
      io: { cwd: project.root, stdout: () => {}, stderr: (t) => stderr.push(t) },
      onCycle: (cycle) => {
        cycles.push(cycle);
        wake?.();
      },
    });
    const first = await next();
    expect(first.ok).toBe(true);
    const written = project.read("schemas.json");
    for (const entry of JSON.parse(written) as Entry[]) expect(checkGemini(entry.parameters)).toEqual([]);
    expect(first.diagnostics.some((d) => d.severity === "warning" && d.message.startsWith("Gemini:"))).toBe(true);

    project.write("tools/tag.ts", TAGS);
    const second = await next();
    expect(second.ok).toBe(false);
    expect(second.diagnostics.filter((d) => d.severity === "error")).toEqual([
      expect.objectContaining({ functionName: "tag", parameterName: "labels", message: expect.stringMatching(/^Gemini: required "labels" has no Gemini form/) }),
    ]);
    expect(project.read("schemas.json")).toBe(written);
  });
});

/** A function without arguments and unusual (but valid TypeScript) names. */
const ODD = `/** The time. */
export function now(): string {
  return "";
}

/** Odd parameter names. */
export function odd({ "my-param": p, ok }: { "my-param": string; ok?: number }): string {
  return p;
}

/** Says hello. */ function hello(name: string): string {
  return name;
}
export { hello as "9lives" };
export { hello as "ns:tool" };
export { hello as _private };
`;

describe("--provider: no arguments and unusual names", () => {
  it.each(["gemini", "gemini-openapi"])("%s: a function without arguments is declared without a parameters field", async (provider) => {
    project = new TempProject({ "tools/now.ts": ODD.split("\n\n")[0]! + "\n" });
    const run = await project.run("codegen", "tools/now.ts", "--provider", provider);
    expect(run).toMatchObject({ status: 0, stderr: "" });
    const entries = JSON.parse(run.stdout) as Entry[];
    expect(entries).toEqual([{ name: "now", description: "The time." }]);
    expect(checkGeminiDeclaration(entries[0])).toEqual([]);
  });

  it.each(Object.keys(CHECKERS))("%s: a tool name with a leading digit or a colon is an error at its export, whatever the provider", async (provider) => {
    project = new TempProject({ "tools/odd.ts": ODD });
    const run = await project.run("codegen", "tools/odd.ts", "--json", "schemas.json", "--provider", provider);
    expect(run.status).toBe(1);
    const errors = run.stderr.split("\n").filter((line) => line.includes(" - error: "));
    expect(errors).toEqual([
      expect.stringMatching(/^tools\/odd\.ts:14:19 - error: 9lives: is not a name the model providers accept for a tool \(a letter or `_` first/),
      expect.stringMatching(/^tools\/odd\.ts:15:19 - error: ns:tool: is not a name the model providers accept for a tool/),
    ]);
    expect(project.exists("schemas.json")).toBe(false);
  });

  it("gemini: a parameter name Vertex AI rejects is a warning naming Vertex AI; the Gemini API takes it", async () => {
    project = new TempProject({ "tools/odd.ts": ODD.replace(/\nexport \{ hello as "[^"]+" \};/g, "") });
    const run = await project.run("codegen", "tools/odd.ts", "--provider", "gemini");
    expect(run.status).toBe(0);
    expect(run.stderr.split("\n").filter((line) => line.includes(" - "))).toEqual([
      'tools/odd.ts:7:17 - warning: Gemini: parameter name "my-param" is rejected by Vertex AI (a letter or `_` first, then letters, digits and `_`, at most 64) (at #/properties/my-param) (function `odd`, parameter `my-param`)',
    ]);
    const entries = JSON.parse(run.stdout) as Entry[];
    expect(entries.map((e) => e.name)).toEqual(["now", "odd", "_private"]);
    for (const entry of entries) expect(checkGeminiDeclaration(entry)).toEqual([]);
  });

  it("anthropic: a parameter name outside Anthropic's property-key pattern is an error naming it; OpenAI takes it", async () => {
    project = new TempProject({ "tools/spaced.ts": `export function spaced({ "a b": x }: { "a b": string }): string {\n  return x;\n}\n` });
    for (const provider of ["anthropic", "anthropic-strict"]) {
      const run = await project.run("codegen", "tools/spaced.ts", "--provider", provider);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/tools\/spaced\.ts:1:17 - error: Anthropic( strict)?: parameter name "a b" is rejected by Anthropic .+ \(function `spaced`, parameter `a b`\)/);
    }
    expect((await project.run("codegen", "tools/spaced.ts", "--provider", "openai")).status).toBe(0);
  });
});

/** JSDoc constraints: what each dialect keeps and drops. */
const LIMITS = `/** Bounded inputs. */
export function limits(
  /**
   * @minimum 1
   * @maximum 9
   */
  n: number,
  /**
   * @minLength 2
   * @maxLength 5
   * @pattern ^[a-z]+$
   */
  s: string,
  /**
   * @minItems 3
   * @maxItems 5
   */
  tags: string[],
  /** @format ipv4 */
  ip: string,
): string {
  return s;
}
`;

describe("--provider: the dropped keywords, each a warning at its parameter", () => {
  it.each([
    // provider, the `at` pointers warned about, what the written schema still has
    ["anthropic-strict", ["n/maximum", "n/minimum", "s/maxLength", "s/minLength", "tags/maxItems", "tags/minItems"], { s: { pattern: "^[a-z]+$" }, tags: { minItems: 1 }, ip: { format: "ipv4" } }],
    ["gemini-openapi", ["ip/format"], { n: { minimum: 1, maximum: 9 }, s: { minLength: 2, maxLength: 5, pattern: "^[a-z]+$" }, tags: { minItems: 3, maxItems: 5 } }],
    ["openai-strict", ["s/maxLength", "s/minLength"], { n: { minimum: 1, maximum: 9 }, s: { pattern: "^[a-z]+$" }, tags: { minItems: 3, maxItems: 5 }, ip: { format: "ipv4" } }],
    ["gemini", [], { n: { minimum: 1 }, s: { minLength: 2 }, tags: { maxItems: 5 }, ip: { format: "ipv4" } }],
  ] as const)("%s", async (provider, warned, kept) => {
    project = new TempProject({ "tools/limits.ts": LIMITS });
    const run = await project.run("codegen", "tools/limits.ts", "--provider", provider);
    expect(run.status).toBe(0);
    const warnings = run.stderr.split("\n").filter((line) => line.includes(" - warning: "));
    const at = warnings.map((line) => /\(at #\/properties\/([^)]+)\)/.exec(line)?.[1]);
    expect(at).toEqual(warned);
    for (const line of warnings) expect(line).toMatch(/\(function `limits`, parameter `(n|s|tags|ip)`\)$/);
    const [entry] = JSON.parse(run.stdout) as Entry[];
    expect({ violations: CHECKERS[provider]!(entry!) }).toEqual({ violations: [] });
    expect((entry!.parameters ?? entry!.parametersJsonSchema)?.properties).toMatchObject(kept);
  });
});
