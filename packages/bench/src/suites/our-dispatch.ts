/**
 * Our side of the dispatch benchmark: the schemas from our codegen's `analyze` (what `toolsmith codegen`
 * puts in the generated registry), and a toolbox from `createToolbox` over tool specs shaped exactly like
 * the generated registry's entries.
 */
import { analyze } from "@toolsmith/codegen";
import type { ObjectSchema, ToolSpec } from "@toolsmith/runtime";
import { createOrder, sums, type Customer, type OrderLine, type Priority } from "../dispatch/tools.js";
import type { Case } from "../micro.js";

export interface OurDispatch {
  readonly schemas: { readonly sums: ObjectSchema; readonly createOrder: ObjectSchema };
  caseFor(tool: "sums" | "createOrder", args: string): Case;
}

/** The parameter schemas our codegen emits for the dispatch tools; a diagnostic is a broken benchmark. */
function codegenSchemas(toolsFile: string): OurDispatch["schemas"] {
  const result = analyze({ files: [toolsFile] });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`codegen on ${toolsFile}: ${errors.map((e) => e.message).join("; ")}`);
  const find = (name: string): ObjectSchema => {
    const tool = result.tools.find((t) => t.name === name);
    if (!tool) throw new Error(`codegen found no tool ${name} in ${toolsFile}`);
    return tool.parameters;
  };
  return { sums: find("sums"), createOrder: find("createOrder") };
}

interface SumsArgs {
  a: number;
  b?: number;
}
interface OrderArgs {
  customer: Customer;
  lines: OrderLine[];
  priority?: Priority;
  note?: string;
}

/** `runtime`: the package to dispatch with, the installed build (paths.ts `installedRuntime`). */
export function loadOurDispatch(toolsFile: string, runtime: Pick<typeof import("@toolsmith/runtime"), "createToolbox">): OurDispatch {
  const schemas = codegenSchemas(toolsFile);
  const sumsSpec = {
    name: "sums",
    description: "Adds a + b",
    parameters: schemas.sums,
    params: ["a", "b"],
    invoke: (args: SumsArgs) => sums(args.a, args.b),
  } satisfies ToolSpec<SumsArgs, number>;
  const orderSpec = {
    name: "createOrder",
    description: "Places an order for a customer.",
    parameters: schemas.createOrder,
    params: ["customer", "lines", "priority", "note"],
    invoke: (args: OrderArgs) => createOrder(args.customer, args.lines, args.priority, args.note),
  } satisfies ToolSpec<OrderArgs, unknown>;
  const toolbox = runtime.createToolbox([sumsSpec, orderSpec] as unknown as readonly ToolSpec[]);
  return {
    schemas,
    caseFor: (name, args) => () => toolbox.call({ name, arguments: args }),
  };
}
