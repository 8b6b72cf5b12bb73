/**
 * `pnpm bench`: toolsmith against its peers, side by side, in one run.
 *   --only cold,watch,dispatch,interpreters,pyparallel,cpython,jupyter,load,codemode,engines,engines-watch   run a subset (memory rows come with `cold`)
 *   --quick                                   fewer repetitions (a smoke run; figures are rough)
 *   --write / --no-write                      write BENCHMARKS.md (default: only full, non-quick runs)
 *   --reps N                                  repetitions of the engines suite (default 5, quick 2)
 *   --note "TEXT"                             a line about the run's conditions, written under Machine
 *   --only against [--ref REF]                this tree's codegen bin against REF's (default HEAD), never written
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeMachine } from "./machine.js";
import { REPO_DIR, TMP_DIR } from "./paths.js";
import { renderMachine, renderSection, renderTable, renderTargets, spliceSection, type Row, type SuiteResult, type Target } from "./report.js";
import { hasGnuTime } from "./spawn.js";
import { runColdCodegen } from "./suites/codegen-cold.js";
import { runCodeMode } from "./suites/code-mode.js";
import { runAgainstRef } from "./suites/against-ref.js";
import { runEngines, runEnginesWatch } from "./suites/codegen-engines.js";
import { runCPython } from "./suites/cpython.js";
import { runDispatch } from "./suites/dispatch.js";
import { runInterpreters } from "./suites/interpreters.js";
import { runLoad } from "./suites/load.js";
import { runJupyter } from "./suites/jupyter.js";
import { runPythonParallel } from "./suites/python-parallel.js";
import { runWatch } from "./suites/watch.js";
import { DEFAULT_SYNTH, synthesize, writeProject } from "./synth.js";
import { method } from "./method.js";

const SUITES = ["cold", "watch", "dispatch", "interpreters", "pyparallel", "cpython", "jupyter", "load", "codemode", "engines", "engines-watch", "against"] as const;
type Suite = (typeof SUITES)[number];
/** What a plain `pnpm bench` runs: everything but the A/B against a git ref, which is asked for by name. */
const DEFAULT_SUITES: readonly Suite[] = SUITES.filter((suite) => suite !== "against");
/** Suites whose results are a section of BENCHMARKS.md of their own, which a run of them alone replaces in place. */
const SECTION_SUITES: ReadonlySet<Suite> = new Set(["load"]);

interface Args {
  readonly only: ReadonlySet<Suite>;
  readonly quick: boolean;
  readonly write: boolean | undefined;
  readonly note: string | undefined;
  /** `--reps N`: repetitions for the engines suite (its 1,000-function runs are long on a busy machine). */
  readonly reps: number | undefined;
  /** `--ref REF`: the git ref the `against` suite builds and runs beside this tree. */
  readonly ref: string;
}

function parseArgs(argv: readonly string[]): Args {
  let only = new Set<Suite>(DEFAULT_SUITES);
  let ref = "HEAD";
  let quick = false;
  let write: boolean | undefined;
  let note: string | undefined;
  let reps: number | undefined;
  const args = argv.filter((a) => a !== "--");
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--quick") quick = true;
    else if (arg === "--write") write = true;
    else if (arg === "--no-write") write = false;
    else if (arg === "--reps") reps = Number(args[++i]);
    else if (arg === "--ref") ref = args[++i] ?? "HEAD";
    else if (arg === "--note" || arg?.startsWith("--note=")) note = arg === "--note" ? args[++i] : arg.slice("--note=".length);
    else if (arg === "--only" || arg?.startsWith("--only=")) {
      const value = arg === "--only" ? args[++i] : arg.slice("--only=".length);
      const names = (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      const unknown = names.filter((n) => !(SUITES as readonly string[]).includes(n));
      if (names.length === 0 || unknown.length > 0) throw new Error(`--only takes a comma list of ${SUITES.join(", ")}; got "${value ?? ""}"`);
      only = new Set(names as Suite[]);
    } else throw new Error(`unknown argument "${arg}" (known: --only SUITES, --quick, --write, --no-write, --note TEXT, --reps N, --ref REF)`);
  }
  if (write && only.has("against")) throw new Error("--write does not take the against suite: its rows compare two builds of ours, not ours and the peers");
  return { only, quick, write, note, reps, ref };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const machine = describeMachine();
  const log = (line: string): void => console.error(line);
  const results: SuiteResult[] = [];
  // The installed bin keeps its compiled code between runs (bin/compile-cache.cjs): in a folder of this
  // run's own, filled by each contender's warm-up run, as a user's second run finds it.
  const compileCache = join(TMP_DIR, "compile-cache");
  rmSync(compileCache, { recursive: true, force: true });
  process.env.TOOLSMITH_CACHE_DIR = compileCache;
  const root = join(TMP_DIR, "synth");
  const project = synthesize(DEFAULT_SYNTH);
  if (args.only.has("cold") || args.only.has("watch")) {
    writeProject(project, root);
    log(`synthetic project: ${project.functions.length} functions in ${project.toolFiles.length} files at ${root}`);
  }
  const run = async (suite: Suite, fn: () => Promise<SuiteResult>): Promise<void> => {
    if (!args.only.has(suite)) return;
    log(`== ${suite}`);
    try {
      results.push(await fn());
    } catch (error) {
      // One broken suite must not hide the others' figures.
      const message = error instanceof Error ? error.message : String(error);
      log(`${suite} failed: ${message}`);
      results.push({ rows: [], targets: [], notes: [`${suite}: failed in this run: ${message.split("\n")[0]}`] });
    }
  };
  await run("cold", () => runColdCodegen({ root, project, reps: args.quick ? 2 : 7, log }));
  await run("watch", () => runWatch({ root, project, edits: args.quick ? 4 : 15, log }));
  await run("dispatch", () => runDispatch({ quick: args.quick, log }));
  await run("interpreters", () => runInterpreters({ reps: args.quick ? 3 : 10, warmCalls: args.quick ? 50 : 300, log }));
  await run("load", () => runLoad({ quick: args.quick, log, ...(args.note !== undefined ? { note: args.note } : {}) }));
  await run("codemode", () => runCodeMode({ calls: args.quick ? 100 : 500, log }));
  await run("cpython", () => runCPython({ reps: args.quick ? 3 : 10, warmCalls: args.quick ? 50 : 300, groupbyCalls: args.quick ? 5 : 20, log }));
  await run("jupyter", () => runJupyter({ reps: args.quick ? 2 : 5, warmCalls: args.quick ? 30 : 200, groupbyCalls: args.quick ? 5 : 20, log }));
  await run("pyparallel", () => runPythonParallel({ sessions: 8, calls: args.quick ? 25 : 150, log }));
  await run("engines", () => runEngines({ reps: args.reps ?? (args.quick ? 2 : 5), log }));
  await run("engines-watch", () => runEnginesWatch({ edits: args.quick ? 4 : 15, log }));
  await run("against", () => runAgainstRef({ ref: args.ref, reps: args.reps ?? (args.quick ? 3 : 10), log }));

  const rows: Row[] = results.flatMap((r) => r.rows);
  const targets: Target[] = results.flatMap((r) => r.targets);
  const notes = results.flatMap((r) => r.notes);
  const sections = results.flatMap((r) => r.sections ?? []);
  if (!hasGnuTime()) notes.push("/usr/bin/time is missing: peak RSS rows were not measured.");
  const table = renderTable(rows);
  const targetTable = renderTargets(targets);
  console.log(targets.length ? `\n${table}\n\n${targetTable}\n` : `\n${table}\n`);
  for (const note of notes) console.log(`- ${note}`);
  for (const section of sections) console.log(`\n${renderSection(section)}\n`);

  // A partial or quick run never replaces the committed figures unless asked to.
  // The A/B against a git ref is no figure of the project's: it is never written.
  const write = args.write ?? (DEFAULT_SUITES.every((suite) => args.only.has(suite)) && !args.only.has("against") && !args.quick);
  const benchmarksFile = join(REPO_DIR, "BENCHMARKS.md");
  const sectionsOnly = [...args.only].every((suite) => SECTION_SUITES.has(suite));
  if (write && sectionsOnly && existsSync(benchmarksFile)) {
    // Only suites with sections of their own ran (`--only load --write`): replace those sections, keep the rest
    // (a failed suite leaves its section as it was).
    let doc = readFileSync(benchmarksFile, "utf8");
    for (const section of sections) doc = spliceSection(doc, section, "## Targets");
    writeFileSync(benchmarksFile, doc);
    log(`updated ${sections.map((s) => s.title).join(", ")} in ${benchmarksFile}`);
  } else if (write) {
    const doc = [
      "# Benchmarks",
      "",
      "Generated by `pnpm bench` (packages/bench; see its README for what each row measures and how to rerun).",
      args.quick ? "\n**Quick mode: few repetitions, rough figures.**" : "",
      "",
      "## Machine",
      "",
      renderMachine(machine),
      ...(args.note ? [`- conditions: ${args.note}`] : []),
      "",
      "## Results",
      "",
      "Times are wall-clock; lower is better. `peer / ours` is the peer's median divided by ours, measured in the same run (> 1: ours is faster).",
      "",
      table,
      "",
      ...sections.flatMap((section) => [renderSection(section), ""]),
      "## Targets (issue 5)",
      "",
      targetTable,
      "",
      ...(notes.length > 0 ? ["## Notes from this run", "", ...notes.map((n) => `- ${n}`), ""] : []),
      method(),
    ].join("\n");
    writeFileSync(benchmarksFile, doc);
    log(`wrote ${join(REPO_DIR, "BENCHMARKS.md")}`);
  }
  return 0;
}

process.exitCode = await main();
