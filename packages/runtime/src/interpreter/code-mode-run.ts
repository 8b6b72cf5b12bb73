// `runTools({ tools, codeMode })`: instead of offering the tools one by one, offer the interpreter, whose
// code calls them (one model request can make hundreds of calls). The sessions live for this run only.
import { createToolbox, type ConfirmFn, type Toolbox } from "../toolbox.js";
import type { CodeModeOptions } from "./code-mode.js";
import { createInterpreterTools, type InterpreterLanguage, type InterpreterToolsOptions } from "./create-tools.js";

export interface CodeModeRunOptions extends CodeModeOptions {
  /** The interpreters offered to the model. Default `["python"]`. */
  readonly languages?: readonly InterpreterLanguage[];
  /** Interpreter settings (backend, files, limits). */
  readonly interpreters?: Omit<InterpreterToolsOptions, "tools" | "codeMode" | "languages">;
  /**
   * Whether running the code itself needs `confirm`'s approval (the interpreter tools are `@confirm`).
   * Default: yes when a `confirm` is given; without one the code runs, since it is sandboxed and reaches
   * the host only through the tools, whose `@confirm` calls are still asked (or refused) one by one.
   */
  readonly confirmCode?: boolean;
}

/** The toolbox a code-mode run offers, and how to end its sessions. */
export function codeModeToolbox(tools: Toolbox, settings: CodeModeRunOptions, confirm: ConfirmFn | undefined): { toolbox: Toolbox; close(): void } {
  const { languages = ["python"], interpreters: interpreterOptions = {}, confirmCode, ...codeMode } = settings;
  const interpreters = createInterpreterTools({
    ...interpreterOptions,
    languages,
    tools,
    codeMode: { ...codeMode, ...(confirm && codeMode.confirm === undefined ? { confirm } : {}) },
  });
  const askForCode = confirmCode ?? confirm !== undefined;
  const approveCode: ConfirmFn = askForCode ? (request) => (confirm ? confirm(request) : false) : () => true;
  return { toolbox: createToolbox(interpreters.tools, { confirm: approveCode }), close: () => interpreters.close() };
}
