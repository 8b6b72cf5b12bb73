/**
 * Runs ours alone in a tight loop, for `node --cpu-prof`: which part of `toolbox.call` the time goes to
 * (the runtime's built dist, as the dispatch suite runs it: `pnpm build` first).
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx --conditions=source src/profile-dispatch.ts [small|nested|small-invalid|nested-invalid] [seconds]
 */
import { join } from "node:path";
import { NESTED_INVALID, NESTED_VALID, SMALL_INVALID, SMALL_VALID } from "./dispatch/fixtures.js";
import { consume } from "./micro.js";
import { BENCH_DIR, installedRuntime } from "./paths.js";
import { loadOurDispatch } from "./suites/our-dispatch.js";

const cases = {
  small: ["sums", SMALL_VALID],
  nested: ["createOrder", NESTED_VALID],
  "small-invalid": ["sums", SMALL_INVALID],
  "nested-invalid": ["createOrder", NESTED_INVALID],
} as const;
const which = (process.argv[2] ?? "small") as keyof typeof cases;
const seconds = Number(process.argv[3] ?? 3);
const [tool, args] = cases[which];
const ours = loadOurDispatch(join(BENCH_DIR, "src/dispatch/tools.ts"), await installedRuntime());
const fn = ours.caseFor(tool, args);
const until = performance.now() + seconds * 1000;
let calls = 0;
while (performance.now() < until) {
  for (let i = 0; i < 1000; i++) consume(await fn());
  calls += 1000;
}
console.log(`${which}: ${calls} calls, ${((seconds * 1e6) / calls).toFixed(2)} µs/call`);
