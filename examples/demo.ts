// `pnpm demo`: the seed's walk-through, offline. The codegen reads examples/tools/sums.ts and prints the
// schema the seed's `schema(sums)` shows; then a model-style call `sums({"a":6,"b":3})` is dispatched
// through the generated registry (examples/registry.generated.ts, kept fresh by `pnpm codegen`).
import { fileURLToPath } from "node:url";
import { analyze, renderDiagnostic } from "@toolsmith/codegen";
import { createToolbox } from "@toolsmith/runtime";
import { registry } from "./registry.generated.js";

const toolsFile = fileURLToPath(new URL("./tools/sums.ts", import.meta.url));
const { tools, diagnostics } = analyze({ files: [toolsFile], style: "pydantic" });
const sums = tools.find((tool) => tool.name === "sums");
if (!sums || diagnostics.some((d) => d.severity === "error")) {
  for (const d of diagnostics) console.error(renderDiagnostic(d, process.cwd()));
  process.exit(1);
}

console.log("schema(sums) =");
console.log(JSON.stringify({ name: sums.name, description: sums.description, parameters: sums.parameters }, null, 2));

// What a model sends back: a tool name and its arguments as a JSON string (the seed's `call_func(c)`).
const toolbox = createToolbox(registry);
const result = await toolbox.call({ name: "sums", arguments: '{"a":6,"b":3}' });
console.log(`\ncall_func: sums({"a":6,"b":3}) -> ${result.content}`);
if (!result.ok) process.exit(1);
