// `pnpm example sums "What is 6+3?"` run as a user would, against the scripted OpenAI-compatible server.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { lastUserText, messageText, reply, startScriptedServer, toolMessages, type ScriptedServer } from "@toolsmith/runtime/testing";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runExample(args: readonly string[], env: Record<string, string | undefined>): Promise<Run> {
  const cleanEnv = { ...process.env };
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL"]) delete cleanEnv[name]; // never a real key from the host
  return new Promise((resolve) => {
    execFile("pnpm", ["--silent", "example", "sums", ...args], { cwd: repoRoot, env: { ...cleanEnv, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("examples/sums.ts", () => {
  it("asks the model, runs its sums call and prints the call, the result and the answer", async () => {
    server = await startScriptedServer([
      // The scripted model reads the numbers from the question and the sum from the tool result it gets back.
      (body) => {
        const [, a, b] = /(\d+)\s*\+\s*(\d+)/.exec(lastUserText(body)) ?? [];
        return reply({ toolCalls: [{ name: "sums", arguments: { a: Number(a), b: Number(b) } }] });
      },
      (body) => reply({ content: `${/(\d+)\s*\+\s*(\d+)/.exec(lastUserText(body))?.slice(1).join(" + ")} = ${messageText(toolMessages(body)[0])}` }),
    ]);
    const run = await runExample(["What is 17+25?"], { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "test-key", OPENAI_MODEL: "scripted-model" });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim().split("\n")).toEqual(['→ sums({"a":17,"b":25})', "← 42", "17 + 25 = 42"]);
    expect(run.code).toBe(0);

    const [first] = server.chatRequests();
    expect(first?.model).toBe("scripted-model");
    expect(first?.messages[0]).toEqual({ role: "system", content: "You must use the `sums` function instead of adding yourself." });
    expect(first?.tools?.map((t) => t.function)).toEqual([
      { name: "sums", description: "Adds a + b", parameters: { type: "object", properties: { a: { type: "integer" }, b: { default: 1, type: "integer" } }, required: ["a"] } },
    ]);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer test-key");
  });

  it("works with a base URL and no key (local servers)", async () => {
    server = await startScriptedServer([reply({ toolCalls: [{ name: "sums", arguments: { a: 6 } }] }), (body) => reply({ content: `It is ${messageText(toolMessages(body)[0])}.` })]);
    const run = await runExample(["What is 6+1?"], { OPENAI_BASE_URL: server.url });
    expect(run.stdout.trim().split("\n")).toEqual(['→ sums({"a":6})', "← 7", "It is 7."]);
    expect(run.code).toBe(0);
  });

  it("says how to configure a model and exits non-zero without a key or base URL", async () => {
    const run = await runExample(["What is 6+3?"], {});
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("OPENAI_API_KEY=");
    expect(run.stderr).toContain("OPENAI_BASE_URL=");
    expect(run.stdout).toBe("");
  });
});
