import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH_DIR } from "./paths.js";

/** The fixed part of BENCHMARKS.md (what each tool is asked to do, what bounds our figures), read when writing. */
export function method(): string {
  return readFileSync(join(BENCH_DIR, "method.md"), "utf8");
}
