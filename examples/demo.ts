// `pnpm demo`: the seed's whole walk-through, offline and without an API key.
//  1. The codegen reads examples/tools/sums.ts and prints what the seed's `schema(sums)` shows.
//  2. A model-style call `sums({"a":6,"b":3})` is dispatched through the generated registry (call_func),
//     and a bad call shows the error the model gets back instead of a crash.
//  3. The tool loop runs with the real `openai` client against a stand-in model on 127.0.0.1 that follows
//     a script (a real model: `pnpm example sums "What is 6+3?"` with OPENAI_API_KEY or OPENAI_BASE_URL).
//  4. The code interpreter: the model's Python runs in the sandbox after "Proceed with execution?".
import { fileURLToPath } from "node:url";
import { analyze, renderDiagnostic } from "@toolsmith/codegen";
import { closeWarmSpares, createInterpreterTools, createToolbox, runTools, type RunEvent } from "@toolsmith/runtime";
import { reply, startScriptedServer, toolMessages } from "@toolsmith/runtime/testing";
import OpenAI from "openai";
import { registry } from "./registry.generated.js";

function heading(text: string): void {
  console.log(`\n== ${text} ==`);
}

function show(event: RunEvent): void {
  if (event.type === "tool_call") {
    const args = typeof event.call.arguments === "string" ? event.call.arguments : JSON.stringify(event.call.arguments);
    console.log(`model calls ${event.call.name}(${args})`);
  } else if (event.type === "tool_result") {
    console.log(`tool result: ${event.result.content}`);
  }
}

heading("1. schema(sums), generated at build time from examples/tools/sums.ts");
const toolsFile = fileURLToPath(new URL("./tools/sums.ts", import.meta.url));
const { tools, diagnostics } = analyze({ files: [toolsFile], style: "pydantic" });
const sums = tools.find((tool) => tool.name === "sums");
if (!sums || diagnostics.some((d) => d.severity === "error")) {
  for (const d of diagnostics) console.error(renderDiagnostic(d, process.cwd()));
  process.exit(1);
}
console.log(JSON.stringify({ name: sums.name, description: sums.description, parameters: sums.parameters }, null, 2));

heading("2. call_func: what the model asked for, validated and dispatched");
const toolbox = createToolbox([registry.sums]);
const good = await toolbox.call({ name: "sums", arguments: '{"a":6,"b":3}' });
console.log(`sums({"a":6,"b":3}) -> ${good.content}`);
const bad = await toolbox.call({ name: "sums", arguments: '{"a":"six"}' });
console.log(`sums({"a":"six"}) -> the model reads: ${bad.content}`);
if (!good.ok || bad.ok) process.exit(1);

heading("3. the tool loop: openai client -> stand-in model on 127.0.0.1 -> sums -> answer");
const model = await startScriptedServer([
  reply({ toolCalls: [{ name: "sums", arguments: { a: 6, b: 3 } }] }),
  (body) => reply({ content: `6 + 3 = ${toolMessages(body)[0]?.content ?? "?"}` }),
  reply({ toolCalls: [{ name: "python", arguments: { code: "import math\nmath.factorial(12)" } }] }),
  (body) => reply({ content: `12! = ${toolMessages(body).at(-1)?.content ?? "?"}` }),
]);
const client = new OpenAI({ apiKey: "offline-demo", baseURL: model.url });
try {
  const added = await runTools({
    client,
    model: "stand-in",
    tools: toolbox,
    messages: [
      { role: "system", content: "You must use the `sums` function instead of adding yourself." },
      { role: "user", content: "What is 6+3?" },
    ],
    onEvent: show,
  });
  console.log(`answer: ${added.finalText}`);
  if (added.stopReason !== "stop") process.exitCode = 1;

  heading("4. the code interpreter: sandboxed Python, confirmed first");
  const interpreters = createInterpreterTools({ languages: ["python"] });
  try {
    const confirmed = await runTools({
      client,
      model: "stand-in",
      tools: createToolbox(interpreters.tools, {
        confirm: ({ code }) => {
          console.log(`python wants to run:\n\`\`\`python\n${code ?? ""}\n\`\`\`\nProceed with execution? [y/N] y  (answered by the demo; a terminal asks you)`);
          return true;
        },
      }),
      messages: [
        { role: "system", content: "Use python for any required computations." },
        { role: "user", content: "What is 12 factorial?" },
      ],
      onEvent: show,
    });
    console.log(`answer: ${confirmed.finalText}`);
    if (confirmed.stopReason !== "stop" || !confirmed.toolResults.every((result) => result.ok)) process.exitCode = 1;
    // Model-written code meets a sandbox, not the host: each attempt ends in an ordinary Python error.
    for (const attempt of ["import js\njs.process.env.HOME", "import os\nos.system('echo hi')", "open('/etc/passwd').read()"]) {
      const cell = await interpreters.python.run(attempt);
      const lastLine = cell.error?.trim().split("\n").at(-1) ?? `(no error: ${cell.value ?? cell.output})`;
      console.log(`escape attempt ${JSON.stringify(attempt)} -> ${lastLine}`);
      if (cell.ok) process.exitCode = 1;
    }
  } finally {
    interpreters.close();
    closeWarmSpares();
  }
} finally {
  await model.close();
}
