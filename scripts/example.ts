// `pnpm example NAME ...args` runs examples/NAME.ts as if it had been started directly with ...args.
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const examplesDir = fileURLToPath(new URL("../examples/", import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(examplesDir)
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".generated.ts"))
  .map((file) => file.slice(0, -3));

if (!name || !existsSync(`${examplesDir}${name}.ts`)) {
  console.error(`usage: pnpm example <name> [args...]\navailable: ${available.join(", ")}`);
  process.exit(2);
}
process.argv = [process.argv[0]!, `${examplesDir}${name}.ts`, ...rest];
await import(pathToFileURL(`${examplesDir}${name}.ts`).href);
