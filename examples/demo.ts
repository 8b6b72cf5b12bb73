// `pnpm demo`: the seed's walk-through, offline. The codegen reads examples/tools/sums.ts and prints the
// schema the seed's `schema(sums)` shows; then a model-style call `sums({"a":6,"b":3})` goes through the
// generated registry (examples/registry.generated.ts, kept fresh by `pnpm codegen`).
import { fileURLToPath } from "node:url";
import { analyze } from "@toolsmith/codegen";
import { registry } from "./registry.generated.js";

const toolsFile = fileURLToPath(new URL("./tools/sums.ts", import.meta.url));
const { tools, diagnostics } = analyze({ files: [toolsFile], style: "pydantic" });
const sums = tools.find((tool) => tool.name === "sums");
if (!sums || diagnostics.some((d) => d.severity === "error")) {
  console.error("codegen failed on examples/tools/sums.ts", diagnostics);
  process.exit(1);
}

console.log("schema(sums) =");
console.log(JSON.stringify({ name: sums.name, description: sums.description, parameters: sums.parameters }, null, 2));

// What a model sends: a tool name and a JSON string of arguments.
const call = { name: "sums", arguments: '{"a":6,"b":3}' };
const tool = registry[call.name as keyof typeof registry];
const result = tool.invoke(JSON.parse(call.arguments));
console.log(`\ncall_func(${call.name}(${call.arguments})) -> ${result}`);
