/**
 * `--watch` on a temp project: regenerates after an edit, keeps the old outputs through an edit that
 * introduces an error, picks up new files matching the glob, and stops on request. Each step waits for
 * the watcher's own "cycle done" signal, never for a fixed time.
 */
import { once } from "node:events";
import { rmSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { analyze, createAnalyzer } from "../../src/engines.js";
import { main } from "../../src/cli.js";
import { createShaper, shapeForPlan, type OutputPlan } from "../../src/commands/generate.js";
import { LocalImports, localImportClosure } from "../../src/output/local-imports.js";
import { emitRegistryModule } from "../../src/registry/emit.js";
import { emitPythonStubs, emitTypeScriptDeclarations } from "../../src/output/guest-stubs.js";
import { watchCodegen, type WatchCycle, type WatchHandle } from "../../src/output/watch.js";
import { ENGINES, type Engine } from "../../src/model.js";
import { SUMS, TempProject } from "./support.js";

/** Writes `first` to `file`, then `second` `gapMs` later, from a worker thread (not held up by this one). */
async function writeTwice(file: string, first: string, second: string, gapMs: number): Promise<void> {
  const worker = new Worker(
    `const { workerData: w } = require("node:worker_threads");
     const fs = require("node:fs");
     fs.writeFileSync(w.file, w.first);
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, w.gapMs);
     fs.writeFileSync(w.file, w.second);`,
    { eval: true, workerData: { file, first, second, gapMs } },
  );
  const [code] = (await once(worker, "exit")) as [number];
  if (code !== 0) throw new Error(`the writing thread exited with ${code}`);
}

/** Collects cycles and hands them out in order. */
class Cycles {
  private readonly seen: WatchCycle[] = [];
  private waiting: ((cycle: WatchCycle) => void) | undefined;

  readonly push = (cycle: WatchCycle) => {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(cycle);
    } else {
      this.seen.push(cycle);
    }
  };

  next(): Promise<WatchCycle> {
    const cycle = this.seen.shift();
    return cycle ? Promise.resolve(cycle) : new Promise((resolve) => (this.waiting = resolve));
  }

  /** Cycles reported and not yet taken. */
  get unread(): number {
    return this.seen.length;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let project: TempProject;
let handle: WatchHandle | undefined;
afterEach(async () => {
  await handle?.close();
  handle = undefined;
  project?.dispose();
});

async function startWatch(stdout: string[], stderr: string[], patterns = ["tools/*.ts"], engine: Engine = "ts6", debounceMs?: number): Promise<Cycles> {
  const cycles = new Cycles();
  handle = await watchCodegen({
    patterns,
    plan: { out: project.path("registry.ts"), json: project.path("schemas.json"), style: "openai", strict: false },
    io: { cwd: project.root, stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) },
    engine,
    onCycle: cycles.push,
    ...(debounceMs !== undefined ? { debounceMs } : {}),
  });
  return cycles;
}

describe.each(ENGINES)("watch (engine %s)", (engine) => {
  it("regenerates on edits, keeps outputs through errors, and follows new files", async () => {
    project = new TempProject({ "tools/sums.ts": SUMS });
    const stdout: string[] = [];
    const stderr: string[] = [];
    const cycles = await startWatch(stdout, stderr, undefined, engine);

    const first = await cycles.next();
    expect(first.ok).toBe(true);
    expect(first.written).toEqual([project.path("registry.ts"), project.path("schemas.json")]);
    expect(stdout.at(-1)).toMatch(/1 tool from 1 file: wrote registry\.ts, schemas\.json \(\d+ ms\)$/);

    project.write("tools/sums.ts", SUMS.replace("Adds a + b", "Adds two integers"));
    const edited = await cycles.next();
    expect(edited.ok).toBe(true);
    expect(project.read("schemas.json")).toContain("Adds two integers");
    expect(project.read("registry.ts")).toContain("Adds two integers");

    const good = { module: project.read("registry.ts"), json: project.read("schemas.json") };
    project.write("tools/sums.ts", SUMS.replace("b: Int = 1", "b: Int = 1, callback: () => void"));
    const broken = await cycles.next();
    expect(broken.ok).toBe(false);
    expect(broken.diagnostics.some((d) => d.severity === "error" && d.parameterName === "callback")).toBe(true);
    expect(stderr.join("\n")).toMatch(/tools\/sums\.ts:\d+:\d+ - error: .*parameter `callback`/);
    expect(stdout.at(-1)).toMatch(/errors; outputs kept/);
    expect({ module: project.read("registry.ts"), json: project.read("schemas.json") }).toEqual(good);

    project.write("tools/sums.ts", SUMS);
    expect((await cycles.next()).ok).toBe(true);
    project.write("tools/greet.ts", "/** Hi. */\nexport function greet(name: string): string {\n  return name;\n}\n");
    const added = await cycles.next();
    expect(added.ok).toBe(true);
    expect(project.read("registry.ts")).toContain('import { greet } from "./tools/greet.js";');
  });

  it("rewrites nothing when an edit does not change the output", async () => {
    project = new TempProject({ "tools/sums.ts": SUMS });
    const cycles = await startWatch([], [], undefined, engine);
    await cycles.next();
    const mtime = project.mtime("registry.ts");
    project.write("tools/sums.ts", `${SUMS}\n// a comment changes no schema\n`);
    const cycle = await cycles.next();
    expect(cycle).toMatchObject({ ok: true, written: [] });
    expect(project.mtime("registry.ts")).toBe(mtime);
  });

  it("follows edits of imported files in other folders, and ignores files that are not inputs", async () => {
    project = new TempProject({
      "shared/units.ts": 'export type Unit = "m" | "km";\n',
      "tools/convert.ts": 'import type { Unit } from "../shared/units.js";\n\nexport function convert(value: number, unit: Unit): number {\n  return value;\n}\n',
    });
    const cycles = await startWatch([], [], ["tools/convert.ts"], engine);
    await cycles.next();
    expect(project.read("schemas.json")).not.toContain('"mi"');

    project.write("shared/units.ts", 'export type Unit = "m" | "km" | "mi";\n');
    expect((await cycles.next()).ok).toBe(true);
    expect(project.read("schemas.json")).toContain('"mi"');

    project.write("tools/unrelated.ts", "export function unrelated(): void {}\n");
    project.write("tools/convert.ts", project.read("tools/convert.ts").replace("value: number", "value: number, precision = 2"));
    expect((await cycles.next()).ok).toBe(true);
    const names = (JSON.parse(project.read("schemas.json")) as { name: string; parameters: { properties: object } }[]).map((t) => [
      t.name,
      Object.keys(t.parameters.properties),
    ]);
    expect(names).toEqual([["convert", ["value", "precision", "unit"]]]);
  });

  it("picks up an import added to an input, then edits of the newly imported file", async () => {
    project = new TempProject({
      "tools/pick.ts": "export function pick(size: string): string {\n  return size;\n}\n",
      "lib/sizes.ts": 'export type Size = "s" | "m";\n',
    });
    const cycles = await startWatch([], [], ["tools/pick.ts"], engine);
    await cycles.next();

    project.write("tools/pick.ts", 'import type { Size } from "../lib/sizes.js";\n\nexport function pick(size: Size): string {\n  return size;\n}\n');
    expect((await cycles.next()).ok).toBe(true);
    expect(project.read("schemas.json")).toContain('"m"');

    // lib/ was watched only once the input imported it, and its import list was read again for it.
    project.write("lib/sizes.ts", 'export type Size = "s" | "m" | "xl";\n');
    expect((await cycles.next()).ok).toBe(true);
    expect(project.read("schemas.json")).toContain('"xl"');
  });

  it("regenerates when a missing imported file is created", async () => {
    project = new TempProject({
      "tools/pick.ts": 'import type { Size } from "../lib/sizes.js";\n\nexport function pick(size: Size): string {\n  return size;\n}\n',
      "lib/other.ts": "export {};\n",
    });
    const cycles = await startWatch([], [], ["tools/pick.ts"], engine);
    expect((await cycles.next()).ok).toBe(false);

    project.write("lib/sizes.ts", 'export type Size = "s" | "m";\n');
    expect((await cycles.next()).ok).toBe(true);
    expect(project.read("schemas.json")).toContain('"m"');
  });

  it("follows edits of the tsconfig and of the config it extends", async () => {
    const base = (target: string) =>
      JSON.stringify({ compilerOptions: { module: "NodeNext", strict: true, paths: { "@sizes": [target] } } });
    project = new TempProject({
      "tsconfig.json": JSON.stringify({ extends: "./tsconfig.base.json" }),
      "tsconfig.base.json": base("./lib/small.ts"),
      "lib/small.ts": 'export type Size = "s" | "m";\n',
      "lib/large.ts": 'export type Size = "l" | "xl";\n',
      "tools/pick.ts": 'import type { Size } from "@sizes";\n\nexport function pick(size: Size): string {\n  return size;\n}\n',
    });
    const cycles = await startWatch([], [], ["tools/pick.ts"], engine);
    expect((await cycles.next()).ok).toBe(true);
    expect(project.read("schemas.json")).toContain('"m"');

    project.write("tsconfig.base.json", base("./lib/large.ts"));
    expect((await cycles.next()).ok).toBe(true);
    expect(project.read("schemas.json")).toContain('"xl"');

    project.write("tsconfig.json", JSON.stringify({ extends: "./tsconfig.base.json", compilerOptions: { paths: { "@sizes": ["./lib/small.ts"] } } }));
    expect((await cycles.next()).ok).toBe(true);
    expect(project.read("schemas.json")).toContain('"m"');
  });

  it("rewrites an output changed or deleted behind its back, even when the new text is the same", async () => {
    project = new TempProject({ "tools/sums.ts": SUMS });
    const cycles = await startWatch([], [], undefined, engine);
    await cycles.next();
    const good = { module: project.read("registry.ts"), json: project.read("schemas.json") };

    // Same length, other text: only the file's stamp (mtime, inode) can tell it is no longer ours.
    project.write("schemas.json", good.json.replace("Adds a + b", "Adds a - b"));
    rmSync(project.path("registry.ts"));
    project.write("tools/sums.ts", `${SUMS}\n// a comment changes no schema\n`);
    const cycle = await cycles.next();
    expect(cycle).toMatchObject({ ok: true, written: [project.path("registry.ts"), project.path("schemas.json")] });
    expect({ module: project.read("registry.ts"), json: project.read("schemas.json") }).toEqual(good);

    // Back in step: the next unchanged cycle writes nothing.
    project.write("tools/sums.ts", SUMS);
    expect(await cycles.next()).toMatchObject({ ok: true, written: [] });
  });

  // An edit of a file already read is analyzed as its first event comes, during the quiet period; what
  // reaches the outputs is still only a file that stayed as analyzed for the whole period.
  it("writes a save's outputs once the file has been quiet for the period, in one cycle", async () => {
    project = new TempProject({ "tools/sums.ts": SUMS });
    const cycles = await startWatch([], [], undefined, engine, 300);
    await cycles.next();
    project.write("tools/sums.ts", SUMS.replace("Adds a + b", "Adds two integers"));
    const savedAt = Number(project.mtime("tools/sums.ts") / 1_000_000n);
    const cycle = await cycles.next();
    expect(Date.now() - savedAt).toBeGreaterThanOrEqual(300);
    expect(cycle).toMatchObject({ ok: true, written: [project.path("registry.ts"), project.path("schemas.json")] });
    expect(project.read("schemas.json")).toContain("Adds two integers");
    // The save's other events (a write is a truncate and a write) were part of that cycle.
    await sleep(400);
    expect(cycles.unread).toBe(0);
  });

  it("never writes what an editor's truncate-then-write shows half way", async () => {
    project = new TempProject({ "tools/sums.ts": SUMS });
    const stdout: string[] = [];
    const stderr: string[] = [];
    const cycles = await startWatch(stdout, stderr, undefined, engine, 200);
    await cycles.next();
    const lines = stdout.length;
    // The first event finds the file empty (no tools at all); the content follows 20 ms later, written by
    // another thread as an editor would from its own process: on time even while this thread analyses.
    const saved = writeTwice(project.path("tools/sums.ts"), "", SUMS.replace("Adds a + b", "Adds two integers"), 20);
    const cycle = await cycles.next();
    await saved;
    expect(cycle).toMatchObject({ ok: true });
    expect(project.read("schemas.json")).toContain("Adds two integers");
    expect(project.read("registry.ts")).toContain("sums");
    await sleep(300);
    expect(cycles.unread).toBe(0);
    expect(stdout.slice(lines)).toEqual([expect.stringMatching(/1 tool from 1 file: wrote registry\.ts, schemas\.json/)]);
    expect(stderr).toEqual([]);
  });

  it("runs from the command line until stopped", async () => {
    project = new TempProject({ "tools/sums.ts": SUMS });
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const stdout: string[] = [];
    const io = { cwd: project.root, stdout: (t: string) => stdout.push(t), stderr: () => undefined };
    const status = main(["codegen", "tools/*.ts", "--out", "registry.ts", "--watch", "--engine", engine], { io, stop: stopped });
    while (!project.exists("registry.ts")) await new Promise((resolve) => setImmediate(resolve));
    stop();
    expect(await status).toBe(0);
    expect(stdout.join("\n")).toMatch(/wrote registry\.ts/);
  });
});

describe("watch caches", () => {
  it("an import list kept between calls follows files changed without being forgotten", () => {
    project = new TempProject({
      "tools/a.ts": 'import { b } from "./b.js";\nexport const a = b;\n',
      "tools/b.ts": "export const b = 1;\n",
      "tools/c.ts": "export const c = 1;\n",
    });
    const imports = new LocalImports();
    const inputs = [project.path("tools/a.ts")];
    const closure = () => [...imports.closure(inputs)].sort();
    expect(closure()).toEqual([project.path("tools/a.ts"), project.path("tools/b.ts")]);

    // No forget(): the changed size and mtime alone must send b.ts to be scanned again.
    project.write("tools/b.ts", 'import { c } from "./c.js";\nexport const b = c;\n');
    expect(closure()).toEqual(["a", "b", "c"].map((name) => project.path(`tools/${name}.ts`)));

    // A file that appears where an unchanged import pointed at nothing is found: resolution is not cached.
    project.write("tools/a.ts", 'import { b } from "./b.js";\nimport { d } from "./d.js";\nexport const a = b + d;\n');
    expect(closure()).not.toContain(project.path("tools/d.ts"));
    project.write("tools/d.ts", "export const d = 1;\n");
    expect(closure()).toEqual(["a", "b", "c", "d"].map((name) => project.path(`tools/${name}.ts`)));
    expect(closure()).toEqual([...localImportClosure(inputs)].sort());

    // Files the watcher reports are scanned again at once: changed imports (or a file not known) say so.
    expect(imports.rescan([project.path("tools/b.ts")])).toBe(false);
    project.write("tools/b.ts", 'import { c } from "./c.js";\nexport const b = c + 1;\n');
    expect(imports.rescan([project.path("tools/b.ts")])).toBe(false);
    project.write("tools/b.ts", "export const b = 2;\n");
    expect(imports.rescan([project.path("tools/b.ts")])).toBe(true);
    expect(imports.rescan([project.path("tools/e.ts")])).toBe(true);
  });

  const plans: { name: string; plan: OutputPlan }[] = [
    { name: "plain", plan: { style: "openai", strict: false } },
    { name: "pydantic, strict", plan: { style: "pydantic", strict: true } },
    { name: "anthropic", plan: { style: "openai", strict: false, provider: "anthropic" } },
    { name: "gemini (one tool it cannot take)", plan: { style: "openai", strict: false, provider: "gemini" } },
  ];
  it.each(plans)("a shaper keeping each tool's text gives what a fresh shaping gives, before and after an edit: $name", ({ plan }) => {
    project = new TempProject({
      "tools/sums.ts": SUMS,
      "tools/misc.ts": [
        "/** Grüße \"quoted\" and a\ttab. */",
        "export function greet(name: string, times = 2): string {\n  return name.repeat(times);\n}",
        "export function bare(flag?: boolean): boolean {\n  return flag ?? false;\n}",
        "/** Counts. */",
        "export function tally(counts: Record<string, number>): number {\n  return Object.keys(counts).length;\n}",
        "",
      ].join("\n"),
    });
    const files = [project.path("tools/misc.ts"), project.path("tools/sums.ts")];
    const options = { files, style: plan.style, strict: plan.strict };
    const analyzer = createAnalyzer(options);
    const shape = createShaper(plan);
    const expectSame = () => {
      const kept = shape(analyzer.analyze());
      const fresh = shapeForPlan(analyze(options), plan);
      expect(kept.schemasJson).toBe(fresh.schemasJson);
      // The bytes a watch writes, a piece a tool: the same file.
      expect(Buffer.concat(kept.schemasPieces ?? []).toString("utf8")).toBe(fresh.schemasJson);
      expect(kept.result.diagnostics).toEqual(fresh.result.diagnostics);
      return kept.schemasJson;
    };
    const before = expectSame();
    project.write("tools/sums.ts", SUMS.replace("Adds a + b", "Adds two integers"));
    analyzer.update([project.path("tools/sums.ts")]);
    const after = expectSame();
    expect(after).not.toBe(before);
    expect(after).toContain("Adds two integers");
  });

  it("a registry emitter keeping each tool's sections gives what a fresh emission gives, as other tools move its names", () => {
    // `pick` prints names it asks for while printing (PickObject, PickType), `place` a definition's
    // (Place_Point); the other files' tools, as they come and go, take those names or pick's own (PickArgs).
    const PICK = [
      "/** Picks. */",
      'export function pick(items: { id: number }[], modes: ("a" | "b")[]): number {\n  return items.length + modes.length;\n}',
      "export interface Point {\n  x: number;\n}",
      "export function place(at: Point): number {\n  return at.x;\n}",
      "",
    ].join("\n");
    const TAKERS = "export function PickObject(): void {}\nexport function PickType(): void {}\nexport function Place_Point(): void {}\n";
    project = new TempProject({ "tools/a.ts": "export {};\n", "tools/one.ts": PICK, "tools/two.ts": "export {};\n" });
    const files = ["tools/a.ts", "tools/one.ts", "tools/two.ts"].map((file) => project.path(file));
    const plan: OutputPlan = { style: "openai", strict: true, out: project.path("registry.ts") };
    const analyzer = createAnalyzer({ files, strict: true });
    const shape = createShaper(plan);
    const steps: { change: Record<string, string>; expect: string[] }[] = [
      { change: {}, expect: ["interface PickObject {", "type PickType =", "interface Place_Point {", "interface PickArgs {"] },
      { change: { "tools/two.ts": TAKERS }, expect: ["interface PickObject2 {", "type PickType2 =", "interface Place_Point2 {"] },
      { change: { "tools/a.ts": "export function pick_(n: number): number {\n  return n;\n}\n" }, expect: ["interface PickArgs2 {", "interface PickObject2 {"] },
      { change: { "tools/two.ts": "export {};\n" }, expect: ["interface PickObject {", "interface PickArgs2 {"] },
      { change: { "tools/a.ts": "export {};\n", "tools/one.ts": PICK.replace("Picks.", "Picks some.") }, expect: ['"Picks some."', "interface PickArgs {"] },
      // Edits that hand out the same names before printing: the last cycle's names are taken again.
      { change: { "tools/one.ts": PICK.replace("Picks.", "Picks all.") }, expect: ['"Picks all."'] },
      { change: { "tools/two.ts": TAKERS, "tools/one.ts": PICK.replace("modes:", "more: { y: number }[], modes:") }, expect: ["interface PickObject3 {"] },
      { change: { "tools/one.ts": PICK.replace("modes:", "more: { y: number }[], modes:").replace("Picks.", "Picks more.") }, expect: ['"Picks more."', "interface PickObject3 {"] },
      { change: { "tools/one.ts": PICK.replaceAll("Point", "Spot") }, expect: ["interface Place_Spot {", "interface PickObject2 {"] },
    ];
    for (const step of steps) {
      for (const [file, text] of Object.entries(step.change)) project.write(file, text);
      analyzer.update(Object.keys(step.change).map((file) => project.path(file)));
      const kept = shape(analyzer.analyze()).registryModule;
      const fresh = emitRegistryModule(analyze({ files, strict: true }).tools, { outFile: plan.out!, style: plan.style, strict: true });
      expect(kept?.text).toBe(fresh);
      // The bytes a watch writes: the same file.
      expect(Buffer.concat(kept?.pieces ?? []).toString("utf8")).toBe(fresh);
      for (const text of step.expect) expect(fresh).toContain(text);
    }
  });

  it.each(ENGINES)("a shaper keeping code mode's stubs (--pyi, --dts) gives what a fresh rendering gives, as two tools' types of one name part and meet (%s)", (engine) => {
    // Both files name a type Options: while they differ, the second one read is spelled Options_2, and
    // every tool's text that mentions it must follow as the other file's edits rename it.
    const one = (field: string, doc: string) => `export interface Options {\n  ${field}: number;\n}\n/** ${doc} */\nexport function first(o: Options): number {\n  return 1;\n}\n`;
    const two = (field: string) => `export interface Options {\n  ${field}: number;\n}\nexport function second(o: Options, n = 1): Options {\n  return o;\n}\n`;
    project = new TempProject({ "tools/a.ts": one("a", "First."), "tools/b.ts": two("b") });
    const files = [project.path("tools/a.ts"), project.path("tools/b.ts")];
    const plan: OutputPlan = { style: "openai", strict: false, pyi: project.path("tools.pyi"), dts: project.path("tools.d.ts") };
    const analyzer = createAnalyzer({ files, engine });
    const shape = createShaper(plan);
    const steps: { change: Record<string, string>; expect: string[]; absent?: string[] }[] = [
      { change: {}, expect: ["class Options_2(TypedDict", "type Options_2 ="] },
      { change: { "tools/a.ts": one("a", "The first.") }, expect: ["The first.", "class Options_2(TypedDict"] },
      { change: { "tools/a.ts": one("b", "The first.") }, expect: ["The first."], absent: ["Options_2"] },
      { change: { "tools/b.ts": two("c") }, expect: ["class Options_2(TypedDict", "type Options_2 ="] },
      { change: { "tools/a.ts": one("c", "First.") }, expect: ["First."], absent: ["Options_2"] },
    ];
    for (const step of steps) {
      for (const [file, text] of Object.entries(step.change)) project.write(file, text);
      analyzer.update(Object.keys(step.change).map((file) => project.path(file)));
      const kept = shape(analyzer.analyze());
      const tools = analyze({ files, engine }).tools;
      const fresh = { pyi: emitPythonStubs(tools), dts: emitTypeScriptDeclarations(tools) };
      expect(kept.pythonStubs).toBe(fresh.pyi);
      expect(kept.typeScriptDeclarations).toBe(fresh.dts);
      for (const text of step.expect) expect(fresh.pyi + fresh.dts).toContain(text);
      for (const text of step.absent ?? []) expect(fresh.pyi + fresh.dts).not.toContain(text);
    }
    analyzer.close?.();
  });

  it.each(ENGINES)("a file read again gives the module a fresh run gives, whatever order its types were first read in (%s)", (engine) => {
    // In one run, `second` finds Outer's definitions left by `first` (in another order than a reading of
    // Outer finds them); a watch reading b.ts again reads them afresh.
    const SECOND = "import type { Outer } from './types.js';\n/** Second. */\nexport function second(o: Outer): number {\n  return o.inner.n;\n}\n";
    project = new TempProject({
      "tools/types.ts": "export interface Inner {\n  n: number;\n}\nexport interface Other {\n  s: string;\n}\nexport interface Outer {\n  inner: Inner;\n  other: Other;\n}\n",
      "tools/a.ts": "import type { Outer } from './types.js';\nexport function first(o: Outer): string {\n  return o.other.s;\n}\n",
      "tools/b.ts": SECOND,
    });
    const files = [project.path("tools/a.ts"), project.path("tools/b.ts")];
    const plan: OutputPlan = { style: "openai", strict: false, out: project.path("registry.ts") };
    const analyzer = createAnalyzer({ files, engine });
    const shape = createShaper(plan);
    const fresh = () => emitRegistryModule(analyze({ files, engine }).tools, { outFile: plan.out!, style: plan.style, strict: false });
    expect(shape(analyzer.analyze()).registryModule?.text).toBe(fresh());
    project.write("tools/b.ts", SECOND.replace("Second.", "The second."));
    analyzer.update([project.path("tools/b.ts")]);
    const kept = shape(analyzer.analyze()).registryModule?.text;
    expect(kept).toBe(fresh());
    expect(kept).toMatch(/interface Second_Inner \{[\s\S]*interface Second_Other \{[\s\S]*interface Second_Outer \{/);
    analyzer.close?.();
  });

  it("an empty tool list shapes to the same empty array", () => {
    const plan: OutputPlan = { style: "openai", strict: false };
    const kept = createShaper(plan)({ tools: [], diagnostics: [] });
    expect(kept.schemasJson).toBe(shapeForPlan({ tools: [], diagnostics: [] }, plan).schemasJson);
    expect(Buffer.concat(kept.schemasPieces ?? []).toString("utf8")).toBe(kept.schemasJson);
  });
});
