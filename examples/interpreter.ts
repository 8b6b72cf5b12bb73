// The seed's code interpreter: the model writes code, you confirm, it runs in a sandbox, the result
// goes back to the model.
//   pnpm example interpreter "What is 12 factorial?"      one question (confirm each run on stdin)
//   echo y | pnpm example interpreter "..."                 the answer can come from a pipe
//   pnpm example interpreter --yes "..."                   run without asking
//   pnpm example interpreter                               an interactive chat (/reset, /exit)
// Talks to OpenAI (OPENAI_API_KEY) or any OpenAI-compatible server (OPENAI_BASE_URL); OPENAI_MODEL picks
// the model. Python runs in Pyodide and JavaScript in QuickJS, both sandboxed (no files, network,
// environment or processes of this machine) with time, memory and output limits.
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
  type RunEvent,
} from "@toolsmith/runtime";
import type OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";

const SYSTEM = "Use python for any required computations.";
const args = process.argv.slice(2);
const yes = args.includes("--yes") || args.includes("-y");
const prompt = args
  .filter((arg) => arg !== "--yes" && arg !== "-y")
  .join(" ")
  .trim();

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
const interpreters = createInterpreterTools();
const toolbox = createToolbox(interpreters.tools, { confirm });
// Load Pyodide while the model thinks, so the first run does not wait for it.
void interpreters.python.start().catch(() => {});

function showResult(event: RunEvent): void {
  if (event.type !== "tool_result") return;
  const { result } = event;
  if (!result.ok && result.error.kind === "refused") return; // the confirmation already said so
  out.write(`── ${result.name} result ──\n${result.content}\n──\n\n`);
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
