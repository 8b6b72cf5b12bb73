import { readFileSync } from "node:fs"; console.log("ok source", typeof readFileSync); import type { ToolSpec } from "@toolsmith/runtime"; const x: ToolSpec | undefined = undefined; console.log(x);
