import type { ProducedFile } from "./session.js";

/** The line telling the model which files a call produced (their names in `out/`, kind and size). */
export function describeProduced(files: readonly ProducedFile[]): string {
  const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 2 ** 20).toFixed(1)} MB`);
  const listed = files.map((file) => `out/${file.name} (${[file.source === "written" ? undefined : file.source, file.mediaType, size(file.bytes)].filter(Boolean).join(", ")})`);
  return `[files saved for the user: ${listed.join(", ")}]`;
}

/**
 * What one interpreter call produced, like a notebook cell: the printed output, the value of the last
 * expression (its `repr` in Python, a display string in JavaScript), or an error.
 */
export interface CellResult {
  readonly ok: boolean;
  /** stdout and stderr (Python) or console output (JavaScript), interleaved as written, capped. */
  readonly output: string;
  /** The last expression's value as text; absent when there is none (a statement, or `None`/`undefined`). */
  readonly value?: string;
  /** The interpreter's traceback or message, trimmed to the user's code. */
  readonly error?: string;
  /** Why the call failed: the code raised, or the sandbox stopped it. */
  readonly errorKind?: "exception" | "timeout" | "memory" | "crashed";
  /** The interpreter was restarted during this call: every variable and import from earlier calls is gone. */
  readonly stateLost?: boolean;
  /** Said before everything else, e.g. that the interpreter had been restarted since the last call. */
  readonly notice?: string;
  /** Some output was cut off at the output limit. */
  readonly truncated?: boolean;
  /** Files this call wrote into `out/` and figures/images it produced, as copied to the host's output folder. */
  readonly files?: readonly ProducedFile[];
}

export interface RunOptions {
  /** Cancels the call: the running code is stopped hard, so the interpreter restarts (state lost). */
  readonly signal?: AbortSignal;
}

/** How a cut is marked, here and in the child processes' own truncation. */
export const TRUNCATION_NOTE = "\n[output truncated: ";

/** Cuts `text` to `limit` characters, saying how much was left out. */
export function capText(text: string, limit: number): { text: string; truncated: boolean } {
  if (text.length <= limit) return { text, truncated: false };
  return {
    text: `${text.slice(0, limit)}\n[output truncated: ${text.length - limit} more characters not shown]`,
    truncated: true,
  };
}

/** The text the model receives for a cell: output first, then the value or the error. */
export function formatCell(cell: CellResult): string {
  const parts: string[] = [];
  if (cell.notice) parts.push(cell.notice);
  if (cell.output) parts.push(cell.output.endsWith("\n") ? cell.output.slice(0, -1) : cell.output);
  if (cell.value !== undefined) parts.push(cell.value);
  if (cell.error !== undefined) parts.push(cell.error.endsWith("\n") ? cell.error.slice(0, -1) : cell.error);
  if (cell.files && cell.files.length > 0) parts.push(describeProduced(cell.files));
  return parts.length > 0 ? parts.join("\n") : "(no output)";
}
