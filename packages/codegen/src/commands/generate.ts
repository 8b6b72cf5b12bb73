/** From an analysis to the output files' text, and the one-line summaries the CLI prints about them. */
import type { AnalyzeResult, Diagnostic, SchemaStyle, ToolModel } from "../model.js";
import type { OutputFile } from "../output/atomic-write.js";
import { countDiagnostics, displayPath, plural, renderDiagnostic } from "../output/diagnostics.js";
import { providerSchemas, type JsonProvider } from "../output/provider-schemas.js";
import { emitPythonStubs, emitTypeScriptDeclarations } from "../output/guest-stubs.js";
import { createStubMemo } from "@toolsmith/runtime/guest-api";
import { emitSchemaEntries, emitSchemasJson, joinSchemaEntries, schemaEntry, schemaEntryPieces, schemaEntryText } from "../output/schemas-json.js";
import { createRegistryEmitter, emitRegistryModule, type RegistryModule } from "../registry/emit.js";

export interface OutputPlan {
  /** Absolute path of the registry module, if requested. */
  out?: string;
  /** Absolute path of the schemas JSON, if requested. */
  json?: string;
  /** Absolute path of code mode's Python stubs, if requested. */
  pyi?: string;
  /** Absolute path of code mode's TypeScript declarations, if requested. */
  dts?: string;
  style: SchemaStyle;
  strict: boolean;
  /** `--provider` (other than openai-strict, which is `strict`): the dialect of the JSON schemas. */
  provider?: JsonProvider;
}

/** An analysis with the JSON schemas' text as the plan shapes them; a provider's losses join the diagnostics. */
export interface Shaped {
  result: AnalyzeResult;
  /** The `--json` file's text (a watch's builds it only when it is asked for). */
  readonly schemasJson: string;
  /** Its UTF-8 bytes in pieces, one a tool, which a watch keeps (OutputFile.pieces). */
  readonly schemasPieces?: readonly Buffer[];
  /** The `--out` module, from a watch's emitter that keeps each tool's pieces (built when asked for). */
  readonly registryModule?: RegistryModule | undefined;
  /** The `--pyi` and `--dts` files' text, from a watch's memo of each tool's (built when asked for). */
  readonly pythonStubs?: string | undefined;
  readonly typeScriptDeclarations?: string | undefined;
}

export function shapeForPlan(result: AnalyzeResult, plan: OutputPlan): Shaped {
  if (plan.provider === undefined) return { result, schemasJson: emitSchemasJson(result.tools) };
  const adapted = providerSchemas(result.tools, plan.provider);
  return {
    result: { tools: result.tools, diagnostics: [...result.diagnostics, ...adapted.diagnostics] },
    schemasJson: emitSchemaEntries(adapted.entries),
  };
}

/**
 * `shapeForPlan` for a watch, with the same output: each tool's JSON text (and, under `--provider`, its
 * losses) is kept per tool model, as is its part of the `--out` module (`createRegistryEmitter`), so a
 * cycle serialises only the tools the analyzer read again (it hands back the same model objects for files
 * that did not change). Tool models are never mutated.
 */
export function createShaper(plan: OutputPlan): (result: AnalyzeResult) => Shaped {
  const perTool = new WeakMap<ToolModel, { entry?: { text: string; bytes: Buffer }; diagnostics: readonly Diagnostic[] }>();
  const entryOf = (text: string) => ({ text, bytes: Buffer.from(text) });
  const shapeTool = (tool: ToolModel) => {
    if (plan.provider === undefined) return { entry: entryOf(schemaEntryText(schemaEntry(tool))), diagnostics: [] };
    const adapted = providerSchemas([tool], plan.provider);
    const entry = adapted.entries[0];
    return { ...(entry !== undefined ? { entry: entryOf(schemaEntryText(entry)) } : {}), diagnostics: adapted.diagnostics };
  };
  const emitRegistry = plan.out !== undefined ? createRegistryEmitter({ outFile: plan.out, style: plan.style, strict: plan.strict }) : undefined;
  const pythonMemo = plan.pyi !== undefined ? createStubMemo() : undefined;
  const typeScriptMemo = plan.dts !== undefined ? createStubMemo() : undefined;
  return (result) => {
    const texts: string[] = [];
    const bytes: Buffer[] = [];
    const diagnostics = [...result.diagnostics];
    for (const tool of result.tools) {
      let shaped = perTool.get(tool);
      if (shaped === undefined) perTool.set(tool, (shaped = shapeTool(tool)));
      if (shaped.entry !== undefined) {
        texts.push(shaped.entry.text);
        bytes.push(shaped.entry.bytes);
      }
      diagnostics.push(...shaped.diagnostics);
    }
    let joined: string | undefined;
    let registryModule: RegistryModule | undefined;
    return {
      result: plan.provider === undefined ? result : { tools: result.tools, diagnostics },
      get schemasJson() {
        return (joined ??= joinSchemaEntries(texts));
      },
      schemasPieces: schemaEntryPieces(bytes),
      get registryModule() {
        return emitRegistry && (registryModule ??= emitRegistry(result.tools));
      },
      get pythonStubs() {
        return pythonMemo && emitPythonStubs(result.tools, pythonMemo);
      },
      get typeScriptDeclarations() {
        return typeScriptMemo && emitTypeScriptDeclarations(result.tools, typeScriptMemo);
      },
    };
  };
}

export interface CommandIO {
  /** Relative inputs and outputs are resolved against it, and paths are printed relative to it. */
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

export function renderOutputs(tools: readonly ToolModel[], plan: OutputPlan, schemas?: Omit<Shaped, "result">): OutputFile[] {
  const outputs: OutputFile[] = [];
  if (plan.out !== undefined) {
    const kept = schemas?.registryModule;
    if (kept === undefined) {
      outputs.push({ path: plan.out, text: emitRegistryModule(tools, { outFile: plan.out, style: plan.style, strict: plan.strict }) });
    } else {
      // A getter: with pieces, the text is built only if the comparison needs it.
      outputs.push({
        path: plan.out,
        get text() {
          return kept.text;
        },
        pieces: kept.pieces,
      });
    }
  }
  if (plan.json !== undefined) {
    const pieces = schemas?.schemasPieces;
    let text: string | undefined;
    // A getter: with pieces, the text is built only if the comparison needs it.
    outputs.push({
      path: plan.json,
      get text() {
        return (text ??= schemas ? schemas.schemasJson : emitSchemasJson(tools));
      },
      ...(pieces ? { pieces } : {}),
    });
  }
  if (plan.pyi !== undefined) outputs.push({ path: plan.pyi, text: schemas?.pythonStubs ?? emitPythonStubs(tools) });
  if (plan.dts !== undefined) outputs.push({ path: plan.dts, text: schemas?.typeScriptDeclarations ?? emitTypeScriptDeclarations(tools) });
  return outputs;
}

/** The files the plan writes, in `renderOutputs`' order. */
export function outputPaths(plan: OutputPlan): string[] {
  return [plan.out, plan.json, plan.pyi, plan.dts].filter((p): p is string => p !== undefined);
}

/** Prints every diagnostic (warnings too) to stderr; true when there is no error, i.e. outputs may be written. */
export function reportDiagnostics(result: AnalyzeResult, io: CommandIO): boolean {
  for (const diagnostic of result.diagnostics) io.stderr(renderDiagnostic(diagnostic, io.cwd));
  const ok = result.diagnostics.every((diagnostic) => diagnostic.severity !== "error");
  if (!ok) io.stderr(`toolsmith codegen: ${countDiagnostics(result.diagnostics)}; no output written`);
  return ok;
}

export function summarizeTools(result: AnalyzeResult, fileCount: number, source?: string): string {
  const skipped = result.skipped !== undefined ? `, ${result.skipped.length} skipped` : "";
  return `${plural(result.tools.length, "tool")}${skipped} from ${source ?? plural(fileCount, "file")}`;
}

export function listPaths(paths: readonly string[], cwd: string): string {
  return paths.map((p) => displayPath(p, cwd)).join(", ");
}
