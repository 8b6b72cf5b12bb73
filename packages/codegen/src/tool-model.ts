/**
 * What both engines do with a read function and with the files' readings: the tool model (schemas in
 * the requested style, strict form and its problems), the combination of per-file results and the
 * `skipInvalid` rule. No compiler here: the TypeScript 7 path loads this without TypeScript 6.
 */
import { emitParameters, emitReturns } from "./emit/schema/emit.js";
import { toStrict } from "./emit/schema/strict.js";
import { revivePlan } from "./emit/revive.js";
import type { IrFunction } from "./ir/types.js";
import type { AnalyzeOptions, AnalyzeResult, Diagnostic, ToolModel } from "./model.js";
import { displayPath } from "./output/diagnostics.js";

export interface FileAnalysis {
  readonly tools: readonly ToolModel[];
  readonly diagnostics: readonly Diagnostic[];
  /** Functions left out for their errors (`skipInvalid`). */
  readonly skipped?: readonly string[];
  /** Where each tool's function is declared (`file:offset`): a barrel re-exporting another input's tool is no clash. */
  readonly origins?: ReadonlyMap<ToolModel, string>;
}

export function toolModel(fn: IrFunction, options: AnalyzeOptions, diagnostics: Diagnostic[]): ToolModel {
  const style = options.style ?? "openai";
  const emitted = emitParameters(fn, style);
  let parameters = emitted.schema;
  if (options.strict) {
    const strict = toStrict(emitted.schema, emitted.definitionUsers);
    for (const problem of strict.problems) {
      const param = fn.params.find((p) => p.name === problem.parameterName);
      const location = param?.location ?? fn.location;
      diagnostics.push({
        severity: problem.severity,
        file: fn.file,
        line: location.line,
        column: location.column,
        message: `${fn.name}${param ? `(${param.name})` : ""}: ${problem.message}`,
        ...(problem.hint ? { hint: problem.hint } : {}),
        functionName: fn.name,
        ...(param ? { parameterName: param.name } : {}),
      });
    }
    if (strict.schema) parameters = strict.schema;
  }
  const returns = emitReturns(fn, style);
  const revive = revivePlan(fn);
  return {
    name: fn.name,
    file: fn.file,
    line: fn.location.line,
    column: fn.location.column,
    ...(fn.description !== undefined ? { description: fn.description } : {}),
    parameters,
    // The strict form replaced the schema: keep the ordinary one for registries (the runtime derives strict).
    ...(parameters !== emitted.schema ? { nonStrictParameters: emitted.schema } : {}),
    callStyle: fn.callStyle,
    params: fn.params.map(({ name, optional, hasDefault, dropped }) => ({
      name,
      optional,
      hasDefault,
      ...(dropped ? { dropped } : {}),
    })),
    isAsync: fn.isAsync,
    confirm: fn.confirm,
    ...(returns ? { returns } : {}),
    ...(revive ? { revive } : {}),
    signature: {
      params: fn.params.map(({ name, type, optional, hasDefault, dropped }) => ({
        name,
        type,
        optional: optional || hasDefault,
        ...(dropped ? { dropped } : {}),
      })),
      definitions: fn.definitions,
    },
  };
}

/**
 * Files in the given order; a name exported twice is an error at every later export, unless both are
 * the same function (an input and a barrel re-exporting it): then the first stands.
 */
export function combine(perFile: readonly FileAnalysis[], cwd = process.cwd()): AnalyzeResult & { skipped: string[] } {
  const tools: ToolModel[] = [];
  const diagnostics: Diagnostic[] = [];
  const skipped = unique(perFile.flatMap((analysis) => analysis.skipped ?? []));
  const byName = new Map<string, { tool: ToolModel; origin: string | undefined }>();
  const said = new Set<string>();
  for (const analysis of perFile) {
    for (const diagnostic of analysis.diagnostics) {
      // A function reached through two inputs (itself and a barrel) is read twice: report it once.
      const key = JSON.stringify(diagnostic);
      if (said.has(key)) continue;
      said.add(key);
      diagnostics.push(diagnostic);
    }
    for (const tool of analysis.tools) {
      const origin = analysis.origins?.get(tool);
      const seen = byName.get(tool.name);
      if (!seen) {
        byName.set(tool.name, { tool, origin });
        tools.push(tool);
        continue;
      }
      if (origin !== undefined && seen.origin === origin) continue;
      const first = seen.tool;
      diagnostics.push({
        severity: "error",
        file: tool.file,
        line: tool.line,
        column: tool.column,
        message: `${tool.name}: the tool name is already exported by ${displayPath(first.file, cwd)}:${first.line}:${first.column}`,
        hint: "rename one of the functions, or leave one out with @internal",
        functionName: tool.name,
      });
    }
  }
  return { tools, diagnostics, skipped };
}

/**
 * `skipInvalid`: the tools that are fine stay, every error becomes a warning (the functions it is about
 * were left out by `readTools`), and `skipped` names them. Otherwise the result as it is.
 */
export function finish(result: AnalyzeResult & { skipped?: string[] }, options: AnalyzeOptions): AnalyzeResult {
  if (!options.skipInvalid) {
    const { skipped: _skipped, ...rest } = result;
    return rest;
  }
  return {
    tools: result.tools,
    diagnostics: result.diagnostics.map((d) => (d.severity === "error" ? { ...d, severity: "warning" } : d)),
    skipped: result.skipped ?? [],
  };
}

export function unique(files: readonly string[]): string[] {
  return [...new Set(files)];
}
