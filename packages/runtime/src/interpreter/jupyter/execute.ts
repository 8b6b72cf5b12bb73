// One `execute_request` and everything it causes: stdout/stderr, the last expression's value, images
// (`image/png` display data: matplotlib figures come this way), the error, and the reply. The cell is
// done when both the shell reply and iopub's `idle` for it have arrived (their order is not fixed).
import { END_OF_INPUT, type KernelChannels } from "./channels.js";
import { mimeText, text, type KernelMessage } from "./messages.js";

export interface CapturedImage {
  /** The PNG's bytes (decoded from the message's base64). */
  readonly png: Buffer;
  /** A matplotlib figure (its text form is `<Figure size ...>`) or other `image/png` display data. */
  readonly source: "figure" | "display";
}

export interface ExecuteLimits {
  /** Characters of stdout/stderr kept; the rest is counted, not stored. */
  readonly outputChars: number;
  /** Characters of the value's or the error's text kept. */
  readonly valueChars: number;
  /** Images kept per cell, and the largest one accepted (decoded bytes). */
  readonly images: number;
  readonly imageBytes: number;
}

export interface ExecuteOutcome {
  readonly output: string;
  /** Output characters beyond `outputChars`, dropped. */
  readonly hiddenOutput: number;
  readonly value?: string;
  readonly error?: string;
  readonly images: readonly CapturedImage[];
  /** Images dropped for the count or size limit. */
  readonly droppedImages: number;
  /** `ok`, `error` or `aborted` from the reply. */
  readonly status: string;
  /** The `captureMime` entries of the cell's display data (the client's own housekeeping answers). */
  readonly captured: readonly unknown[];
}

/** A running cell: `done` settles when the kernel finished it; `stop` detaches (the kernel may still run it). */
export interface RunningCell {
  readonly done: Promise<ExecuteOutcome>;
  stop(reason: string): void;
}

// Colours and cursor movement in tracebacks and progress bars mean nothing to a model.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;

export function stripAnsi(value: string): string {
  return value.replace(ANSI, "");
}

export interface ExecuteOptions {
  readonly limits: ExecuteLimits;
  /** No execute_input/execute_result broadcast and no history: for the client's own housekeeping code. */
  readonly silent?: boolean;
  /** A MIME type whose display data is collected as values into `captured` instead of shown. */
  readonly captureMime?: string;
  /**
   * Code mode: the kernel may ask for input (`allow_stdin`), and each of the cell's `input_request`s goes
   * here, to be answered exactly once. Without it `input()` raises at once, as no one could answer.
   */
  readonly onInput?: (request: KernelMessage) => void;
}

export function execute(channels: KernelChannels, code: string, options: ExecuteOptions): RunningCell {
  const { limits } = options;
  let output = "";
  let hiddenOutput = 0;
  let value: string | undefined;
  let error: string | undefined;
  const images: CapturedImage[] = [];
  let droppedImages = 0;
  let status: string | undefined;
  let idle = false;
  const captured: unknown[] = [];
  let settle!: { resolve: (outcome: ExecuteOutcome) => void; reject: (error: Error) => void };
  const done = new Promise<ExecuteOutcome>((resolve, reject) => (settle = { resolve, reject }));

  const write = (chunk: string) => {
    const room = limits.outputChars - output.length;
    if (room >= chunk.length) output += chunk;
    else {
      if (room > 0) output += chunk.slice(0, room);
      hiddenOutput += chunk.length - Math.max(room, 0);
    }
  };
  const cap = (value: string) =>
    value.length <= limits.valueChars
      ? value
      : `${value.slice(0, limits.valueChars)}\n[output truncated: ${value.length - limits.valueChars} more characters not shown]`;
  const keepImage = (message: KernelMessage) => {
    const base64 = mimeText(message.content, "image/png");
    if (base64 === undefined) return false;
    const png = Buffer.from(base64.replace(/\s+/g, ""), "base64");
    if (images.length >= limits.images || png.length > limits.imageBytes || png.length === 0) droppedImages++;
    else {
      const plain = mimeText(message.content, "text/plain") ?? "";
      images.push({ png, source: plain.startsWith("<Figure size") ? "figure" : "display" });
    }
    return true;
  };

  const finish = () => {
    if (status === undefined || !idle) return;
    request.done();
    unlisten();
    settle.resolve({
      output,
      hiddenOutput,
      ...(value === undefined ? {} : { value }),
      ...(error === undefined ? {} : { error }),
      images,
      droppedImages,
      status,
      captured,
    });
  };

  const request = channels.request(
    "shell",
    "execute_request",
    {
      code,
      silent: options.silent ?? false,
      store_history: !(options.silent ?? false),
      user_expressions: {},
      // Without a handler, input() raises at once instead of waiting for an answer nobody gives.
      allow_stdin: options.onInput !== undefined,
      // Runs go one at a time, so no request of ours is ever queued behind a failing cell for this to
      // spare. With true, ipykernel keeps aborting requests until a turn of its event loop after the
      // failed cell's reply and idle, so a next cell sent at once to a slow kernel can come back "aborted".
      stop_on_error: false,
    },
    (message) => {
      const { msg_type: type } = message.header;
      const content = message.content;
      if (message.channel === "shell" && type === "execute_reply") {
        status = text(content, "status") || "error";
        if (status !== "ok" && error === undefined && text(content, "ename")) {
          error = cap(`${text(content, "ename")}: ${text(content, "evalue")}`);
        }
      } else if (message.channel === "stdin") {
        if (type === "input_request") {
          if (options.onInput) options.onInput(message);
          else channels.answerInput(message, END_OF_INPUT);
        }
        return;
      } else if (message.channel !== "iopub") {
        return;
      } else if (type === "status") {
        if (text(content, "execution_state") === "idle") idle = true;
      } else if (type === "stream") {
        write(stripAnsi(text(content, "text")));
      } else if (type === "execute_result") {
        if (!keepImage(message)) {
          const plain = mimeText(content, "text/plain");
          if (plain !== undefined) value = cap(stripAnsi(plain));
        }
      } else if (type === "display_data" || type === "update_display_data") {
        const data = content.data;
        if (options.captureMime && typeof data === "object" && data !== null && options.captureMime in data) {
          captured.push((data as Record<string, unknown>)[options.captureMime]);
        } else if (!keepImage(message)) {
          const plain = mimeText(content, "text/plain");
          if (plain !== undefined) write(`${stripAnsi(plain)}\n`);
        }
      } else if (type === "error") {
        const traceback = content.traceback;
        const lines = Array.isArray(traceback) ? traceback.filter((line): line is string => typeof line === "string") : [];
        error = cap(stripAnsi(lines.length > 0 ? lines.join("\n") : `${text(content, "ename")}: ${text(content, "evalue")}`));
      } else if (type === "clear_output") {
        output = "";
      }
      finish();
    },
  );
  const unlisten = channels.onClose((reason) => settle.reject(new Error(reason)));

  return {
    done,
    stop(reason: string) {
      request.done();
      unlisten();
      settle.reject(new Error(reason));
    },
  };
}
