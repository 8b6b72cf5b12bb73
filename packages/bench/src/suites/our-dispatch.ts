/**
 * Our side of the dispatch benchmark: the schemas from our codegen's `analyze` (what `toolsmith codegen`
 * would put in the generated registry), and a toolbox from @toolsmith/runtime's `createToolbox` over
 * tool specs shaped exactly like the generated registry's entries.
 */
import type { ObjectSchema, ToolSpec } from "@toolsmith/runtime";
import { CREATE_ORDER_PARAMETERS, SUMS_PARAMETERS } from "../dispatch/schemas.js";
import { createOrder, sums, type Customer, type OrderLine, type Priority } from "../dispatch/tools.js";
import type { Case } from "../micro.js";

/** The runtime surface used here, from the shared contract (checked at load time). */
interface ToolboxLike {
  call(call: { name: string; arguments: string }): Promise<{ ok: boolean; content: string }>;
}
type CreateToolbox = (tools: readonly ToolSpec[]) => ToolboxLike;

interface AnalyzeLike {
  (options: { files: readonly string[] }): { tools: { name: string; parameters: ObjectSchema }[]; diagnostics: { severity: string; message: string }[] };
}

export interface OurDispatch {
  readonly schemas: { readonly sums: ObjectSchema; readonly createOrder: ObjectSchema };
  caseFor(tool: "sums" | "createOrder", args: string): Case;
}

async function codegenSchemas(toolsFile: string, notes: string[]): Promise<OurDispatch["schemas"]> {
  try {
    const codegen = (await import("@toolsmith/codegen")) as unknown as { analyze?: AnalyzeLike };
    if (typeof codegen.analyze !== "function") throw new Error("analyze is not exported");
    const result = codegen.analyze({ files: [toolsFile] });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("; "));
    const find = (name: string): ObjectSchema => {
      const tool = result.tools.find((t) => t.name === name);
      if (!tool) throw new Error(`no schema for ${name}`);
      return tool.parameters;
    };
    return { sums: find("sums"), createOrder: find("createOrder") };
  } catch (error) {
    notes.push(`dispatch: our codegen could not analyze src/dispatch/tools.ts (${error instanceof Error ? error.message : String(error)}); used the hand-written schemas in src/dispatch/schemas.ts for every contender.`);
    return { sums: SUMS_PARAMETERS, createOrder: CREATE_ORDER_PARAMETERS };
  }
}

export async function loadOurDispatch(toolsFile: string, notes: string[]): Promise<OurDispatch | undefined> {
  const runtime = (await import("@toolsmith/runtime")) as unknown as { createToolbox?: CreateToolbox };
  if (typeof runtime.createToolbox !== "function") {
    notes.push("dispatch: @toolsmith/runtime does not export createToolbox yet, so ours was not measured.");
    return undefined;
  }
  const schemas = await codegenSchemas(toolsFile, notes);
  const specs = [
    {
      name: "sums",
      description: "Adds a + b",
      parameters: schemas.sums,
      params: ["a", "b"],
      invoke: (args: { a: number; b?: number }) => sums(args.a, args.b),
    } satisfies ToolSpec<{ a: number; b?: number }, number>,
    {
      name: "createOrder",
      description: "Places an order for a customer.",
      parameters: schemas.createOrder,
      params: ["customer", "lines", "priority", "note"],
      invoke: (args: { customer: Customer; lines: OrderLine[]; priority?: Priority; note?: string }) =>
        createOrder(args.customer, args.lines, args.priority, args.note),
    } satisfies ToolSpec<{ customer: Customer; lines: OrderLine[]; priority?: Priority; note?: string }, unknown>,
  ] as unknown as readonly ToolSpec[];
  const toolbox = runtime.createToolbox(specs);
  return {
    schemas,
    caseFor: (name, args) => () => toolbox.call({ name, arguments: args }),
  };
}
