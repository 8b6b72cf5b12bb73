export type {
  AnalyzeOptions,
  AnalyzeResult,
  Analyzer,
  Diagnostic,
  ParamModel,
  SchemaStyle,
  ToolModel,
} from "./model.js";
export { analyze, createAnalyzer } from "./analyze.js";
