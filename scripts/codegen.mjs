// `pnpm codegen [--check]`: regenerates every generated file in the repo, in the order of `jobs`.
// All jobs run in ONE process (the TypeScript compiler loads once): this script re-runs itself under
// node's `source` export condition with tsx, then calls the CLI's `main` from source for each job.
import { spawnSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Append a job here for every generated file; paths are relative to the repo root. */
export const jobs = [
  {
    name: "examples registry",
    // The stubs are what code mode shows the model for these tools: committed so reviewers can read them.
    argv: ["codegen", "examples/tools/*.ts", "--out", "examples/registry.generated.ts", "--pyi", "examples/tools.pyi", "--dts", "examples/tools.d.ts"],
  },
  {
    name: "code-mode example registry",
    // Its stubs too: what the code-mode example's model is shown (the @confirm tool included).
    argv: ["codegen", "examples/tools/*.ts", "examples/code-mode-tools/*.ts", "--out", "examples/code-mode.generated.ts", "--pyi", "examples/code-mode-tools.pyi", "--dts", "examples/code-mode-tools.d.ts"],
  },
  {
    name: "interpreter tools",
    argv: ["codegen", "packages/runtime/src/interpreter/tools.ts", "--out", "packages/runtime/src/interpreter/tools.generated.ts"],
  },
];

const root = fileURLToPath(new URL("..", import.meta.url));
const self = fileURLToPath(import.meta.url);
const extra = process.argv.slice(2);
const unknown = extra.filter((arg) => arg !== "--check");
if (unknown.length > 0) {
  console.error(`usage: pnpm codegen [--check]   (unknown: ${unknown.join(" ")})`);
  process.exit(2);
}

if (process.env.TOOLSMITH_CODEGEN_CHILD !== "1") {
  const child = spawnSync(
    process.execPath,
    ["--conditions=source", "--import", import.meta.resolve("tsx"), self, ...extra],
    { cwd: root, stdio: "inherit", env: { ...process.env, TOOLSMITH_CODEGEN_CHILD: "1" } },
  );
  process.exit(child.status ?? 1);
}

const { main } = await import(pathToFileURL(`${root}packages/codegen/src/cli.ts`).href);
let failed = 0;
for (const job of jobs) {
  const status = await main([...job.argv, ...extra]);
  if (status !== 0) {
    failed++;
    console.error(`pnpm codegen: ${job.name} failed (exit ${status})`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
