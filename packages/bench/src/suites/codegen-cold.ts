/**
 * Codegen, cold: every tool is started as a fresh process on the same 1,000-function project, in
 * round-robin order (so a noisy stretch hits all tools alike), after one unmeasured warm-up run each
 * (file cache, tsx's transform cache). The same runs give the peak RSS rows. Ours runs as a user runs it:
 * `node <the package's bin>` on the packages built as prepack builds them (default engine).
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { BIN, buildDist } from "./codegen-engines.js";
import { CODEGEN_ARGS, expectTools, peerContenders, peerTargets } from "./codegen-contenders.js";
import { CODEGEN_CLI, toolsmithCommand } from "../paths.js";
import type { Row, SuiteResult, Target } from "../report.js";
import { measureRoundRobin, type Contender } from "../round-robin.js";
import type { Stats } from "../stats.js";
import type { SynthProject } from "../synth.js";

export interface ColdOptions {
  readonly root: string;
  readonly project: SynthProject;
  readonly reps: number;
  readonly log: (line: string) => void;
}

/** Ours as a published build runs it, and as `pnpm toolsmith` runs it in this repo. */
export const COMPILED = "toolsmith codegen (installed bin)";
export const FROM_SOURCE = "toolsmith codegen (pnpm toolsmith: tsx, from source)";

export async function contenders(root: string, project: SynthProject, bin: string | undefined, notes: string[]): Promise<Contender[]> {
  const out = join(root, "..", "out");
  mkdirSync(out, { recursive: true });
  const expected = project.functions.length;
  const list: Contender[] = [];
  if (existsSync(CODEGEN_CLI)) {
    const args = [...CODEGEN_ARGS, "--json"];
    const json = join(out, "toolsmith.json");
    if (bin !== undefined) {
      const installed = join(out, "toolsmith-bin.json");
      list.push({ tool: COMPILED, ours: true, command: [process.execPath, [bin, ...args, installed]], verify: expectTools(COMPILED, installed, expected) });
    }
    list.push({ tool: FROM_SOURCE, ours: true, command: toolsmithCommand([...args, json]), verify: expectTools(FROM_SOURCE, json, expected) });
  }
  const peers = await peerContenders(root, project, out);
  notes.push(...peers.missing.map((why) => `codegen cold: ${why}`));
  return [...list, ...peers.contenders];
}

export async function runColdCodegen(options: ColdOptions): Promise<SuiteResult> {
  const notes: string[] = [];
  let bin: string | undefined;
  if (existsSync(CODEGEN_CLI)) {
    try {
      buildDist(options.log);
      bin = BIN;
    } catch (error) {
      notes.push(`codegen cold: the packages could not be built, so ours ran only from source: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
  }
  const list = await contenders(options.root, options.project, bin, notes);
  const section = `codegen cold (${options.project.functions.length} fns)`;
  const rows: Row[] = await measureRoundRobin(list, { section, memorySection: "memory: peak RSS", cwd: options.root, reps: options.reps, label: "run", log: options.log });

  const statsOf = (tool: string): Stats | undefined => rows.find((r) => r.section === section && r.tool === tool)?.stats;
  // Targets are judged on the build users install; the from-source row shows what tsx adds.
  const ours = statsOf(COMPILED) ?? statsOf(FROM_SOURCE);
  const targets: Target[] = peerTargets(section, ours, statsOf);
  if (!ours) notes.push("toolsmith codegen: packages/codegen/src/cli.ts does not exist yet, so ours was not measured.");
  return { rows, targets, notes };
}
