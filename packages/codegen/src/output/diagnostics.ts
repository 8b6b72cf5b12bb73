import path from "node:path";
import type { Diagnostic } from "../model.js";

/**
 * One diagnostic as the CLI prints it - the only place diagnostics become text:
 *
 *     tools/search.ts:12:3 - error: message (function `search`, parameter `query`)
 *       hint: what to do about it
 */
export function renderDiagnostic(diagnostic: Diagnostic, cwd: string): string {
  const where = `${displayPath(diagnostic.file, cwd)}:${diagnostic.line}:${diagnostic.column}`;
  const subject = [
    ...(diagnostic.functionName !== undefined ? [`function \`${diagnostic.functionName}\``] : []),
    ...(diagnostic.parameterName !== undefined ? [`parameter \`${diagnostic.parameterName}\``] : []),
  ];
  const about = subject.length ? ` (${subject.join(", ")})` : "";
  const first = `${where} - ${diagnostic.severity}: ${diagnostic.message}${about}`;
  return diagnostic.hint !== undefined ? `${first}\n  hint: ${diagnostic.hint}` : first;
}

/** `2 errors, 1 warning` */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Relative to the working directory when the file is below it, so paths are short and clickable. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}
