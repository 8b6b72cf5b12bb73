// Run by validation-fallback.test.ts under `node --disallow-code-generation-from-strings`: the toolbox must
// still validate (through the closure backend) and say so.
import { defineTool } from "../../src/define-tool.js";
import { createToolbox } from "../../src/toolbox.js";

let codeGeneration = "allowed";
try {
  new Function("return 1");
} catch {
  codeGeneration = "blocked";
}
const sums = defineTool({
  name: "sums",
  parameters: { type: "object", properties: { a: { type: "integer" }, b: { type: "integer", default: 1 } }, required: ["a"] },
  params: ["a", "b"],
  fn: (a: number, b: number) => a + b,
});
const box = createToolbox([sums]);
const good = await box.call({ name: "sums", arguments: '{"a": 6}' });
const bad = await box.call({ name: "sums", arguments: '{"a": 6, "b": "six"}' });
console.log(JSON.stringify({ codeGeneration, good: good.content, bad: bad.content }));
