import { createInterface } from "node:readline";
import type { ConfirmFn, ConfirmRequest } from "../toolbox.js";

/**
 * Lines from an input stream, one at a time, shared by everyone who reads the terminal (a chat prompt
 * and the confirmation question must not each buffer their own copy of stdin). `next()` resolves with
 * `null` once the input has ended.
 */
export class LineQueue {
  private readonly lines: string[] = [];
  private readonly waiting: ((line: string | null) => void)[] = [];
  private ended = false;
  private readonly close: () => void;
  /** Typed lines are echoed by the terminal; piped ones are not (a prompt then shows the answer itself). */
  readonly echoes: boolean;

  constructor(input: NodeJS.ReadableStream, output?: NodeJS.WritableStream) {
    const terminal = Boolean((input as { isTTY?: boolean }).isTTY && output);
    this.echoes = terminal;
    const rl = createInterface({ input, ...(terminal && output ? { output, terminal: true } : { terminal: false }) });
    rl.on("line", (line) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter(line);
      else this.lines.push(line);
    });
    rl.on("close", () => {
      this.ended = true;
      for (const waiter of this.waiting.splice(0)) waiter(null);
    });
    // Ctrl+C at a prompt ends the input like Ctrl+D instead of being swallowed by readline.
    rl.on("SIGINT", () => rl.close());
    this.close = () => rl.close();
  }

  /**
   * The next line, or `null` when the input has ended or `signal` aborted first (then the line, when it
   * comes, goes to the next reader: a withdrawn question does not swallow the answer to the next one).
   */
  next(signal?: AbortSignal): Promise<string | null> {
    if (signal?.aborted) return Promise.resolve(null);
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(null);
      };
      const waiter = (line: string | null) => {
        signal?.removeEventListener("abort", onAbort);
        resolve(line);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Stops reading (pending and later `next()` calls get `null`). */
  end(): void {
    this.close();
  }
}

export interface ConfirmOnTerminalOptions {
  /** Where answers come from (default `process.stdin`); ignored when `lines` is given. */
  readonly input?: NodeJS.ReadableStream;
  /** Where the code and the question go (default `process.stderr`, so stdout stays the answer). */
  readonly output?: NodeJS.WritableStream;
  /** A line queue shared with other readers of the same input (an interactive chat). */
  readonly lines?: LineQueue;
  /** Approve everything without asking (the `--yes` flag); the code is still shown. */
  readonly yes?: boolean;
}

const LANGUAGE_OF_TOOL: Record<string, string> = { python: "python", javascript: "javascript" };

/** The code framed as a fenced block, the way the model wrote it. */
export function frameCode(request: ConfirmRequest): string {
  const argument = request.arguments["code"];
  const code = request.code ?? (typeof argument === "string" ? argument : JSON.stringify(request.arguments, null, 2));
  const language = LANGUAGE_OF_TOOL[request.tool] ?? "";
  const fence = code.includes("```") ? "````" : "```";
  return `${fence}${language}\n${code.endsWith("\n") ? code : `${code}\n`}${fence}\n`;
}

/** On a colour terminal the fences stand out from the code; anywhere else the text stays plain. */
function highlight(framed: string, output: NodeJS.WritableStream): string {
  const tty = output as { isTTY?: boolean; hasColors?: () => boolean };
  if (!tty.isTTY || !tty.hasColors?.()) return framed;
  return framed.replace(/^(`{3,}\w*)$/gm, "\x1b[36m$1\x1b[0m");
}

/** A `confirm` callback that reads the terminal; `close()` stops reading so the process can exit. */
export type TerminalConfirm = ConfirmFn & { close(): void };

/**
 * The seed's confirmation as a `confirm` callback: shows the code and asks `Proceed with execution?
 * [y/N]`. Only `y` (or `Y`) approves, as in the seed; any other answer, the end of input (`echo n |`, `</dev/null`, a
 * closed terminal) refuses, and the runtime then gives the model `#FAIL#`.
 */
export function confirmOnTerminal(options: ConfirmOnTerminalOptions = {}): TerminalConfirm {
  const output = options.output ?? process.stderr;
  let lines = options.lines;
  const confirm = async (request: ConfirmRequest): Promise<boolean> => {
    output.write(`\n${request.tool} wants to run:\n${highlight(frameCode(request), output)}`);
    if (options.yes) {
      output.write("Proceed with execution? [y/N] y (--yes)\n");
      return true;
    }
    output.write("Proceed with execution? [y/N] ");
    lines ??= new LineQueue(options.input ?? process.stdin, output);
    // A call cancelled while asked (its run's deadline, the caller's signal) withdraws the question.
    const answer = await lines.next(request.signal);
    if (answer !== null && !lines.echoes) output.write(`${answer}\n`);
    if (answer === null && request.signal?.aborted) {
      output.write("\n(cancelled while waiting for an answer: not running it)\n");
      return false;
    }
    if (answer === null) {
      output.write("\n(no answer: not running it; the model is told #FAIL#)\n");
      return false;
    }
    // The seed: `if go.lower() != "y": return "#FAIL#"` - only y (either case) approves.
    const approved = answer.trim().toLowerCase() === "y";
    if (!approved) {
      // "yes" or "ok" meant yes: say why it did not count, so the next answer is `y`.
      const meant = answer.trim() === "" ? "" : `${JSON.stringify(answer.trim())} is not \`y\`: only \`y\` runs the code; `;
      output.write(`(${meant}not running it; the model is told #FAIL#)\n`);
    }
    return approved;
  };
  const ownsLines = options.lines === undefined;
  return Object.assign(confirm, {
    close() {
      // a queue it made itself holds stdin open (and with it the process); a shared one is the owner's
      if (ownsLines) lines?.end();
    },
  });
}
