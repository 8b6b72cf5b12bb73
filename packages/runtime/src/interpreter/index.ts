// The code interpreter: sandboxed Python (Pyodide, or CPython in bubblewrap) and JavaScript (QuickJS)
// sessions behind one session interface, their tools and the terminal confirmation.
export { formatCell, describeProduced, type CellResult, type RunOptions } from "./cell.js";
export type {
  BackendName,
  FileOptions,
  InputFile,
  InterpreterSession,
  InterpreterSessionOptions,
  JavaScriptBackend,
  ProducedFile,
  PythonBackend,
  PythonBackendOptions,
  SandboxSessionOptions,
  SessionFiles,
} from "./session.js";
export { PythonSession, closeWarmSpares, type PythonSessionOptions } from "./python-session.js";
export { CPythonSession, type CPythonSessionOptions } from "./cpython-session.js";
export { JupyterSession, type JupyterSessionOptions } from "./jupyter/session.js";
export { JavaScriptSession, type JavaScriptSessionOptions } from "./javascript-session.js";
export {
  argsThroughPipe,
  assertBubblewrapWorks,
  bubblewrapArgs,
  SandboxUnavailableError,
  SANDBOX_HOME,
  SANDBOX_WORKDIR,
  type BubblewrapOptions,
  type Mount,
  type SandboxLimits,
} from "./bubblewrap.js";
export { seccompFilter, SECCOMP_BLOCKED } from "./seccomp.js";
export { DEFAULT_OUTPUT_LIMITS, type OutputLimits } from "./workspace.js";
export { anthropicImageBlocks, imagesOf, mcpImageContent, responsesImageItems, MAX_IMAGE_BYTES, type ImageData } from "./images.js";
export {
  createInterpreterTools,
  interpreterToolShapes,
  type InterpreterLanguage,
  type InterpreterToolShape,
  type InterpreterTools,
  type InterpreterToolsOptions,
  type PythonSessionFactory,
} from "./create-tools.js";
export { registry as interpreterRegistry } from "./tools.generated.js";
export { confirmOnTerminal, frameCode, LineQueue, type ConfirmOnTerminalOptions, type TerminalConfirm } from "./confirm.js";
export { createCodeMode, type CodeMode, type CodeModeOptions, type CodeModeRunContext } from "./code-mode.js";
export { DEFAULT_BRIDGE_LIMITS, RunBridge, insideBridgeCall, type BridgeLimits, type BridgeObserver, type BridgeReply, type HostBridge } from "./bridge.js";
export { describeTools, javascriptPrelude, pythonModule, pythonStubs, pythonType, typeScriptDeclarations, typeScriptType, FULL_LISTING_MAX_TOOLS } from "./guest-api.js";
export { codeModeToolbox, type CodeModeRunOptions } from "./code-mode-run.js";
