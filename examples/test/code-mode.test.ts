// `pnpm example code-mode ...` run as a user would, against the scripted OpenAI-compatible server: the
// model's one program calls the registry's tools from inside the sandbox.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { messageText, reply, startScriptedServer, toolMessages, type ScriptedServer } from "@toolsmith/runtime/testing";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

function runExample(args: readonly string[], stdin: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cleanEnv = { ...process.env };
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL"]) delete cleanEnv[name];
  return new Promise((resolve, reject) => {
    const child = spawn("pnpm", ["--silent", "example", "code-mode", ...args], { cwd: repoRoot, env: { ...cleanEnv, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 100_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

/** The model sends one program, then answers with the tool result it got. */
function oneProgram(tool: "python" | "javascript", code: string) {
  return [
    reply({ toolCalls: [{ name: tool, arguments: { code } }] }),
    (body: Parameters<typeof toolMessages>[0]) => reply({ content: `Result: ${messageText(toolMessages(body)[0])}` }),
  ];
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const env = () => ({ OPENAI_BASE_URL: server!.url, OPENAI_API_KEY: "test-key", OPENAI_MODEL: "scripted-model" });

describe("examples/code-mode.ts", () => {
  it("runs a Python loop calling sums 100 times in one model request and prints 5050", async () => {
    server = await startScriptedServer(oneProgram("python", "from tools import sums\ntotal = 0\nfor i in range(1, 101):\n    total = sums(total, i)\nprint(total)"));
    const run = await runExample(["--yes", "Add 1 to 100"], "", env());
    expect(run.stdout).toContain("── python result ──\n5050\n──");
    expect(run.stdout).toContain("Result: 5050");
    expect(run.stdout.match(/↳ sums\(/g)).toHaveLength(100);
    expect(run.code).toBe(0);
    const [first] = server.chatRequests();
    const python = first?.tools?.find((t) => t.type === "function" && t.function.name === "python");
    expect(python?.type === "function" ? python.function.description : "").toContain("def sums(a: int, b: int = 1)");
    expect(server.chatRequests()).toHaveLength(2);
  });

  it("asks for each call of a @confirm tool from code; a refusal raises ToolRefused in the code", async () => {
    const code = [
      "from tools import transfer, ToolRefused",
      "for amount in (5, 7):",
      "    try:",
      "        print('ok', transfer(amount, 'alice', 'bob'))",
      "    except ToolRefused as error:",
      "        print('refused:', error)",
    ].join("\n");
    server = await startScriptedServer(oneProgram("python", code));
    // the program itself, then the first transfer approved, the second refused
    const run = await runExample(["Pay bob twice"], "y\ny\nn\n", env());
    expect(run.stdout.match(/transfer wants to run:/g)).toHaveLength(2);
    expect(run.stdout).toContain('"amount": 5');
    expect(run.stdout).toContain('"amount": 7');
    expect(run.stdout).toContain("ok {'alice': 95, 'bob': 55}");
    expect(run.stdout).toContain("refused: #FAIL# (transfer was not run: the user did not approve it)");
    expect(run.code).toBe(0);
  });

  it("works on the cpython backend", async () => {
    server = await startScriptedServer(oneProgram("python", "from tools import sums, balance\nprint(sum(sums(i, 0) for i in range(1, 101)), balance('nobody'))"));
    const run = await runExample(["--yes", "--backend", "cpython", "Add 1 to 100"], "", env());
    expect(run.stdout).toContain("── python result ──\n5050 0\n──");
    expect(run.code).toBe(0);
  });

  it("works on the jupyter backend, asking for each @confirm call from the kernel", async () => {
    const code = [
      "from tools import sums, transfer, ToolRefused",
      "print(sum(sums(i, 0) for i in range(1, 101)))",
      "for amount in (5, 7):",
      "    try:",
      "        print('ok', transfer(amount, 'alice', 'bob'))",
      "    except ToolRefused as error:",
      "        print('refused:', error)",
    ].join("\n");
    server = await startScriptedServer(oneProgram("python", code));
    const run = await runExample(["--backend", "jupyter", "Add 1 to 100, pay bob twice"], "y\ny\nn\n", env());
    expect(run.stdout.match(/transfer wants to run:/g)).toHaveLength(2);
    expect(run.stdout).toContain("── python result ──\n5050\nok {'alice': 95, 'bob': 55}\nrefused: #FAIL# (transfer was not run: the user did not approve it)\n──");
    expect(run.stdout.match(/↳ sums\(/g)).toHaveLength(100);
    expect(run.code).toBe(0);
  });

  it("works from JavaScript with await tools.NAME({...})", async () => {
    server = await startScriptedServer(oneProgram("javascript", "let t = 0; for (let i = 1; i <= 100; i++) t = await tools.sums({ a: t, b: i }); t"));
    const run = await runExample(["--yes", "Add 1 to 100"], "", env());
    expect(run.stdout).toContain("── javascript result ──\n5050\n──");
    expect(run.code).toBe(0);
  });
});
