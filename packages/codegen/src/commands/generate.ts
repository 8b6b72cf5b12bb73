/** From an analysis to the output files' text, and the one-line summaries the CLI prints about them. */
import type { AnalyzeResult, SchemaStyle, ToolModel } from "../model.js";
import type { OutputFile } from "../output/atomic-write.js";
import { countDiagnostics, displayPath, plural, renderDiagnostic } from "../output/diagnostics.js";
import { emitSchemasJson } from "../output/schemas-json.js";
import { emitRegistryModule } from "../registry/emit.js";

export interface OutputPlan {
  /** Absolute path of the registry module, if requested. */
  out?: string;
  /** Absolute path of the schemas JSON, if requested. */
  json?: string;
  style: SchemaStyle;
  strict: boolean;
}

export interface CommandIO {
  /** Relative inputs and outputs are resolved against it, and paths are printed relative to it. */
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export function renderOutputs(tools: readonly ToolModel[], plan: OutputPlan): OutputFile[] {
  const outputs: OutputFile[] = [];
  if (plan.out !== undefined) {
    outputs.push({ path: plan.out, text: emitRegistryModule(tools, { outFile: plan.out, style: plan.style, strict: plan.strict }) });
  }
  if (plan.json !== undefined) outputs.push({ path: plan.json, text: emitSchemasJson(tools) });
  return outputs;
}

/** Prints every diagnostic (warnings too) to stderr; true when there is no error, i.e. outputs may be written. */
export function reportDiagnostics(result: AnalyzeResult, io: CommandIO): boolean {
  for (const diagnostic of result.diagnostics) io.stderr(renderDiagnostic(diagnostic, io.cwd));
  const ok = result.diagnostics.every((diagnostic) => diagnostic.severity !== "error");
  if (!ok) io.stderr(`toolsmith codegen: ${countDiagnostics(result.diagnostics)}; no output written`);
  return ok;
}

export function summarizeTools(result: AnalyzeResult, fileCount: number): string {
  return `${plural(result.tools.length, "tool")} from ${plural(fileCount, "file")}`;
}

export function listPaths(paths: readonly string[], cwd: string): string {
  return paths.map((p) => displayPath(p, cwd)).join(", ");
}
