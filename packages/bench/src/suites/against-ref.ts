/**
 * `pnpm bench -- --only against [--ref REF]`: this tree's codegen bin against the bin built from a git
 * ref (default HEAD: what the uncommitted change does), side by side on the engines suite's three
 * shapes (heavy, shared, typical), round-robin after one warm-up each, and in `--watch --out` on the heavy one. A regression check for a change
 * that should not cost speed, and the A/B a speed change is judged by: the host's noise hits both alike.
 * The two bins' outputs are compared byte for byte; a difference is reported (the change altered what is
 * generated). The ref is checked out in a git worktree under the OS's temp folder (reused across runs),
 * installed with pnpm from the lockfile it has, and built as prepack builds it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_DIR, TMP_DIR } from "../paths.js";
import type { Row, SuiteResult } from "../report.js";
import { measureRoundRobin, type Contender } from "../round-robin.js";
import { formatNumber, summarize } from "../stats.js";
import { DEFAULT_SYNTH, synthesize, writeProject, type SynthOptions } from "../synth.js";
import { BIN, buildDist, writeShape } from "./codegen-engines.js";
import { CODEGEN_ARGS, expectTools } from "./codegen-contenders.js";
import { measureOurs } from "./watch.js";

export interface AgainstRefOptions {
  readonly ref: string;
  readonly reps: number;
  readonly log: (line: string) => void;
}

export const OURS_TOOL = "toolsmith codegen (this tree's bin)";

function run(command: string, args: readonly string[], cwd: string, what: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${what} failed (${command} ${args.join(" ")}):\n${(result.stderr || result.stdout || String(result.error)).slice(-3000)}`);
  return result.stdout;
}

/** The ref's bin, checked out, installed and built; its commit. */
function buildRef(ref: string, log: (line: string) => void): { bin: string; commit: string } {
  const commit = run("git", ["rev-parse", "--verify", `${ref}^{commit}`], REPO_DIR, `resolving the git ref "${ref}"`).trim();
  const tree = join(tmpdir(), `toolsmith-bench-ref-${commit.slice(0, 12)}`);
  if (!existsSync(join(tree, "package.json"))) {
    log(`  checking out ${ref} (${commit.slice(0, 12)}) at ${tree}`);
    run("git", ["worktree", "add", "--force", "--detach", tree, commit], REPO_DIR, `checking out ${ref}`);
  }
  log(`  installing ${ref}'s dependencies (pnpm install --frozen-lockfile --prefer-offline)`);
  run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], tree, `installing ${ref}'s dependencies`);
  for (const pkg of ["runtime", "codegen"]) {
    log(`  building ${ref}'s packages/${pkg}`);
    run(process.execPath, [join(tree, "scripts", "build-package.mjs")], join(tree, "packages", pkg), `building ${ref}'s packages/${pkg}`);
  }
  const bin = join(tree, "packages/codegen/bin/toolsmith.cjs");
  if (!existsSync(bin)) throw new Error(`${ref} has no packages/codegen/bin/toolsmith.cjs to run`);
  return { bin, commit };
}

export async function runAgainstRef(options: AgainstRefOptions): Promise<SuiteResult> {
  const { log, ref } = options;
  buildDist(log);
  const { bin: refBin, commit } = buildRef(ref, log);
  const refTool = `toolsmith codegen at ${ref} (${commit.slice(0, 12)})`;
  const rows: Row[] = [];
  const notes: string[] = [];
  const shapes: [string, SynthOptions][] = [
    ["heavy", DEFAULT_SYNTH],
    ["shared", { ...DEFAULT_SYNTH, shape: "shared" }],
    ["typical", { ...DEFAULT_SYNTH, functions: 100, files: 10 }],
  ];
  for (const [name, synth] of shapes) {
    const { root, project } = writeShape(`against-${name}`, synth);
    const out = join(root, "..", `against-${name}-out`);
    mkdirSync(out, { recursive: true });
    const expected = project.functions.length;
    const [oursJson, refJson] = [join(out, "ours.json"), join(out, "ref.json")];
    const contender = (tool: string, bin: string, json: string, ours: boolean): Contender => ({
      tool,
      ours,
      command: [process.execPath, [bin, ...CODEGEN_ARGS, "--json", json]],
      verify: expectTools(tool, json, expected),
    });
    const section = `codegen against ${ref}, ${name} shape (${expected} fns)`;
    log(`== ${section} at ${root}`);
    rows.push(
      ...(await measureRoundRobin([contender(OURS_TOOL, BIN, oursJson, true), contender(refTool, refBin, refJson, false)], {
        section,
        memorySection: `${section}: peak RSS`,
        cwd: root,
        reps: options.reps,
        label: section,
        log,
      })),
    );
    const same = readFileSync(oursJson, "utf8") === readFileSync(refJson, "utf8");
    notes.push(`against ${ref}, ${name} shape: the two bins' JSON outputs are ${same ? "byte-identical" : "different (the change altered what is generated)"}.`);
    const median = (tool: string): number | undefined => rows.find((row) => row.section === section && row.tool === tool)?.stats.median;
    const [ours, theirs] = [median(OURS_TOOL), median(refTool)];
    if (ours !== undefined && theirs !== undefined) log(`  ${name}: ours ${formatNumber(ours)} ms, ${ref} ${formatNumber(theirs)} ms (${formatNumber(theirs / ours)}x)`);
  }
  rows.push(...(await watchAgainst([OURS_TOOL, BIN], [refTool, refBin], log)));
  return { rows, targets: [], notes };
}

/**
 * `--watch --out` on the heavy shape, each bin in turn, twice (12 one-function edits a time): the same
 * measurement as the engines-watch row, interleaved so the host's noise hits both alike.
 */
async function watchAgainst(ours: readonly [string, string], theirs: readonly [string, string], log: (line: string) => void): Promise<Row[]> {
  const root = join(TMP_DIR, "against-watch");
  const project = synthesize(DEFAULT_SYNTH);
  writeProject(project, root);
  const section = `codegen against ${theirs[0].replace("toolsmith codegen at ", "")}, --watch --out 1-fn edit (${project.functions.length} fns)`;
  log(`== ${section}`);
  const samples = new Map<string, number[]>();
  for (let round = 0; round < 2; round++) {
    for (const [tool, bin] of [ours, theirs]) {
      const measured = await measureOurs({ root, project, edits: 12, log, engine: "ts7", bin, registry: true });
      samples.set(tool, [...(samples.get(tool) ?? []), ...measured.samples]);
    }
  }
  return [ours, theirs].map(([tool]) => ({
    section,
    tool,
    ours: tool === ours[0],
    unit: "ms",
    stats: summarize(samples.get(tool) ?? []),
    note: "save -> JSON and registry module on disk",
  }));
}
