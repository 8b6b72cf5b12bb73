// The seed's first example: the model must use our `sums` tool to add.
//   pnpm example sums "What is 6+3?"
// Talks to OpenAI (OPENAI_API_KEY) or any OpenAI-compatible server (OPENAI_BASE_URL, e.g. Ollama at
// http://localhost:11434/v1); OPENAI_MODEL picks the model.
import { ask, clientFromEnv, createToolbox, MissingCredentialsError, modelFromEnv, type RunEvent } from "@toolsmith/runtime";
import type OpenAI from "openai";
import { registry } from "./registry.generated.js";

const prompt = process.argv.slice(2).join(" ").trim() || "What is 6+3?";

let client: OpenAI;
try {
  client = clientFromEnv();
} catch (error) {
  if (!(error instanceof MissingCredentialsError)) throw error;
  console.error(error.message);
  process.exit(1);
}

function show(event: RunEvent): void {
  if (event.type === "tool_call") {
    const args = typeof event.call.arguments === "string" ? event.call.arguments : JSON.stringify(event.call.arguments);
    console.log(`→ ${event.call.name}(${args})`);
  } else if (event.type === "tool_result") {
    console.log(event.result.ok ? `← ${event.result.content}` : `← error: ${event.result.content}`);
  }
}

try {
  const result = await ask(prompt, {
    client,
    model: modelFromEnv(),
    system: "You must use the `sums` function instead of adding yourself.",
    // Only `sums` from the generated registry: the example is about that one tool.
    tools: createToolbox([registry.sums]),
    onEvent: show,
  });
  console.log(result.finalText);
  if (result.stopReason !== "stop") {
    console.error(`(stopped: ${result.stopReason})`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
