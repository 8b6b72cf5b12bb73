/**
 * The definition memo (DefinitionMemo, src/reader/context.ts) is a pure optimization: what a function
 * gives - its tool (schemas, `$defs` names, signature IR) and its diagnostics (messages, paths, places)
 * - must be what reading that function with an EMPTY memo gives, whatever was read before it.
 *
 * Inputs: every input the repo already has (each fixture folder with its files, each parity case, the
 * examples' tool files, and all of those together in one analysis, as test/cli/corpus.test.ts reads
 * them), two synthetic projects from the bench (packages/bench/src/synth.ts: 120 functions of the
 * "shared" shape, and the default 1000-function "heavy" project), and a small project with the shapes of
 * the memo's two fixed bugs. On both engines:
 * - (a) the normal analysis (`analyze`, src/engines.ts), against
 * - (b) the same pipeline with a fresh memo per function: the program built as the engine builds it,
 *   then the per-file seam of src/analyze-file.ts (exportsOf -> readOne(..., new Map()) -> fileAnalysis),
 *   combine and finish (src/tool-model.ts), as src/analyze.ts / src/ts7/analyze.ts do with one memo.
 *   The seam is checked to be faithful: with one shared memo it gives exactly (a), byte for byte.
 *   Compared per function (tool and diagnostics, exactly) and per analysis (tools by name, exactly;
 *   diagnostics as sets of messages per tool). On ts7 the single cases are read in one project holding
 *   the whole corpus (a native process per case would cost minutes), one memo against a fresh one each.
 * - the inputs in reverse order, and (the smaller multi-file projects) each file alone: a tool's schema
 *   and diagnostics must not depend on it.
 * Last, the mismatches this found beyond those inputs, each cut down to a few lines, all fixed: two
 * same-named types of one entry; recursive union aliases and union member orders, per-function state a
 * replay now checks and carries (src/reader/context.ts AliasStep / OrderStep); a problem quoting the type
 * as written (MemoEntry.spelling). Nothing under src is changed for this: the seams are the modules' own
 * exports.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ts as ts6 } from "ts-morph";
import { afterAll, describe, expect, it } from "vitest";
import { analyze } from "../src/engines.js";
import { exportsOf, fileAnalysis, readOne, type Engine as EngineSeam, type FunctionResult } from "../src/analyze-file.js";
import { analysisProgram } from "../src/project.js";
import { combine, finish, unique, type FileAnalysis } from "../src/tool-model.js";
import type { DefinitionMemo } from "../src/reader/context.js";
import { ENGINES, type AnalyzeOptions, type AnalyzeResult, type Diagnostic, type Engine, type ToolModel } from "../src/model.js";
import { configFor } from "../src/tsconfig-path.js";
import { configChain } from "../src/config-chain.js";
import { setsBaseUrl } from "../src/engine-choice.js";
import { openProject } from "../src/ts7/api.js";
import { ts6 as ts6Engine } from "../src/analyze.js";
import { ts7 as ts7Engine } from "../src/ts7/analyze.js";
import { DEFAULT_SYNTH, synthesize, writeProject, type SynthOptions } from "../../bench/src/synth.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");

// ---------------------------------------------------------------------------------------------------
// The inputs
// ---------------------------------------------------------------------------------------------------

interface InputSet {
  readonly label: string;
  readonly files: readonly string[];
}

const dirsIn = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

/** As test/fixtures.test.ts: `files.json` when there is one, else `input.ts`. */
const fixtureSets: InputSet[] = dirsIn(path.join(here, "fixtures")).map((name) => {
  const dir = path.join(here, "fixtures", name);
  const listed = path.join(dir, "files.json");
  const names = existsSync(listed) ? (JSON.parse(readFileSync(listed, "utf8")) as string[]) : ["input.ts"];
  return { label: `fixtures/${name}`, files: names.map((file) => path.join(dir, file)) };
});

/** As test/parity/parity.test.ts: each case's input.ts. */
const paritySets: InputSet[] = dirsIn(path.join(here, "parity", "cases")).map((name) => ({
  label: `parity/${name}`,
  files: [path.join(here, "parity", "cases", name, "input.ts")],
}));

const exampleSets: InputSet[] = ["examples/tools", "examples/code-mode-tools"].flatMap((dir) => {
  const full = path.join(repoRoot, dir);
  if (!existsSync(full)) return [];
  const files = readdirSync(full)
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))
    .sort()
    .map((file) => path.join(full, file))
    .filter((file) => statSync(file).isFile());
  return files.length ? [{ label: dir, files }] : [];
});

/** Every input above in one analysis (one program and one memo, as test/cli/corpus.test.ts reads them). */
const corpusSet: InputSet = {
  label: "corpus (all of the above in one analysis)",
  files: unique([...fixtureSets, ...paritySets, ...exampleSets].flatMap((set) => set.files)),
};

const tempRoot = mkdtempSync(path.join(tmpdir(), "memo-differential-"));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));

function synthSet(label: string, options: SynthOptions): InputSet {
  const root = path.join(tempRoot, label);
  const project = synthesize(options);
  writeProject(project, root);
  return { label: `synth ${label}`, files: project.toolFiles.map((file) => path.join(root, file)) };
}

/** 120 functions over 12 files, the work in the types (shared and utility types, recursive ones, a generic page). */
const synthShared = synthSet("shared", { ...DEFAULT_SYNTH, functions: 120, files: 12, shape: "shared" });
/** The bench's default project: 1000 functions over 100 files, the "heavy" shape. */
const synthHeavy = synthSet("heavy", DEFAULT_SYNTH);

/** Writes `files` (name -> text) under a new folder of the temp root; the paths of those named in `inputs`. */
function writeFiles(label: string, files: Record<string, string>, inputs: readonly string[]): string[] {
  const dir = path.join(tempRoot, label);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return inputs.map((name) => path.join(dir, name));
}

/**
 * What the existing inputs do not reach: the memo's two fixed bugs, where reading order decides, so the
 * differential itself catches them coming back (each was checked by undoing its fix).
 * - aff60fb: Inner's problem said at the path of the tool that read it first (`a` reaches it through
 *   Outer; `b` takes it itself; `c` reaches it through an array of Outer);
 * - b85ae36: Point kept with `Options_2` (a.ts's `label` read it under its own Options), replayed for
 *   e.ts's `place`, which alone names types.ts's Options `Options`.
 */
const stressSet: InputSet = {
  label: "memo stress (the fixed bugs' shapes)",
  files: writeFiles(
    "stress",
    {
      "tools.ts": [
        "export interface Inner {\n  data: unknown;\n}",
        "export interface Outer {\n  inner: Inner;\n  other: Inner;\n}",
        "/** A. */\nexport function a(o: Outer): number {\n  return 1;\n}",
        "/** B. */\nexport function b(i: Inner): number {\n  return 2;\n}",
        "/** C. */\nexport function c(list: Outer[]): number {\n  return 3;\n}",
        "",
      ].join("\n"),
      "types.ts": "export interface Options {\n  verbose: boolean;\n}\nexport interface Point {\n  options?: Options;\n}\n",
      "a.ts": 'import type { Point } from "./types.js";\ninterface Options {\n  point: Point;\n}\n/** Labels. */\nexport function label(opts: Options): string {\n  return "";\n}\n',
      "e.ts": 'import type { Point } from "./types.js";\n/** Places. */\nexport function place(at: Point): number {\n  return 0;\n}\n',
    },
    ["tools.ts", "a.ts", "e.ts"],
  ),
};

// ---------------------------------------------------------------------------------------------------
// The seam: the engines' pipeline with the memo in the test's hands
// ---------------------------------------------------------------------------------------------------

/** How a function is given its memo: one for the whole analysis (as the engines do), or a new one each. */
type MemoPolicy = "shared" | "fresh";

interface SeamRun {
  /** What `analyze` would return. */
  readonly result: AnalyzeResult;
  /** Each function's own reading, by `file#name` (a name read twice - a barrel - keeps its first). */
  readonly functions: ReadonlyMap<string, FunctionResult>;
}

const seams: Record<Engine, EngineSeam> = {
  ts6: ts6Engine,
  ts7: ts7Engine,
};

/** src/analyze-file.ts's analyzeFile, with the memo each function gets chosen here. */
function seamFile(
  engine: EngineSeam,
  source: ts6.SourceFile | undefined,
  file: string,
  program: ts6.Program,
  options: AnalyzeOptions,
  memoFor: () => DefinitionMemo,
  functions: Map<string, FunctionResult>,
): FileAnalysis {
  if (!source) {
    return { tools: [], diagnostics: [{ severity: "error", file, line: 1, column: 1, message: `cannot read ${file}`, hint: "check the path or glob" }] };
  }
  const syntax = engine.syntaxDiagnostics(program, source);
  if (syntax.length) return { tools: [], diagnostics: syntax };
  const exports = exportsOf(engine, source, program);
  const results = exports.functions.map((exported) => {
    const result = readOne(exported, source, program, engine.ts, options, memoFor());
    const key = `${file}#${exported.name}`;
    if (!functions.has(key)) functions.set(key, result);
    return result;
  });
  return fileAnalysis(source, exports, results);
}

function memoPolicy(policy: MemoPolicy): () => DefinitionMemo {
  const shared: DefinitionMemo = new Map();
  return policy === "shared" ? () => shared : () => new Map();
}

/** The program of src/analyze.ts (the cached one `analyze` just used, when the files are the same). */
function seamTs6(options: AnalyzeOptions, policies: readonly MemoPolicy[]): SeamRun[] {
  const files = unique(options.files.map((file) => path.resolve(file)));
  const program = analysisProgram(files, options.tsconfig);
  return policies.map((policy) => {
    const memoFor = memoPolicy(policy);
    const functions = new Map<string, FunctionResult>();
    const perFile = files.map((file) => seamFile(seams.ts6, program.getSourceFile(file), file, program, options, memoFor, functions));
    return { result: finish(combine(perFile, options.cwd), options), functions };
  });
}

type OpenedProject = ReturnType<typeof openProject>;

/** src/ts7/analyze.ts's `open`. */
function openTs7(files: readonly string[], options: Pick<AnalyzeOptions, "tsconfig">): OpenedProject {
  const tsconfig = configFor(files, options.tsconfig);
  const defaultCompilerOptions = {
    target: "es2023",
    lib: ["es2023"],
    module: "nodenext",
    moduleResolution: "nodenext",
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  };
  return openProject({
    files,
    tsconfig,
    compilerOptions: tsconfig ? { noEmit: true } : defaultCompilerOptions,
    conditions: ["toolsmith-types"],
  });
}

/**
 * src/ts7/analyze.ts's `analyzeOpened` (its read-ahead parts too) and its baseUrl warning, each policy
 * in turn in one opened project: the inputs' own (as `analyze` opens it), or `within`, a project holding
 * them among others (a native process per analysis costs a quarter second).
 */
function seamTs7(options: AnalyzeOptions, policies: readonly MemoPolicy[], within?: OpenedProject): SeamRun[] {
  const files = unique(options.files.map((file) => path.resolve(file)));
  const project = within ?? openTs7(files, options);
  try {
    return policies.map((policy) => {
      const program = project.program as unknown as ts6.Program;
      const memoFor = memoPolicy(policy);
      const functions = new Map<string, FunctionResult>();
      const size = Math.max(1, Math.ceil(files.length / 5));
      const parts: string[][] = [];
      for (let start = 0; start < files.length; start += size) parts.push(files.slice(start, start + size));
      project.prepare(parts[0] ?? []);
      const perFile: FileAnalysis[] = [];
      parts.forEach((part, index) => {
        const next = parts[index + 1];
        if (next) project.prepareAhead(next);
        for (const file of part) perFile.push(seamFile(seams.ts7, program.getSourceFile(file), file, program, options, memoFor, functions));
        if (next) project.finishAhead();
      });
      let result = finish(combine(perFile, options.cwd), options);
      const chain = configChain(files, options.tsconfig);
      if (chain[0] && setsBaseUrl(chain)) {
        const warning: Diagnostic = {
          severity: "warning",
          file: chain[0],
          line: 1,
          column: 1,
          message: "`baseUrl` is set, and TypeScript 7 no longer reads it: imports that rely on it do not resolve with --engine ts7",
          hint: "leave --engine out (a project with `baseUrl` reads with ts6), or write `paths` entries relative to the tsconfig instead",
        };
        result = { ...result, diagnostics: [warning, ...result.diagnostics] };
      }
      return { result, functions };
    });
  } finally {
    if (!within) project.close();
  }
}

const seamRuns = (engine: Engine, options: AnalyzeOptions, policies: readonly MemoPolicy[], within?: OpenedProject): SeamRun[] =>
  engine === "ts7" ? seamTs7(options, policies, within) : seamTs6(options, policies);

// ---------------------------------------------------------------------------------------------------
// Comparing
// ---------------------------------------------------------------------------------------------------

const rel = (file: string): string => (file.startsWith(tempRoot) ? `(temp)${file.slice(tempRoot.length)}` : path.relative(repoRoot, file));
const json = (value: unknown): string => JSON.stringify(value);

/** Where two JSON values first differ (a path and both values, shortened). */
function firstDifference(a: unknown, b: unknown, at = "$"): string | undefined {
  if (json(a) === json(b)) return undefined;
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    for (const key of unique([...ka, ...kb])) {
      const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
      if (found) return found;
    }
    if (json(ka) !== json(kb)) return `${at}: key order ${json(ka)} vs ${json(kb)}`;
  }
  const short = (value: unknown): string => (json(value) ?? "undefined").slice(0, 300);
  return `${at}: ${short(a)} vs ${short(b)}`;
}

/** Each function's own reading, compared exactly. */
function functionMismatches(expected: SeamRun, actual: SeamRun): string[] {
  const out: string[] = [];
  for (const [key, want] of expected.functions) {
    const got = actual.functions.get(key);
    const difference = firstDifference(want, got);
    if (difference) out.push(`${rel(key)}: ${difference}`);
  }
  return out;
}

const clash = /: the tool name is already exported by /;

/** A diagnostic's tool: the function it names, else (a problem of a shared declaration or of a file) its file. */
const diagnosticOwner = (d: Diagnostic): string => d.functionName ?? `(${rel(d.file)})`;
const said = (d: Diagnostic): string => `${d.severity} ${rel(d.file)}:${d.line}:${d.column} ${d.message}`;

function messagesByOwner(diagnostics: readonly Diagnostic[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const d of diagnostics) {
    const owner = diagnosticOwner(d);
    out.set(owner, (out.get(owner) ?? new Set()).add(said(d)));
  }
  return out;
}

/**
 * Two analyses' tools (by name, exactly) and diagnostics (as sets of messages per tool). With
 * `sameOrder` false (another file order), only tools declared at the same place on both sides are
 * compared (which of two same-named tools stands follows the order), and tool name clashes are left out.
 */
function resultMismatches(expected: AnalyzeResult, actual: AnalyzeResult, sameOrder: boolean): string[] {
  const out: string[] = [];
  const byName = (result: AnalyzeResult) => new Map(result.tools.map((tool) => [tool.name, tool] as const));
  const want = byName(expected);
  const got = byName(actual);
  if (sameOrder && json([...want.keys()]) !== json([...got.keys()])) out.push(`tool names: ${json([...want.keys()])} vs ${json([...got.keys()])}`);
  if (!sameOrder && json([...want.keys()].sort()) !== json([...got.keys()].sort())) out.push(`tool names: ${json([...want.keys()].sort())} vs ${json([...got.keys()].sort())}`);
  const place = (tool: ToolModel) => `${tool.file}:${tool.line}:${tool.column}`;
  for (const [name, tool] of want) {
    const other = got.get(name);
    if (!other || (!sameOrder && place(other) !== place(tool))) continue;
    const difference = firstDifference(tool, other);
    if (difference) out.push(`tool ${name} (${rel(tool.file)}): ${difference}`);
  }
  const keep = (d: Diagnostic) => sameOrder || !clash.test(d.message);
  const a = messagesByOwner(expected.diagnostics.filter(keep));
  const b = messagesByOwner(actual.diagnostics.filter(keep));
  for (const owner of unique([...a.keys(), ...b.keys()])) {
    const left = a.get(owner) ?? new Set();
    const right = b.get(owner) ?? new Set();
    for (const message of left) if (!right.has(message)) out.push(`diagnostics of ${owner}: missing ${message}`);
    for (const message of right) if (!left.has(message)) out.push(`diagnostics of ${owner}: extra ${message}`);
  }
  if (sameOrder && !out.length && json(expected) !== json(actual)) out.push(`the results differ in order only: ${firstDifference(expected, actual)}`);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The runs
// ---------------------------------------------------------------------------------------------------

interface Variant {
  readonly label: string;
  readonly options: Pick<AnalyzeOptions, "style" | "strict" | "skipInvalid">;
}

const openai: Variant = { label: "openai", options: { style: "openai" } };
const pydantic: Variant = { label: "pydantic", options: { style: "pydantic" } };
const strict: Variant = { label: "strict", options: { style: "openai", strict: true } };
const skipInvalid: Variant = { label: "openai skipInvalid", options: { style: "openai", skipInvalid: true } };

/** What was compared, for the summary printed at the end. */
const counted = { analyses: 0, functions: 0, tools: 0, distinct: new Set<string>() };

/**
 * (a) against (b) for one input set and variant, after checking the seam against (a). `within` (ts7): the
 * seam runs in that project, and (a) is the seam with one memo there (its faithfulness to `analyze` is
 * checked by the runs without `within`).
 */
function compareMemo(engine: Engine, set: InputSet, variant: Variant, within?: OpenedProject): void {
  const options: AnalyzeOptions = { engine, files: set.files, cwd: repoRoot, ...variant.options };
  const [shared, fresh] = seamRuns(engine, options, ["shared", "fresh"], within) as [SeamRun, SeamRun];
  let normal = shared.result;
  if (!within) {
    normal = analyze(options);
    // The seam is the engine's pipeline: with one memo it gives exactly what `analyze` gives.
    expect(json(shared.result), `${set.label}: the seam with one memo is not what analyze gives`).toBe(json(normal));
  }
  counted.analyses++;
  counted.functions += fresh.functions.size;
  for (const key of fresh.functions.keys()) counted.distinct.add(`${engine} ${key}`);
  counted.tools += normal.tools.length;
  expect({
    perFunction: functionMismatches(fresh, shared),
    perAnalysis: resultMismatches(fresh.result, normal, true),
  }).toEqual({ perFunction: [], perAnalysis: [] });
}

/** The same files in reverse order (and, with `alone`, each file by itself): the same tools and diagnostics. */
function compareOrders(engine: Engine, set: InputSet, variant: Variant, alone: boolean): void {
  const options: AnalyzeOptions = { engine, files: set.files, cwd: repoRoot, ...variant.options };
  const normal = analyze(options);
  const reversed = analyze({ ...options, files: [...set.files].reverse() });
  counted.analyses += 2;
  const mismatches = resultMismatches(normal, reversed, false).map((m) => `reversed: ${m}`);
  if (alone) {
    for (const file of set.files) {
      const byItself = analyze({ ...options, files: [file] });
      counted.analyses++;
      const ownTools = { ...normal, tools: normal.tools.filter((tool) => tool.file === file), diagnostics: normal.diagnostics.filter((d) => d.file === file) };
      mismatches.push(...resultMismatches(ownTools, byItself, false).map((m) => `${rel(file)} alone: ${m}`));
    }
  }
  expect(mismatches).toEqual([]);
}

const multiFile = (set: InputSet): boolean => set.files.length > 1;

describe.each(ENGINES)("engine %s", (engine) => {
  describe("a fresh memo per function gives what the one memo gives", () => {
    // ts7: the cases are read in one project holding the whole corpus (see seamTs7).
    let corpusProject: OpenedProject | undefined;
    const within = (): OpenedProject | undefined => {
      if (engine === "ts7") corpusProject ??= openTs7(corpusSet.files, {});
      return corpusProject;
    };
    afterAll(() => corpusProject?.close());

    it.each([...fixtureSets, ...exampleSets].map((set) => [set.label, set] as const))("%s", (_label, set) => {
      for (const variant of [openai, pydantic, strict]) compareMemo(engine, set, variant, within());
    });

    it("every parity case", () => {
      for (const set of paritySets) for (const variant of [pydantic, openai, strict]) compareMemo(engine, set, variant, within());
    });

    it.each([openai, pydantic, strict, skipInvalid].map((variant) => [variant.label, variant] as const))("the whole corpus in one analysis, %s", (_label, variant) => {
      compareMemo(engine, corpusSet, variant);
    });

    it.each(
      [
        [synthShared, openai],
        [synthShared, strict],
        [synthHeavy, openai],
        [stressSet, openai],
        [stressSet, strict],
      ].map(([set, variant]) => [`${(set as InputSet).label}, ${(variant as Variant).label}`, set as InputSet, variant as Variant] as const),
    )("%s", (_label, set, variant) => {
      compareMemo(engine, set, variant);
    });
  });

  describe("the file order does not change a tool", () => {
    it.each([...fixtureSets.filter(multiFile), corpusSet, synthHeavy].map((set) => [set.label, set] as const))("%s", (_label, set) => {
      compareOrders(engine, set, openai, false);
    });

    it.each([synthShared, stressSet].map((set) => [set.label, set] as const))("%s, and each file alone", (_label, set) => {
      compareOrders(engine, set, openai, true);
    });
  });
});

/** A small project's functions read with one memo against each with a fresh one (engine `engine`). */
function memoMismatches(engine: Engine, files: readonly string[]): string[] {
  const options: AnalyzeOptions = { engine, files, cwd: repoRoot, style: "openai" };
  const [shared, fresh] = seamRuns(engine, options, ["shared", "fresh"]) as [SeamRun, SeamRun];
  return [...functionMismatches(fresh, shared), ...resultMismatches(fresh.result, shared.result, true)];
}

/**
 * Mismatches this differential found beyond the repo's inputs, each cut down to a few lines; each says
 * the memoized reading (second) against the fresh one (first). Four came from per-function state the
 * memo neither keyed on nor replayed (recursive union aliases in progress or found, union member orders
 * given earlier in the function): a definition's reading now records where it met them (AliasStep,
 * OrderStep in its transcript), a replay walks those steps against the function's own state, is refused
 * where they differ and leaves what they changed. One came from a problem that quotes the type as the
 * first function wrote it: the entry keeps that spelling, and a replay needs the same.
 */
describe.each(ENGINES)("memo mismatches the differential found, engine %s", (engine) => {
  it("a definition read outside a recursive union alias is replayed inside it: the alias is inlined, not a $def", () => {
    // takesTree alone: `t: {$ref: Tree}`, $defs Tree (the alias, D14), Branch.children: Tree[].
    // After takesBranch (which reads Branch, and Tree inside it, with Tree not in progress: Tree inline,
    // Branch remembered), takesTree replays Branch and never re-enters Tree: `t` is an inline anyOf and
    // Tree is no $def. The memo entry does not record that reading Branch reaches the alias
    // (src/reader/handlers/union.ts:27-34, ctx.aliasesInProgress / recursiveAliases; replayed by
    // src/reader/definitions.ts:95/130).
    const files = writeFiles(
      `known-alias-${engine}`,
      {
        "tools.ts": [
          "export interface Leaf {\n  value: string;\n}",
          "export interface Branch {\n  children: Tree[];\n}",
          "export type Tree = Leaf | Branch;",
          "/** Takes a branch. */\nexport function takesBranch(b: Branch): number {\n  return 1;\n}",
          "/** Takes a tree. */\nexport function takesTree(t: Tree): number {\n  return 2;\n}",
          "",
        ].join("\n"),
      },
      ["tools.ts"],
    );
    expect(memoMismatches(engine, files)).toEqual([]);
  });

  it("a replayed definition does not mark the recursive alias it holds: a later parameter of that alias is inlined", () => {
    // f1 fresh: `h` reads Holder, whose Tree is found recursive (recursiveAliases), so `t: Tree` is
    // `{$ref: Tree}`. With f0's Holder replayed, recursiveAliases stays empty and `t` is an inline anyOf
    // (src/reader/handlers/union.ts:34; the memo entry carries no recursive aliases, definitions.ts:130).
    const files = writeFiles(
      `known-alias-mark-${engine}`,
      {
        "tools.ts": [
          "export interface Leaf {\n  value: string;\n}",
          "export interface Branch {\n  children: Tree[];\n}",
          "export type Tree = Leaf | Branch;",
          "export interface Holder {\n  tree: Tree;\n}",
          "/** F0. */\nexport function f0(h: Holder): number {\n  return 0;\n}",
          "/** F1. */\nexport function f1(h: Holder, t: Tree): number {\n  return 1;\n}",
          "",
        ].join("\n"),
      },
      ["tools.ts"],
    );
    expect(memoMismatches(engine, files)).toEqual([]);
  });

  it("a definition's union order given by an earlier parameter of another function is replayed", () => {
    // `Lowercase<"B" | "A">` does not place "a" | "b", so its order is the one last given to that union in
    // the function (src/reader/member-order.ts:57): f1's `x: "b" | "a"` gives b, a and Opts is remembered
    // with mode ["b", "a"]; f2 alone reads ["a", "b"], but replays ["b", "a"].
    const files = writeFiles(
      `known-order-${engine}`,
      {
        "tools.ts": [
          'export interface Opts {\n  mode: Lowercase<"B" | "A">;\n}',
          '/** F1. */\nexport function f1(x: "b" | "a", o: Opts): number {\n  return 1;\n}',
          "/** F2. */\nexport function f2(o: Opts): number {\n  return 2;\n}",
          "",
        ].join("\n"),
      },
      ["tools.ts"],
    );
    expect(memoMismatches(engine, files)).toEqual([]);
  });

  it("a replayed definition gives no union order to the function's later parameters", () => {
    // f1 fresh: reading Opts gives "a" | "b" the order b, a (member-order.ts:66), which `y` (not placed by
    // `Lowercase<"B" | "A">`) takes: ["b", "a"]. With f0's Opts replayed, no order is given: ["a", "b"].
    const files = writeFiles(
      `known-order-given-${engine}`,
      {
        "tools.ts": [
          'export interface Opts {\n  mode: "b" | "a";\n}',
          "/** F0. */\nexport function f0(o: Opts): number {\n  return 0;\n}",
          '/** F1. */\nexport function f1(o: Opts, y: Lowercase<"B" | "A">): number {\n  return 1;\n}',
          "",
        ].join("\n"),
      },
      ["tools.ts"],
    );
    expect(memoMismatches(engine, files)).toEqual([]);
  });

  it("two same-named types of one memo entry keep the suffixes the first function's order gave them", () => {
    // f2 alone reads Point.x (A.Options) first: A's is `Options`, B's `Options_2`. f1 read B.Options as a
    // parameter before Point, so the entry for Point holds B's as `Options` and A's as `Options_2`, and
    // the b85ae36 check accepts it: `Options` is "another type's in the entry"
    // (src/reader/definitions.ts:142, `?? entry.owners.get(...)`).
    const files = writeFiles(
      `known-suffix-${engine}`,
      {
        "tools.ts": [
          "export namespace A {\n  export interface Options {\n    fromA: string;\n  }\n}",
          "export namespace B {\n  export interface Options {\n    fromB: number;\n  }\n}",
          "export interface Point {\n  x: A.Options;\n  y: B.Options;\n}",
          "/** F1. */\nexport function f1(b: B.Options, p: Point): number {\n  return 1;\n}",
          "/** F2. */\nexport function f2(p: Point): number {\n  return 2;\n}",
          "",
        ].join("\n"),
      },
      ["tools.ts"],
    );
    expect(memoMismatches(engine, files)).toEqual([]);
  });

  it("a definition's problem quoting the type as written is replayed with the first function's spelling", () => {
    // The body of a named object type is read with the node that refers to it (src/reader/handlers/object.ts:55),
    // and "has methods" quotes that node (src/reader/object-shape.ts:292): f2 alone says `Svc`, but after
    // f1 it is told `ns.Svc` (the problem is replayed from the entry's transcript, definitions.ts:170).
    const files = writeFiles(
      `known-spelling-${engine}`,
      {
        "svc.ts": "export interface Svc {\n  name: string;\n  run(): void;\n}\n",
        "tools.ts": [
          'import * as ns from "./svc.js";',
          'import type { Svc } from "./svc.js";',
          "/** F1. */\nexport function f1(s: ns.Svc): number {\n  return 1;\n}",
          "/** F2. */\nexport function f2(s: Svc): number {\n  return 2;\n}",
          "",
        ].join("\n"),
      },
      ["tools.ts"],
    );
    expect(memoMismatches(engine, files)).toEqual([]);
  });

  /** Each order of `signatures` over `declarations` (one file), memoized against fresh. */
  const inEachOrder = (label: string, declarations: readonly string[], signatures: readonly string[], besides: Record<string, string> = {}): string[] => {
    const orders = signatures.length === 2 ? [[0, 1], [1, 0]] : [signatures.map((_, i) => i), signatures.map((_, i) => signatures.length - 1 - i)];
    return orders.flatMap((order, index) => {
      const functions = order.map((i) => `/** F${i}. */\nexport function f${i}(${signatures[i]}): number {\n  return ${i};\n}`);
      const files = writeFiles(`${label}-${index}-${engine}`, { ...besides, "tools.ts": [...declarations, ...functions, ""].join("\n") }, ["tools.ts"]);
      return memoMismatches(engine, files);
    });
  };
  const tree = ["export interface Branch {\n  children: Tree[];\n}", "export type Tree = string | Branch;", "export interface Holder {\n  tree: Tree;\n}"];

  it("a replay copies no recursive alias's $def that this function would not find recursive", () => {
    // f1 alone had read Branch before Holder, so Tree was never found recursive (inline); the replay of
    // f0's Holder copied f0's Tree $def. A recursive alias's $def is now one the walk finds made (`leaves`),
    // and since src/reader/alias-recursion.ts Tree is recursive whatever is read first.
    expect(inEachOrder("alias-copied", tree, ["h: Holder", "b: Branch, h: Holder"])).toEqual([]);
  });

  it("a replay meets the alias as recursive where this function has found it so already", () => {
    // f1's `t: Tree` found Tree recursive, so its Holder refers to Tree; f0's Holder (Tree inline) was
    // replayed. A `leaves` step now records whether the alias was recursive by then, and a replay checks it.
    expect(inEachOrder("alias-marked", tree, ["b: Branch, h: Holder", "t: Tree, h: Holder"])).toEqual([]);
  });

  it("a replay copies none of what only a definition this function is reading reached", () => {
    // f1 reads Mid; f0's entry for Outer is {Outer, Mid, Inner}. Replaying it inside f1's Mid copied
    // Inner, so f1's own Mid found Inner read and never reported its Set. Only what the walk reads is copied.
    const declarations = [
      "export interface Outer {\n  mid?: Mid;\n}",
      "export interface Mid {\n  outer: Outer;\n  inner: Inner;\n}",
      'export interface Inner {\n  s: Set<string>;\n  k: "b" | "a";\n  tree: Tree;\n}',
      ...tree,
    ];
    expect(inEachOrder("behind-pending", declarations, ["o: Outer", 'm: Mid, y: Lowercase<"A" | "B">, t: Tree'])).toEqual([]);
  });

  it("a union alias written into a larger union (`?`, `| null`) is read as the alias in every order", () => {
    // Holder's `tree?: Tree` and `Tree | null` are unions TypeScript made of Tree's members; each is read as
    // Tree itself (src/reader/handlers/union.ts, writtenUnionAliases), found recursive or not by the walk.
    const declarations = [...tree, "export interface Keeper {\n  tree?: Tree;\n  maybe: Tree | null;\n}"];
    expect(inEachOrder("alias-widened", declarations, ["k: Keeper", "t?: Tree, b: Branch", "h: Holder, m: Tree | null"])).toEqual([]);
  });

  it.each([
    ["a tag default", '/** @default {"x": 1} */\n  b?: B;'],
    ["a constraint tag", "/** @minimum 1 */\n  b?: B;"],
    ["a constraint tag on a union", "/** @maxLength 3 */\n  b?: B | number;"],
    ["a record of the other", '/** @default {"k": {"x": 1}} */\n  b?: Record<string, B>;'],
  ])("a property's judgment waits for the definitions it reaches to be read, in a cycle (%s)", (_label, property) => {
    // A { b?: B }, B { a?: A }: f1 alone read A inside B, so B had no schema yet and the default or tag was
    // not judged (kept); f0's A, judged against B, was replayed. Judgments now wait until what they reach
    // is final (src/reader/judgments.ts), whichever type is read first.
    const declarations = [`export interface A {\n  ${property}\n}`, "export interface B {\n  a?: A;\n  n?: number;\n}"];
    expect(inEachOrder("judged-cycle", declarations, ["a: A", "b: B"])).toEqual([]);
  });

  it("judgments that wait for each other, and a class initializer's default, come out alike in every order", () => {
    const declarations = [
      'export class A {\n  /** @default {"a": {"b": null}} */\n  b?: B;\n  c: C = { a: 1 as never, x: 1 } as never;\n}',
      'export interface B {\n  /** @default {"b": {"zz": 1}} */\n  a?: A;\n}',
      "export interface C {\n  a?: A;\n  /** @minLength 2 */\n  t?: T;\n}",
      "export type T = string | C;",
    ];
    expect(inEachOrder("judged-both", declarations, ["a: A", "b: B", "c: C", "t: T"])).toEqual([]);
    expect(inEachOrder("judged-both-pairs", declarations, ["c: C, a: A", "t: T, b: B"])).toEqual([]);
  });

  it("a waiting judgment's warning and a later property's error are said in the same order either way", () => {
    // f0 alone: D's judgment waits while X is read, so its warning came after X's Set error; after f1 (D
    // first) the replay of D said it before. A function's diagnostics are now in source order (analyze-file.ts).
    const declarations = [
      "export interface X {\n  d: D;\n  s: Set<string>;\n}",
      'export interface D {\n  /**\n   * @maxLength 3\n   * @default "abcdef"\n   */\n  x?: X | string;\n}',
      'export class K {\n  /** @default "zz" */\n  x: Y | string = "yy";\n}',
      "export class Y {\n  k?: K;\n  m?: Map<string, string>;\n}",
    ];
    expect(inEachOrder("judged-order", declarations, ["d: D", "x: X", "k: K", "y: Y"])).toEqual([]);
    expect(inEachOrder("judged-order-pairs", declarations, ["d: D, y: Y", "x: X, k: K"])).toEqual([]);
  });

  it("the fixed shapes mixed, in both orders (each function has a shape another one reads first)", () => {
    const declarations = [
      'import * as ns from "./svc.js";',
      'import type { Svc } from "./svc.js";',
      "export interface Leaf {\n  value: string;\n}",
      "export interface Branch {\n  children: Tree[];\n  mode: Lowercase<\"B\" | \"A\">;\n}",
      "export type Tree = Leaf | Branch;",
      "export interface Holder {\n  tree: Tree;\n  leaf: Leaf;\n}",
      'export interface Opts {\n  mode: "b" | "a";\n}',
      'export interface Later {\n  mode: Lowercase<"B" | "A">;\n  holder: Holder;\n}',
    ];
    const signatures = [
      "t: Tree",
      "b: Branch, t: Tree",
      "h: Holder",
      "t: Tree, h: Holder",
      'x: "a" | "b", l: Later',
      "o: Opts, l: Later",
      "l: Later, o: Opts",
      "l: Later",
      "s: ns.Svc, h: Holder",
      "s: Svc, l: Later",
      "h: Holder, b: Branch",
    ];
    expect(inEachOrder("known-mixed", declarations, signatures, { "svc.ts": "export interface Svc {\n  name: string;\n  run(): void;\n}\n" })).toEqual([]);
  });
});

afterAll(() => {
  console.log(
    `memo differential: ${counted.analyses} analyses, ${counted.functions} function readings with a fresh memo ` +
      `(${counted.distinct.size} distinct functions x engine), ${counted.tools} tools compared`,
  );
});
