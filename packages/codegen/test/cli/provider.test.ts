/**
 * `toolsmith codegen --json --provider ...`: each provider's variant, checked against that provider's
 * written-down rules (the runtime's provider checkers); every loss a warning naming the function and
 * parameter; a function the provider cannot express an error that writes nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { checkAnthropic, checkGemini, checkOpenAI, checkOpenAIStrict, type Violation } from "../../../runtime/test/providers/checkers.js";
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

/** A required open Record: no Gemini form (its objects need declared properties), no strict form either. */
const TAGS = `/** Tags things. */
export function tag(labels: Record<string, string>): number {
  return Object.keys(labels).length;
}
`;

const CHECKERS: Record<string, (schema: unknown) => Violation[]> = {
  openai: checkOpenAI,
  "openai-strict": checkOpenAIStrict,
  anthropic: checkAnthropic,
  gemini: checkGemini,
};

interface Entry {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

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
      expect(Object.keys(entry).sort()).toEqual(["description", "name", "parameters"]);
      expect({ name: entry.name, violations: CHECKERS[provider]!(entry.parameters) }).toEqual({ name: entry.name, violations: [] });
    }
  });

  it("gemini: inlines definitions and warns about each loss at the function and parameter", async () => {
    project = new TempProject({ "tools/book.ts": BOOKING });
    const run = await project.run("codegen", "tools/book.ts", "--json", "schemas.json", "--provider", "gemini");
    expect(run.status).toBe(0);
    const text = project.read("schemas.json");
    expect(text).not.toContain("$ref");
    expect(text).not.toContain("$defs");
    const warnings = run.stderr.split("\n").filter((line) => line.includes("warning:"));
    expect(warnings.length).toBeGreaterThan(0);
    for (const line of warnings) expect(line).toMatch(/^tools\/book\.ts:\d+:\d+ - warning: Gemini: .+ \(function `book`, parameter `\w+`\)$/);
    const about = (parameter: string) => warnings.filter((line) => line.endsWith(`parameter \`${parameter}\`)`));
    expect(about("seats").join("\n")).toContain("dropped default 1");
    expect(about("pair").join("\n")).toContain("tuple of 2");
    expect(about("note").join("\n")).toContain('dropped default "none"');
    // A loss-free function gets no warning; a null default (omitting means null anyway) is no loss.
    expect(run.stderr).not.toContain("`hello`");
    expect(run.stderr).not.toContain("default null");
  });

  it("openai: warns only about what OpenAI loses (the tuple)", async () => {
    project = new TempProject({ "tools/book.ts": BOOKING });
    const run = await project.run("codegen", "tools/book.ts", "--provider", "openai");
    expect(run.status).toBe(0);
    expect(run.stderr.split("\n")).toEqual([expect.stringMatching(/warning: OpenAI: tuple of 2 .+ \(function `book`, parameter `pair`\)$/)]);
    expect(JSON.parse(run.stdout)).toHaveLength(2);
  });

  it.each(["gemini", "openai-strict"])("%s: a function the provider cannot express is an error naming it; nothing is written", async (provider) => {
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
    [["--provider", "claude"], "--provider must be openai, openai-strict, anthropic, gemini, not claude"],
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
      plan: { json: project.path("schemas.json"), style: "openai", strict: false, provider: "gemini" },
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
