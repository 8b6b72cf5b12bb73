import { JavaScriptSession } from "./javascript-session.js";
import { PythonSession } from "./python-session.js";

// The plain `python`/`javascript` functions share one session each per host process; per-conversation
// state comes from createInterpreterTools instead.
let python: PythonSession | undefined;
let javascript: JavaScriptSession | undefined;

export function defaultPythonSession(): PythonSession {
  python ??= new PythonSession();
  return python;
}

export function defaultJavaScriptSession(): JavaScriptSession {
  javascript ??= new JavaScriptSession();
  return javascript;
}
