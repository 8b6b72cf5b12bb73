/**
 * Where our cold codegen's time goes, by phase, in-process (no profiler overhead): loading the runtime
 * index and the codegen (ts-morph + TypeScript), building the project (parsing), and `analyze` (program,
 * checker, reading and emitting 1,000 functions). Run on the benchmark's project and on the same project
 * with stub bodies, each in a fresh process, to show how much of the time the bodies cost.
 *   node --import tsx --conditions=source src/phases.ts
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { TMP_DIR } from "./paths.js";
import { DEFAULT_SYNTH, synthesize, writeProject } from "./synth.js";

async function child(root: string): Promise<void> {
  const t0 = performance.now();
  await import("@toolsmith/runtime");
  const t1 = performance.now();
  const { createAnalyzer } = await import("@toolsmith/codegen");
  const t2 = performance.now();
  const project = synthesize({ ...DEFAULT_SYNTH, bodies: !root.endsWith("stub") });
  const analyzer = createAnalyzer({ files: project.toolFiles.map((f) => join(root, f)), tsconfig: join(root, "tsconfig.json") });
  const t3 = performance.now();
  const result = analyzer.analyze();
  const t4 = performance.now();
  const json = JSON.stringify(result.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.parameters })));
  const t5 = performance.now();
  const f = (ms: number): string => `${ms.toFixed(0).padStart(6)} ms`;
  console.log(
    [
      `${root.endsWith("stub") ? "stub bodies" : "full bodies"}: ${result.tools.length} tools, ${json.length} bytes of JSON`,
      `  import @toolsmith/runtime   ${f(t1 - t0)}`,
      `  import @toolsmith/codegen   ${f(t2 - t1)}  (ts-morph + TypeScript 6)`,
      `  createAnalyzer (parse)      ${f(t3 - t2)}`,
      `  analyze (check + read)      ${f(t4 - t3)}`,
      `  JSON.stringify              ${f(t5 - t4)}`,
      `  total in-process            ${f(t5 - t0)}`,
    ].join("\n"),
  );
}

const childRoot = process.argv[2] === "--child" ? process.argv[3] : undefined;
if (childRoot) {
  await child(childRoot);
} else {
  for (const bodies of [true, false]) {
    const root = join(TMP_DIR, bodies ? "phases-full" : "phases-stub");
    writeProject(synthesize({ ...DEFAULT_SYNTH, bodies }), root);
    for (let i = 0; i < 3; i++) {
      const run = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, "--child", root], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
      process.stdout.write(run.stdout);
    }
  }
}
