// The code interpreter: sandboxed Python (Pyodide) and JavaScript (QuickJS) sessions, their tools and
// the terminal confirmation.
export { formatCell, type CellResult, type RunOptions } from "./cell.js";
export { PythonSession, closeWarmSpares, type PythonSessionOptions } from "./python-session.js";
export { JavaScriptSession, type JavaScriptSessionOptions } from "./javascript-session.js";
export {
  createInterpreterTools,
  type InterpreterLanguage,
  type InterpreterTools,
  type InterpreterToolsOptions,
} from "./create-tools.js";
export { registry as interpreterRegistry } from "./tools.generated.js";
export { confirmOnTerminal, frameCode, LineQueue, type ConfirmOnTerminalOptions, type TerminalConfirm } from "./confirm.js";
