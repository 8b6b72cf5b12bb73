// Code mode: the model writes one program that calls your tools, inside the sandbox. Every call crosses to
// this process and goes through the toolbox (validation, defaults, time limit), and a `@confirm` tool asks
// you for each call, showing the tool and its arguments.
//   pnpm example code-mode "Add the numbers 1 to 100 with sums"
//   pnpm example code-mode --yes "..."                 approve the code and every confirmed call without asking
//   pnpm example code-mode --backend cpython "..."     which engine runs Python (pyodide, cpython, jupyter)
// Tools: the examples' registry (`sums`) plus `transfer` (@confirm) and `balance` (code-mode-tools/ledger.ts).
// Talks to OpenAI (OPENAI_API_KEY) or any OpenAI-compatible server (OPENAI_BASE_URL); OPENAI_MODEL picks the model.
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
  type PythonBackend,
  type RunEvent,
} from "@toolsmith/runtime";
import type OpenAI from "openai";
import { registry } from "./code-mode.generated.js";

const SYSTEM =
  "Solve the task by writing one program for the python tool that calls the tools listed in its description " +
  "(loops and arithmetic in the code, not in separate tool calls). Print what you need to see.";
const BACKENDS: readonly PythonBackend[] = ["pyodide", "cpython", "jupyter"];

function parseArgs(argv: readonly string[]): { yes: boolean; backend: PythonBackend; prompt: string } | string {
  let yes = false;
  let backend: PythonBackend = "pyodide";
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--yes" || arg === "-y") yes = true;
    else if (arg === "--backend") {
      const value = argv[++i];
      if (!BACKENDS.includes(value as PythonBackend)) return `--backend needs one of ${BACKENDS.join(", ")}, got ${JSON.stringify(value ?? "")}`;
      backend = value as PythonBackend;
    } else words.push(arg);
  }
  const prompt = words.join(" ").trim();
  if (!prompt) return 'usage: pnpm example code-mode [--yes] [--backend pyodide|cpython|jupyter] "task"';
  return { yes, backend, prompt };
}

const parsed = parseArgs(process.argv.slice(2));
if (typeof parsed === "string") {
  console.error(`code-mode: ${parsed}`);
  process.exit(2);
}

let client: OpenAI;
try {
  client = clientFromEnv();
} catch (error) {
  if (!(error instanceof MissingCredentialsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const out = process.stdout;
const lines = new LineQueue(process.stdin, out);
const confirm = confirmOnTerminal({ lines, output: out, yes: parsed.yes });

// The tools the code can call; `transfer` needs the user's approval, asked for each call the code makes.
const tools = createToolbox(registry, { confirm });
const interpreters = createInterpreterTools({
  backend: parsed.backend,
  languages: ["python", "javascript"],
  tools,
  codeMode: {
    onCall: (name, args, _result, reply) =>
      out.write(`  ↳ ${name}(${JSON.stringify(args ?? {})}) → ${reply.ok ? JSON.stringify(reply.value) : `error: ${reply.error}`}\n`),
  },
});
// Running the code itself is confirmed too (the interpreter tools are @confirm).
const toolbox = createToolbox(interpreters.tools, { confirm });
void interpreters.python.start().catch((error: Error) => console.error(`code-mode: the ${parsed.backend} backend cannot start: ${error.message}`));

function show(event: RunEvent): void {
  if (event.type !== "tool_result") return;
  const { result } = event;
  if (!result.ok && result.error.kind === "refused") return;
  out.write(`── ${result.name} result ──\n${result.content}\n──\n\n`);
}

try {
  const result = await runTools({
    client,
    model: modelFromEnv(),
    messages: [
      { role: "system", content: SYSTEM },
      { role: "user", content: parsed.prompt },
    ],
    tools: toolbox,
    onEvent: show,
    onText: (text) => out.write(text),
  });
  out.write("\n");
  if (result.stopReason !== "stop") {
    console.error(`(stopped: ${result.stopReason})`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  lines.end();
  interpreters.close();
  closeWarmSpares();
}
