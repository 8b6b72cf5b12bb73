export type { JsonSchema, JsonValue, ObjectSchema } from "./json-schema.js";
export type { Registry, RevivePlan, ToolContext, ToolImage, ToolSpec } from "./registry.js";
export type { SchemaCurrent, SchemaMatch } from "./stale-check.js";
export {
  createToolbox,
  toolMessages,
  DEFAULT_TOOL_TIMEOUT_MS,
  type CallOptions,
  type ConfirmFn,
  type ConfirmRequest,
  type ToolCall,
  type Toolbox,
  type ToolboxOptions,
  type ToolErrorKind,
  type ToolResult,
} from "./toolbox.js";
export { defineTool, type FnToolDefinition, type InvokeToolDefinition, type ToolDefinition } from "./define-tool.js";
export type { AnthropicFormatOptions, AnthropicTool, FormatOptions, LegacyFunction } from "./tool-formats.js";
export type { GeminiFormatOptions, GeminiFunctionDeclaration, GeminiTool, ProviderReport, ReportOptions } from "./tool-formats.js";
export type { ToolCallInput } from "./tool-calls.js";
export { toContent } from "./content.js";
export {
  anthropicToolResult,
  responsesToolOutput,
  toolResultImages,
  type AnthropicToolResultBlock,
  type AnthropicToolResultContent,
  type ResponsesToolOutput,
  type ResponsesToolOutputContent,
} from "./tool-results.js";
export {
  runTools,
  RunToolsError,
  type ChatClient,
  type PassThroughParams,
  type RunEvent,
  type RunToolsOptions,
  type RunToolsResult,
  type StopReason,
  type Usage,
} from "./run-tools.js";
export { ask, clientFromEnv, modelFromEnv, DEFAULT_MODEL, CREDENTIALS_HELP, MissingCredentialsError, type AskOptions } from "./ask.js";
export { compileValidator, formatIssues, type CompileOptions, type ValidateFn, type ValidationIssue } from "./validation/index.js";
export type { Int } from "./int.js";
export { fromStrictArguments, toAnthropic, toAnthropicStrict, toOpenAI, toOpenAIStrict } from "./providers/index.js";
export type { GeminiForm, GeminiObjectSchema, GeminiSchema, Provider, ProviderSchema, SchemaChange } from "./providers/index.js";
export { forProvider, nameProblems, providerVariants, toGemini, toGeminiDeclaration, toGeminiJsonSchema } from "./providers/index.js";
export type { GeminiOptions, OpenAIStrictOptions, ProviderOptions, ProviderSchemas } from "./providers/index.js";
export {
  assertBubblewrapWorks,
  bubblewrapArgs,
  closeWarmSpares,
  confirmOnTerminal,
  CPythonSession,
  createInterpreterTools,
  interpreterToolShapes,
  describeProduced,
  formatCell,
  frameCode,
  imagesOf,
  interpreterRegistry,
  JavaScriptSession,
  JupyterSession,
  LineQueue,
  PythonSession,
  SandboxUnavailableError,
} from "./interpreter/index.js";
export type {
  BackendName,
  BubblewrapOptions,
  CellResult,
  CPythonSessionOptions,
  FileOptions,
  InterpreterSession,
  InterpreterSessionOptions,
  JupyterSessionOptions,
  ProducedFile,
  PythonBackend,
  PythonBackendOptions,
  SandboxSessionOptions,
  SessionFiles,
  ConfirmOnTerminalOptions,
  InterpreterLanguage,
  InterpreterTools,
  InterpreterToolShape,
  InterpreterToolsOptions,
  JavaScriptSessionOptions,
  PythonSessionOptions,
  RunOptions,
  TerminalConfirm,
} from "./interpreter/index.js";
// Code mode: a toolbox's tools callable from the interpreters' code.
export {
  createCodeMode,
  DEFAULT_BRIDGE_LIMITS,
  describeTools,
  pythonModule,
  pythonStubs,
  typeScriptDeclarations,
  type BridgeLimits,
  type CodeMode,
  type CodeModeOptions,
  type CodeModeRunContext,
  type CodeModeRunOptions,
  type HostBridge,
} from "./interpreter/index.js";
