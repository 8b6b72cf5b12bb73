/** `toolsmith codegen`: analyze once, then print, check or write the outputs (or hand over to watch mode). */
import { existsSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { holdsAlready, writeOutputsAtomically } from "../output/atomic-write.js";
import type { CodegenArgs } from "./args.js";
import { listPaths, outputPaths, renderOutputs, reportDiagnostics, shapeForPlan, summarizeTools, type CommandIO, type OutputPlan } from "./generate.js";
import { engineFor, loadEngine } from "../engine-choice.js";
import { expandInputs } from "./inputs.js";

export async function runCodegen(args: CodegenArgs, io: CommandIO, stop?: Promise<void>): Promise<number> {
  const plan: OutputPlan = {
    style: args.style,
    strict: args.strict,
    ...(args.provider !== undefined && args.provider !== "openai-strict" ? { provider: args.provider } : {}),
    ...(args.out !== undefined ? { out: path.resolve(io.cwd, args.out) } : {}),
    ...(args.json !== undefined ? { json: path.resolve(io.cwd, args.json) } : {}),
    ...(args.pyi !== undefined ? { pyi: path.resolve(io.cwd, args.pyi) } : {}),
    ...(args.dts !== undefined ? { dts: path.resolve(io.cwd, args.dts) } : {}),
  };
  const tsconfig = args.tsconfig !== undefined ? path.resolve(io.cwd, args.tsconfig) : undefined;
  if (tsconfig !== undefined && !existsSync(tsconfig)) {
    io.stderr(`toolsmith codegen: tsconfig not found: ${args.tsconfig}`);
    return 1;
  }

  if (args.watch) {
    const { watchCodegen } = await import("../output/watch.js");
    // The inputs are not expanded yet: the tsconfig that decides the engine is looked up from here.
    const engine = engineFor({ ...args, files: [path.join(io.cwd, "index.ts")], ...(tsconfig ? { tsconfig } : {}) });
    const handle = await watchCodegen({ patterns: args.inputs, plan, io, engine, ...(tsconfig ? { tsconfig } : {}) });
    await (stop ?? untilInterrupted());
    await handle.close();
    return 0;
  }

  const outputs = outputPaths(plan);
  const inputs =
    args.package !== undefined ? { files: [], problems: [] } : await expandInputs(args.inputs, io.cwd, outputs);
  if (inputs.problems.length > 0) {
    for (const problem of inputs.problems) io.stderr(`toolsmith codegen: ${problem}`);
    return 1;
  }

  const started = performance.now();
  // Only the engine that runs is loaded: ts7 never loads TypeScript 6 (ts-morph), which costs ~0.5 s.
  const engine = engineFor({ ...args, files: inputs.files, ...(tsconfig ? { tsconfig } : {}) });
  const { analyze } = await loadEngine(engine);
  const analyzed = analyze({
    engine,
    files: inputs.files,
    style: args.style,
    strict: args.strict,
    cwd: io.cwd,
    ...(tsconfig ? { tsconfig } : {}),
    ...(args.package !== undefined ? { package: args.package } : {}),
    ...(args.only !== undefined ? { only: args.only } : {}),
    ...(args.skipInvalid ? { skipInvalid: true } : {}),
  });
  const shaped = shapeForPlan(analyzed, plan);
  const { result, schemasJson } = shaped;
  if (!reportDiagnostics(result, io)) return 1;
  const rendered = renderOutputs(result.tools, plan, shaped);
  const from = args.package !== undefined ? `package ${args.package}` : undefined;
  const what = summarizeTools({ ...result, ...(analyzed.skipped ? { skipped: analyzed.skipped } : {}) }, inputs.files.length, from);

  if (rendered.length === 0) {
    // The schemas are stdout: the summary of a partial run goes to stderr.
    if (analyzed.skipped !== undefined) io.stderr(`toolsmith codegen: ${what}`);
    io.stdout(schemasJson.trimEnd());
    return 0;
  }
  if (args.check) {
    const stale: string[] = [];
    for (const output of rendered) if (!holdsAlready(output)) stale.push(output.path);
    if (stale.length > 0) {
      io.stderr(`toolsmith codegen --check: stale: ${listPaths(stale, io.cwd)} (rerun without --check to update)`);
      return 1;
    }
    io.stdout(`toolsmith codegen --check: ${listPaths(outputs, io.cwd)} up to date (${what})`);
    return 0;
  }
  try {
    const report = writeOutputsAtomically(rendered);
    const ms = Math.round(performance.now() - started);
    const parts = [
      ...(report.written.length ? [`wrote ${listPaths(report.written, io.cwd)}`] : []),
      ...(report.unchanged.length ? [`unchanged ${listPaths(report.unchanged, io.cwd)}`] : []),
    ];
    io.stdout(`toolsmith codegen: ${what}; ${parts.join("; ")} (${ms} ms)`);
    return 0;
  } catch (error) {
    io.stderr(`toolsmith codegen: could not write the outputs, none changed: ${(error as Error).message}`);
    return 1;
  }
}

/** Resolves on Ctrl-C (or SIGTERM), the way a watch ends. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
}
