export type {
  AnalyzeOptions,
  AnalyzeResult,
  Analyzer,
  Diagnostic,
  Engine,
  ParamModel,
  SchemaStyle,
  ToolModel,
  ToolSignature,
} from "./model.js";
export { ENGINES } from "./model.js";
export { analyze, createAnalyzer } from "./engines.js";
export { emitRegistryModule, type RegistryModuleOptions } from "./registry/emit.js";
export { emitSchemasJson } from "./output/schemas-json.js";
export { emitPythonStubs, emitTypeScriptDeclarations, toolDescriptions } from "./output/guest-stubs.js";
export { renderDiagnostic } from "./output/diagnostics.js";
export { watchCodegen, type WatchCycle, type WatchHandle, type WatchOptions } from "./output/watch.js";
