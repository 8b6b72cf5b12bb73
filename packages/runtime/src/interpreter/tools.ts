// The interpreter tools as ordinary documented functions: the codegen reads these signatures and JSDoc
// (like any user tool) into tools.generated.ts, and createInterpreterTools binds the generated specs to
// per-conversation sessions.
import { formatCell } from "./cell.js";
import { defaultJavaScriptSession, defaultPythonSession } from "./default-sessions.js";

/**
 * Return result of executing `code` using python. If execution not permitted, returns `#FAIL#`
 * @param code Python source, run like a notebook cell: printed output and the value of the last expression are returned. Variables persist between calls.
 * @confirm
 */
export async function python(code: string): Promise<string> {
  return formatCell(await defaultPythonSession().run(code));
}

/**
 * Return result of executing `code` using javascript. If execution not permitted, returns `#FAIL#`
 * @param code JavaScript source, run as a script: console.log output and the value of the last expression are returned. Variables persist between calls.
 * @confirm
 */
export async function javascript(code: string): Promise<string> {
  return formatCell(await defaultJavaScriptSession().run(code));
}
