// The seed's code interpreter: the model writes code, you confirm, it runs in a sandbox, the result
// goes back to the model.
//   pnpm example interpreter "What is 12 factorial?"      one question (confirm each run on stdin)
//   echo y | pnpm example interpreter "..."                 the answer can come from a pipe
//   pnpm example interpreter --yes "..."                   run without asking
//   pnpm example interpreter                               an interactive chat (/reset, /exit)
//   pnpm example interpreter --backend cpython --files sales.csv --out charts "Average price per category? Plot it."
//     --backend pyodide|cpython|jupyter   which engine runs Python (default pyodide; cpython needs bubblewrap)
//     --files PATH...                     files or folders the code can read (under their own names)
//     --out DIR                           where what the code saves into out/ (charts too) lands (default ./toolsmith-out)
//     --jupyter-url URL                   run Python on that Jupyter Server / Kernel Gateway (token: JUPYTER_TOKEN);
//                                         --backend jupyter without it starts a sandboxed local server
//     --python PATH                       the interpreter of the cpython backend (default /usr/bin/python3)
// Talks to OpenAI (OPENAI_API_KEY) or any OpenAI-compatible server (OPENAI_BASE_URL); OPENAI_MODEL picks
// the model. Python runs in Pyodide (or the machine's CPython inside bubblewrap) and JavaScript in QuickJS,
// all sandboxed (no files but the given ones, no network, environment or processes of this machine) with
// time, memory and output limits.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import {
  clientFromEnv,
  closeWarmSpares,
  confirmOnTerminal,
  createInterpreterTools,
  createToolbox,
  LineQueue,
  MissingCredentialsError,
  modelFromEnv,
  runTools,
  type ProducedFile,
  type PythonBackend,
  type RunEvent,
} from "@toolsmith/runtime";
import type OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";

const SYSTEM = "Use python for any required computations.";
const BACKENDS: readonly PythonBackend[] = ["pyodide", "cpython", "jupyter"];

interface Options {
  yes: boolean;
  backend: PythonBackend;
  files: string[];
  outDir: string;
  jupyterUrl?: string;
  python?: string;
  prompt: string;
}

// `pnpm example` runs in the workspace root; paths are meant from where the user typed the command
// (INIT_CWD). Started any other way (node/tsx directly), the working directory is the user's.
const viaPnpmScript = process.env["npm_lifecycle_event"] === "example" && process.env["INIT_CWD"] !== undefined;
const userCwd = viaPnpmScript ? (process.env["INIT_CWD"] as string) : process.cwd();
const fromUser = (path: string) => resolve(userCwd, path);

/** Flags anywhere; `--files` takes the paths after it that exist (the rest is the question). */
function parseArgs(argv: readonly string[]): Options | string {
  const options: Options = { yes: false, backend: "pyodide", files: [], outDir: fromUser("toolsmith-out"), prompt: "" };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--yes" || arg === "-y") options.yes = true;
    else if (arg === "--backend") {
      const value = argv[++i];
      if (!BACKENDS.includes(value as PythonBackend)) return `--backend needs one of ${BACKENDS.join(", ")}, got ${JSON.stringify(value ?? "")}`;
      options.backend = value as PythonBackend;
    } else if (arg === "--jupyter-url") {
      const value = argv[++i];
      if (value === undefined || !/^https?:\/\//.test(value)) return "--jupyter-url needs an http:// or https:// URL";
      options.jupyterUrl = value;
    } else if (arg === "--python") {
      const value = argv[++i];
      if (value === undefined || value.startsWith("-")) return "--python needs the path of a python3";
      options.python = fromUser(value);
    } else if (arg === "--out") {
      const value = argv[++i];
      if (value === undefined || value.startsWith("-")) return "--out needs a folder";
      options.outDir = fromUser(value);
    } else if (arg === "--files") {
      const start = options.files.length;
      while (i + 1 < argv.length && !argv[i + 1]!.startsWith("-") && existsSync(fromUser(argv[i + 1]!))) options.files.push(fromUser(argv[++i]!));
      if (options.files.length === start) return `--files needs existing files or folders${argv[i + 1] ? ` (not found: ${argv[i + 1]})` : ""}`;
    } else words.push(arg);
  }
  options.prompt = words.join(" ").trim();
  if (options.jupyterUrl !== undefined) {
    if (argv.includes("--backend") && options.backend !== "jupyter") return "--jupyter-url goes with --backend jupyter";
    options.backend = "jupyter";
  }
  return options;
}

const parsed = parseArgs(process.argv.slice(2));
if (typeof parsed === "string") {
  console.error(`interpreter: ${parsed}`);
  process.exit(2);
}
const { yes, prompt } = parsed;

let client: OpenAI;
try {
  client = clientFromEnv();
} catch (error) {
  if (!(error instanceof MissingCredentialsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const model = modelFromEnv();
const out = process.stdout;

// One reader of stdin for everything: the chat's own prompt and the confirmation question take turns.
const lines = new LineQueue(process.stdin, out);
const confirm = confirmOnTerminal({ lines, output: out, yes });
let interpreters: ReturnType<typeof createInterpreterTools>;
try {
  interpreters = createInterpreterTools({
    backend: parsed.backend,
    files: parsed.files,
    outDir: parsed.outDir,
    ...(parsed.jupyterUrl !== undefined ? { jupyter: { url: parsed.jupyterUrl } } : {}),
    ...(parsed.python !== undefined ? { cpython: { python: parsed.python } } : {}),
  });
} catch (error) {
  console.error(`interpreter: ${(error as Error).message}`);
  process.exit(1);
}
const toolbox = createToolbox(interpreters.tools, { confirm });
// Start Python while the model thinks, so the first run does not wait for it. A backend that cannot run
// here (bubblewrap missing) says so now, and again as the tool's result.
void interpreters.python.start().catch((error: Error) => console.error(`interpreter: the ${parsed.backend} backend cannot start: ${error.message}`));

/** Files the code saved since the last look, as host paths for the human (the model saw their names). */
const shown = new Map<string, string>();
function newFiles(): ProducedFile[] {
  const produced = [...interpreters.python.files().produced, ...interpreters.javascript.files().produced];
  const fresh = produced.filter((file) => shown.get(file.path) !== `${file.bytes}`);
  for (const file of fresh) shown.set(file.path, `${file.bytes}`);
  return fresh;
}

function showResult(event: RunEvent): void {
  if (event.type !== "tool_result") return;
  const { result } = event;
  if (!result.ok && result.error.kind === "refused") return; // the confirmation already said so
  out.write(`── ${result.name} result ──\n${result.content}\n──\n`);
  for (const file of newFiles()) {
    out.write(`saved ${file.mediaType?.startsWith("image/") ? "image" : "file"}: ${file.path} (${file.bytes} bytes)\n`);
  }
  out.write("\n");
}

async function turn(messages: ChatCompletionMessageParam[], signal?: AbortSignal): Promise<ChatCompletionMessageParam[]> {
  let streamedText = false;
  const result = await runTools({
    client,
    model,
    messages,
    tools: toolbox,
    stream: true,
    ...(signal ? { signal } : {}),
    onText: (delta) => {
      streamedText = true;
      out.write(delta);
    },
    onEvent: (event) => {
      // text streamed before a tool call ends its line before the code is shown
      if (event.type === "tool_call" && streamedText) {
        out.write("\n");
        streamedText = false;
      }
      showResult(event);
    },
  });
  if (streamedText) out.write("\n");
  if (result.stopReason !== "stop") {
    console.error(`(stopped: ${result.stopReason})`);
    process.exitCode = 1;
  }
  return result.messages;
}

async function chat(): Promise<void> {
  out.write(`Code interpreter chat with ${model}. Each run asks first${yes ? " (--yes: approved automatically)" : ""}.\n`);
  out.write("Type a question; /reset forgets the conversation and the interpreters' variables; /exit or Ctrl+D quits.\n");
  let messages: ChatCompletionMessageParam[] = [{ role: "system", content: SYSTEM }];
  for (;;) {
    out.write("\nyou> ");
    const line = await lines.next();
    if (line !== null && !lines.echoes) out.write(`${line}\n`);
    if (line === null || line.trim() === "/exit") break;
    const text = line.trim();
    if (!text) continue;
    if (text === "/reset") {
      messages = [{ role: "system", content: SYSTEM }];
      await interpreters.reset();
      out.write("(conversation and interpreter state reset)\n");
      continue;
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    try {
      out.write("\n");
      messages = await turn([...messages, { role: "user", content: text }], controller.signal);
    } catch (error) {
      console.error(controller.signal.aborted ? "(interrupted)" : (error as Error).message);
    } finally {
      process.off("SIGINT", stop);
    }
  }
  out.write("\n");
}

try {
  if (prompt) {
    await turn([
      { role: "system", content: SYSTEM },
      { role: "user", content: prompt },
    ]);
  } else {
    await chat();
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  lines.end();
  interpreters.close();
  closeWarmSpares();
}
