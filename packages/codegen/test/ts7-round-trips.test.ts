/**
 * The ts7 engine asks the native process ahead, in batches of back-to-back requests (src/ts7/api.ts,
 * Pipeline and Session.prepare/explore), instead of one synchronous round trip per question: the
 * number of round trips does not grow with the number of tool files, and the output is the ts6
 * engine's, byte for byte. Round trips are counted by the engine's own trace (TOOLSMITH_TS7_TRACE).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { analyze, createAnalyzer, type AnalyzeOptions } from "../src/index.js";

const dir = mkdtempSync(path.join(tmpdir(), "toolsmith-round-trips-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MODELS = `
export enum Priority { Low = "low", Normal = "normal", High = "high" }
export interface Address { street: string; city: string; zip?: string }
export interface Person { name: string; age: number; address: Address; tags: string[] }
export interface Employee extends Person { id: number; manager?: Person; priority: Priority }
export type Shape = { kind: "circle"; radius: number } | { kind: "square"; side: number };
export type Tree = { value: number; children: Tree[] };
export type Totals = Record<"us" | "eu", number>;
`;

function toolFile(index: number): string {
  return `import { Priority, type Address, type Employee, type Person, type Shape, type Totals, type Tree } from "./models.js";
/** Hires someone. */
export function hire${index}(person: Omit<Employee, "id">, start: Date, priority: Priority = Priority.Normal): number { return 1; }
/** Moves someone. */
export function move${index}(who: Pick<Person, "name">, to: Partial<Address>, note?: string): boolean { return true; }
/** Draws shapes. */
export function draw${index}(shapes: Shape[], scale: number = 1): number { return shapes.length * scale; }
/** Sums a tree. */
export function sum${index}(tree: Tree, totals: Totals, options: { deep: boolean; limit?: number }): number { return tree.value; }
/** Tags things. */
export function tag${index}(items: Array<{ id: string; tags: readonly string[] }>, mode: "add" | "remove"): void {}
`;
}

/** Beside each file's tools: types no tool uses (a `Params` interface per function, as schema generators want). */
function unusedTypes(index: number): string {
  return [0, 1, 2, 3, 4]
    .map((n) => `/** Unused. */\nexport interface Unused${index}x${n} { mode: "b" | "a"; when: Date; who: Person; shape?: Shape; n: ${n} | 9 }`)
    .join("\n");
}

function project(files: number, extra: (index: number) => string = () => ""): string[] {
  const root = path.join(dir, `p${files}${extra(0) ? "x" : ""}`);
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "es2023", module: "nodenext", types: [] } }));
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, "models.ts"), MODELS);
  const out: string[] = [];
  for (let i = 0; i < files; i++) {
    const file = path.join(root, `tools${i}.ts`);
    writeFileSync(file, `${toolFile(i)}${extra(i)}`);
    out.push(file);
  }
  return out;
}

interface Trace {
  tools: unknown;
  roundTrips: number;
  /** Syntax nodes whose type or symbol was asked for. */
  nodes: number;
  batches: number;
  /** Round trips by request kind (batches not included). */
  byKind: Map<string, number>;
}

/** Analyzes with ts7 (one-shot, or with `run` given an analyzer), returning the tools and the round trips the engine's trace reports. */
function traced(files: string[], env: Record<string, string> = {}, run = (options: AnalyzeOptions) => analyze(options)): Trace {
  const saved = Object.fromEntries(["TOOLSMITH_TS7_TRACE", ...Object.keys(env)].map((name) => [name, process.env[name]]));
  Object.assign(process.env, { TOOLSMITH_TS7_TRACE: "1", ...env });
  const written: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    const result = run({ engine: "ts7", files, tsconfig: path.join(dir, "tsconfig.json") });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const text = written.join("");
    const match = /toolsmith ts7: (\d+) round trips, (\d+) nodes asked about/.exec(text);
    expect(match, text).not.toBeNull();
    const byKind = new Map([...text.matchAll(/^ {2}(\w+) (\d+)$/gm)].map((m) => [m[1] as string, Number(m[2])]));
    return { tools: result.tools, roundTrips: Number(match?.[1]), nodes: Number(match?.[2]), batches: [...text.matchAll(/\(batch of \d+\) (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0), byKind };
  } finally {
    spy.mockRestore();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe("ts7 engine round trips", () => {
  it("do not grow with the number of tool files, and the output is the ts6 engine's", () => {
    // Reading overlaps checking in a fixed number of parts (src/ts7/analyze.ts): past that many files,
    // more files add no round trips.
    const small = project(10);
    const large = project(40);
    const few = traced(small);
    const many = traced(large);
    // 40 files x 5 functions: one request per question would be well over a thousand round trips.
    expect(many.roundTrips).toBeLessThan(80);
    expect(many.roundTrips - few.roundTrips).toBeLessThanOrEqual(4);
    const ts6 = analyze({ engine: "ts6", files: large, tsconfig: path.join(dir, "tsconfig.json") });
    expect(JSON.stringify(many.tools)).toBe(JSON.stringify(ts6.tools));
    expect((many.tools as unknown[]).length).toBe(200);
  });

  it("asks nothing about types no tool uses, and what another file's tool uses of them is still read", () => {
    const plain = traced(project(10));
    const withUnused = traced(project(10, unusedTypes));
    expect(withUnused.nodes).toBe(plain.nodes);
    expect(withUnused.roundTrips).toBe(plain.roundTrips);
    const located = (trace: Trace): string => JSON.stringify(trace.tools).replaceAll(/"file":"[^"]*"/g, "");
    expect(located(withUnused)).toBe(located(plain));
    // A type beside one file's tools, unused there, used by another file's tool (its union order too).
    const root = path.join(dir, "beside");
    mkdirSync(root, { recursive: true });
    const a = path.join(root, "a.ts");
    const b = path.join(root, "b.ts");
    writeFileSync(a, `import type { Shared } from "./b.js";\n/** Uses b's type. */\nexport function useShared(s: Shared, order: "asc" | "desc"): void {}\n`);
    writeFileSync(b, `export interface Shared { kind: "y" | "x"; order: "desc" | "asc" }\n/** A tool of b. */\nexport function own(k: "x" | "y"): void {}\n`);
    const beside = traced([a, b]);
    const ts6 = analyze({ engine: "ts6", files: [a, b], tsconfig: path.join(dir, "tsconfig.json") });
    expect(JSON.stringify(beside.tools)).toBe(JSON.stringify(ts6.tools));
    expect(JSON.stringify(beside.tools)).toContain('"enum":["y","x"]');
  });

  it("asked one by one (TOOLSMITH_TS7_PIPELINE=0, as on a release whose channel differs) give the same output", () => {
    const files = project(10);
    const pipelined = traced(files);
    const oneByOne = traced(files, { TOOLSMITH_TS7_PIPELINE: "0" });
    expect(JSON.stringify(oneByOne.tools)).toBe(JSON.stringify(pipelined.tools));
    expect((oneByOne.tools as unknown[]).length).toBe(50);
    // Nothing asked ahead: every question is its own round trip.
    expect(pipelined.batches).toBeGreaterThan(0);
    expect(oneByOne.batches).toBe(0);
    expect(oneByOne.roundTrips).toBeGreaterThan(4 * pipelined.roundTrips);
  });

  it("an edit in watch mode fetches the project's own files only, never the default library's", () => {
    const files = project(3);
    const edited = files[0] as string;
    const watched = traced(files, {}, (options) => {
      const analyzer = createAnalyzer(options);
      try {
        analyzer.analyze();
        writeFileSync(edited, `${toolFile(0)}\n/** Added. */\nexport function added(): void {}\n`);
        analyzer.update([edited]);
        return analyzer.analyze();
      } finally {
        analyzer.close?.();
      }
    });
    expect((watched.tools as { name: string }[]).map((tool) => tool.name)).toContain("added");
    // The inputs and models.ts, in batches: none of the ~60 lib.*.d.ts files is asked for on its own.
    expect(watched.byKind.get("getSourceFile") ?? 0).toBeLessThan(5);
  });
});
