// Where code generation from strings is forbidden, validation falls back to closures and still works.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

it("validates without new Function under --disallow-code-generation-from-strings", async () => {
  const probe = fileURLToPath(new URL("./support/no-codegen-probe.ts", import.meta.url));
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ["--disallow-code-generation-from-strings", "--import", "tsx", probe], { timeout: 30_000 }, (error, out, err) =>
      error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
    ),
  );
  expect(JSON.parse(stdout)).toEqual({ codeGeneration: "blocked", good: "7", bad: 'Invalid arguments for sums:\nb: expected integer, got string "six"' });
});
