/**
 * The codegen suites' (cold, engines) contenders, written once: our CLI's arguments on the synthetic
 * project (watch's too) and the check on its output, then the peers - ts-json-schema-generator (default and
 * --no-type-check) and typescript-json-schema through their runners in src/peers/, and `tsc --noEmit` 6
 * and 7 - each schema generator checked to produce one schema per function; and the targets judged
 * against those peers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PEERS_DIR, TSC6, tsc7Executable } from "../paths.js";
import type { Target } from "../report.js";
import type { Contender } from "../round-robin.js";
import { formatNumber, type Stats } from "../stats.js";
import type { SynthProject } from "../synth.js";

/** The peers' rows in BENCHMARKS.md. */
export const PEER = {
  tsjg: "ts-json-schema-generator",
  tsjgNoCheck: "ts-json-schema-generator --no-type-check",
  tjs: "typescript-json-schema",
  tsc6: "tsc --noEmit (TypeScript 6.0)",
  tsc7: "tsc --noEmit (TypeScript 7.0 native)",
} as const;

/** `toolsmith codegen` on the synthetic project (run in its root); each suite adds its flags and `--json`. */
export const CODEGEN_ARGS: readonly string[] = ["codegen", "src/tools/*.ts", "--tsconfig", "tsconfig.json"];

function expectCount(label: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${label}: expected ${expected} schemas, found ${actual}`);
}

/** Our `--json` output is an array with one entry per tool. */
export function expectTools(tool: string, file: string, expected: number): () => void {
  return () => expectCount(tool, (JSON.parse(readFileSync(file, "utf8")) as unknown[]).length, expected);
}

/** The schema generators write one document whose definitions hold a `*Params` schema per function. */
function expectParamsDefinitions(tool: string, file: string, expected: number): () => void {
  return () => {
    const doc = JSON.parse(readFileSync(file, "utf8")) as { definitions?: Record<string, unknown> };
    expectCount(tool, Object.keys(doc.definitions ?? {}).filter((k) => k.endsWith("Params")).length, expected);
  };
}

export interface Peers {
  readonly contenders: Contender[];
  /** Why a peer's row is missing from this run, one sentence each. */
  readonly missing: string[];
}

/**
 * The peers on the synthetic project written at `root`, their output documents in `out`. They are handed
 * the tool files (ours expands the glob) and must each produce a schema per function.
 */
export async function peerContenders(root: string, project: SynthProject, out: string): Promise<Peers> {
  const tsconfig = join(root, "tsconfig.json");
  const files = project.toolFiles.map((f) => join(root, f));
  const expected = project.functions.length;
  const generator = (tool: string, runner: string, json: string, flags: readonly string[]): Contender => ({
    tool,
    ours: false,
    command: [process.execPath, [join(PEERS_DIR, runner), tsconfig, json, ...flags, ...files]],
    verify: expectParamsDefinitions(tool, json, expected),
  });
  const contenders: Contender[] = [
    generator(PEER.tsjg, "ts-json-schema-generator.cjs", join(out, "ts-json-schema-generator.json"), []),
    generator(PEER.tsjgNoCheck, "ts-json-schema-generator.cjs", join(out, "ts-json-schema-generator-no-check.json"), ["--no-type-check"]),
    generator(PEER.tjs, "typescript-json-schema.cjs", join(out, "typescript-json-schema.json"), []),
    { tool: PEER.tsc6, ours: false, command: [process.execPath, [TSC6, "-p", tsconfig, "--noEmit"]] },
  ];
  const missing: string[] = [];
  const tsc7 = await tsc7Executable().catch(() => undefined);
  if (tsc7 !== undefined) contenders.push({ tool: PEER.tsc7, ours: false, command: [tsc7, ["-p", tsconfig, "--noEmit"]] });
  else missing.push("TypeScript 7's native binary is not available for this platform, so its row is missing.");
  return { contenders, missing };
}

/**
 * The targets both codegen suites judge ours by: 3x ts-json-schema-generator's speed, and faster than
 * `tsc --noEmit` with TypeScript 6. `qualifier` names which of ours is judged, when there are several.
 */
export function peerTargets(section: string, ours: Stats | undefined, peer: (tool: string) => Stats | undefined, qualifier?: string): Target[] {
  const tsjg = peer(PEER.tsjg);
  const tsc6 = peer(PEER.tsc6);
  const vsTsjg = ours && tsjg ? tsjg.median / ours.median : undefined;
  return [
    {
      section,
      goal: `>= 3x faster than ${PEER.tsjg}${qualifier ? ` (${qualifier})` : ""}`,
      measured: vsTsjg !== undefined ? `${formatNumber(vsTsjg)}x` : "not measured",
      met: vsTsjg === undefined ? undefined : vsTsjg >= 3,
    },
    {
      section,
      goal: "faster than tsc --noEmit (TypeScript 6)",
      measured: ours && tsc6 ? `${formatNumber(ours.median)} ms vs ${formatNumber(tsc6.median)} ms` : "not measured",
      met: ours && tsc6 ? ours.median < tsc6.median : undefined,
    },
  ];
}
