// `pnpm example interpreter ...` run as a user would (a spawned process, stdin piped like `echo y |`),
// against the scripted OpenAI-compatible server.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";

// Pyodide cold starts (and restarts) take seconds, more on a busy machine running every test file at once.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import {
  messageText,
  reply,
  startScriptedServer,
  toolMessages,
  type ScriptedServer,
} from "@toolsmith/runtime/testing";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the example with `stdin` piped in and closed (`null`: stdin closed at once, nothing typed). */
function runExample(args: readonly string[], stdin: string | null, env: Record<string, string>): Promise<Run> {
  const cleanEnv = { ...process.env };
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL"]) delete cleanEnv[name];
  return new Promise((resolve, reject) => {
    const child = spawn("pnpm", ["--silent", "example", "interpreter", ...args], {
      cwd: repoRoot,
      env: { ...cleanEnv, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin ?? undefined);
  });
}

const CODE = "import math\nmath.factorial(12)";

/** The model asks for python once, then answers from whatever the tool result says. */
function factorialScript() {
  return [
    reply({ content: "Let me compute that.", toolCalls: [{ name: "python", arguments: { code: CODE } }] }),
    (body: Parameters<typeof toolMessages>[0]) => {
      const result = messageText(toolMessages(body)[0]);
      return reply({ content: result === "#FAIL#" ? "I was not allowed to run code." : `12! = ${result}` });
    },
  ];
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const env = () => ({ OPENAI_BASE_URL: server!.url, OPENAI_API_KEY: "test-key", OPENAI_MODEL: "scripted-model" });

describe("examples/interpreter.ts", () => {
  it("shows the code, runs it after `y` on stdin and prints the answer", async () => {
    server = await startScriptedServer(factorialScript());
    const run = await runExample(["What is 12 factorial?"], "y\n", env());
    expect(run.stdout).toContain("```python\nimport math\nmath.factorial(12)\n```\nProceed with execution? [y/N] y\n── python result ──\n479001600\n──");
    expect(run.stdout).toMatch(/12! = 479001600\n$/);
    expect(run.code).toBe(0);

    const [first, second] = server.chatRequests();
    expect(first?.messages[0]).toEqual({ role: "system", content: "Use python for any required computations." });
    expect(first?.messages[1]).toEqual({ role: "user", content: "What is 12 factorial?" });
    expect(first?.tools?.map((tool) => tool.function.name)).toEqual(["python", "javascript"]);
    expect(first?.tools?.[0]?.function.description).toMatch(
      /^Return result of executing `code` using python\. If execution not permitted, returns `#FAIL#`/,
    );
    expect(messageText(toolMessages(second!)[0])).toBe("479001600");
  });

  const refusals: { name: string; stdin: string | null }[] = [
    { name: "`n`", stdin: "n\n" },
    { name: "an empty line", stdin: "\n" },
    { name: "no answer at all (stdin closed)", stdin: null },
  ];

  it.each(refusals)("sends #FAIL# to the model after $name", async ({ stdin }) => {
    server = await startScriptedServer(factorialScript());
    const run = await runExample(["What is 12 factorial?"], stdin, env());
    expect(run.stdout).toContain("Proceed with execution? [y/N] ");
    expect(run.stdout).toMatch(/\(.*not running it; the model is told #FAIL#\)/);
    expect(run.stdout).not.toContain("479001600");
    expect(run.stdout).toMatch(/I was not allowed to run code\.\n$/);
    const [, second] = server.chatRequests();
    expect(messageText(toolMessages(second!)[0])).toBe("#FAIL#");
  });

  it("runs without asking with --yes", async () => {
    server = await startScriptedServer(factorialScript());
    const run = await runExample(["--yes", "What is 12 factorial?"], null, env());
    expect(run.stdout).toContain("Proceed with execution? [y/N] y (--yes)");
    expect(run.stdout).toMatch(/12! = 479001600\n$/);
    expect(run.code).toBe(0);
  });

  it("says how to configure a model and exits non-zero without a key or base URL", async () => {
    const run = await runExample(["What is 12 factorial?"], null, {});
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("OPENAI_API_KEY=");
    expect(run.stdout).toBe("");
  });

  it("chats over several turns when started without a question, keeping interpreter state", async () => {
    server = await startScriptedServer([
      reply({ toolCalls: [{ name: "python", arguments: { code: "x = 6 * 7\nx" } }] }),
      (body) => reply({ content: `x is ${messageText(toolMessages(body)[0])}` }),
      reply({ toolCalls: [{ name: "python", arguments: { code: "x + 1" } }] }),
      (body) => reply({ content: `now ${messageText(toolMessages(body).at(-1))}` }),
    ]);
    // two questions, each followed by its confirmation; then end of input quits
    const run = await runExample([], "set x\ny\nand now?\ny\n", env());
    expect(run.stdout).toContain("you> set x\n");
    expect(run.stdout).toContain("x is 42");
    expect(run.stdout).toContain("now 43");
    expect(run.code).toBe(0);
    const requests = server.chatRequests();
    expect(requests).toHaveLength(4);
    // the second question is asked with the first exchange in the history
    expect(requests[2]?.messages.map((message) => message.role)).toEqual(["system", "user", "assistant", "tool", "assistant", "user"]);
  });
});
