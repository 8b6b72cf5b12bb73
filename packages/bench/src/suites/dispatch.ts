/**
 * Dispatch: the cost of one tool call from the model's argument string to the tool message content -
 * parse, validate (applying defaults), call, stringify the result - for a small and a nested argument
 * object, and for arguments with one wrong value (the invalid path ends in an error message string).
 *   - ours: `toolbox.call({ name, arguments })` on a toolbox built from our codegen's schemas, with the
 *     runtime as users install it (its built dist)
 *   - floor: JSON.parse + direct call (no validation at all)
 *   - ajv: a validator compiled once (useDefaults), JSON.parse, validate, call; errors via errorsText
 *   - zod: JSON.parse, schema.safeParse, call; errors via z.prettifyError
 */
import { Ajv, type ValidateFunction } from "ajv";
import { join } from "node:path";
import { z } from "zod";
import { NESTED_INVALID, NESTED_VALID, SMALL_INVALID, SMALL_VALID } from "../dispatch/fixtures.js";
import { createOrder, sums, type Customer, type OrderLine, type Priority } from "../dispatch/tools.js";
import { createOrderArgs, sumsArgs } from "../dispatch/zod.js";
import { prepare, measureRounds, type Case, type Sized } from "../micro.js";
import { BENCH_DIR, installedRuntime } from "../paths.js";
import type { Row, SuiteResult, Target } from "../report.js";
import { formatNumber, type Stats } from "../stats.js";
import { buildDist } from "./codegen-engines.js";
import { loadOurDispatch } from "./our-dispatch.js";

export interface DispatchOptions {
  readonly quick: boolean;
  readonly log: (line: string) => void;
}

function content(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

interface SumsArgs { a: number; b: number }
interface OrderArgs { customer: Customer; lines: OrderLine[]; priority: Priority; note: string | null }

function callSums(a: SumsArgs): string {
  return content(sums(a.a, a.b));
}
function callOrder(a: OrderArgs): string {
  return content(createOrder(a.customer, a.lines, a.priority, a.note ?? undefined));
}

function ajvCase<T>(validate: ValidateFunction, ajv: Ajv, args: string, call: (a: T) => string): Case {
  return () => {
    const parsed: unknown = JSON.parse(args);
    if (!validate(parsed)) return ajv.errorsText(validate.errors);
    return call(parsed as T);
  };
}

function zodCase<T>(schema: z.ZodType<T>, args: string, call: (a: T) => string): Case {
  return () => {
    const result = schema.safeParse(JSON.parse(args));
    if (!result.success) return z.prettifyError(result.error);
    return call(result.data);
  };
}

interface Scenario {
  readonly section: string;
  readonly validationOnly?: boolean;
  readonly cases: readonly { readonly tool: string; readonly ours: boolean; readonly fn: Case }[];
}

/** A contender's answer must be what the scenario expects: a result for valid input, an error otherwise. */
async function check(label: string, fn: Case, expectOk: boolean, ours: boolean): Promise<void> {
  const value = await fn();
  const text = String(value);
  const looksOk = ours ? (value as { ok?: boolean }).ok === true : !/must|expected|invalid|✖/i.test(text);
  if (looksOk !== expectOk) throw new Error(`${label}: expected ${expectOk ? "a result" : "an error"}, got ${ours ? JSON.stringify(value) : text}`);
}

export async function runDispatch(options: DispatchOptions): Promise<SuiteResult> {
  const notes: string[] = [];
  buildDist(options.log);
  const runtime = await installedRuntime();
  const ours = loadOurDispatch(join(BENCH_DIR, "src/dispatch/tools.ts"), runtime);
  // Every contender validates against the schemas our codegen produced.
  const schemas = ours.schemas;
  const ajv = new Ajv({ useDefaults: true, strict: false });
  const validateSums = ajv.compile(schemas.sums);
  const validateOrder = ajv.compile(schemas.createOrder);

  const scenario = (section: string, args: string, valid: boolean, tool: "sums" | "createOrder"): Scenario => {
    const list: { tool: string; ours: boolean; fn: Case }[] = [];
    list.push({ tool: "toolsmith toolbox.call", ours: true, fn: ours.caseFor(tool, args) });
    if (valid) {
      list.push({
        tool: "JSON.parse + direct call (floor)",
        ours: false,
        fn: tool === "sums" ? () => callSums(JSON.parse(args) as SumsArgs) : () => callOrder(JSON.parse(args) as OrderArgs),
      });
    }
    list.push({
      tool: "ajv (compiled) + call",
      ours: false,
      fn: tool === "sums" ? ajvCase(validateSums, ajv, args, callSums) : ajvCase(validateOrder, ajv, args, callOrder),
    });
    list.push({
      tool: "zod safeParse + call",
      ours: false,
      fn: tool === "sums" ? zodCase(sumsArgs, args, callSums) : zodCase(createOrderArgs as z.ZodType<OrderArgs>, args, callOrder),
    });
    return { section, cases: list };
  };
  // Validation alone, on already-parsed arguments (no defaults left to fill, so nothing is mutated between
  // calls): what each validator costs by itself, structured errors only (no message formatting).
  const validationOnly = (section: string, args: string, tool: "sums" | "createOrder"): Scenario => {
    const parsed: unknown = JSON.parse(args);
    const list: { tool: string; ours: boolean; fn: Case }[] = [];
    const oursValidate = runtime.compileValidator(schemas[tool]);
    list.push({ tool: "toolsmith compileValidator", ours: true, fn: () => oursValidate(parsed).length === 0 });
    const ajvValidate = tool === "sums" ? validateSums : validateOrder;
    list.push({ tool: "ajv (compiled)", ours: false, fn: () => ajvValidate(parsed) });
    const zodSchema: z.ZodType = tool === "sums" ? sumsArgs : createOrderArgs;
    list.push({ tool: "zod safeParse", ours: false, fn: () => zodSchema.safeParse(parsed).success });
    return { section, cases: list, validationOnly: true };
  };
  const scenarios = [
    scenario("dispatch: small args", SMALL_VALID, true, "sums"),
    scenario("dispatch: nested args", NESTED_VALID, true, "createOrder"),
    scenario("dispatch: small, invalid", SMALL_INVALID, false, "sums"),
    scenario("dispatch: nested, invalid", NESTED_INVALID, false, "createOrder"),
    validationOnly("validation only: small", SMALL_VALID, "sums"),
    validationOnly("validation only: nested", NESTED_VALID, "createOrder"),
    validationOnly("validation only: nested, invalid", NESTED_INVALID, "createOrder"),
  ];

  // Many short batches: on a shared machine a preemption spoils one batch, and the median shrugs it off.
  const micro = { warmupMs: options.quick ? 150 : 500, batchMs: options.quick ? 2 : 3, batches: options.quick ? 40 : 150 };
  const rows: Row[] = [];
  for (const s of scenarios) {
    for (const c of s.cases) {
      const expectOk = !s.section.includes("invalid");
      if (s.validationOnly) {
        if ((await c.fn()) !== expectOk) throw new Error(`${s.section} / ${c.tool}: expected ${expectOk ? "valid" : "invalid"}`);
      } else await check(`${s.section} / ${c.tool}`, c.fn, expectOk, c.ours);
    }
    options.log(`  ${s.section}: warming up ${s.cases.length} contenders`);
    const sized: Sized[] = [];
    for (const c of s.cases) sized.push(await prepare(c.fn, micro));
    const stats = await measureRounds(sized, micro.batches);
    s.cases.forEach((c, i) => rows.push({ section: s.section, tool: c.tool, ours: c.ours, unit: "µs", stats: stats[i]! }));
  }

  const targets: Target[] = [];
  const find = (section: string, tool: string): Stats | undefined => rows.find((r) => r.section === section && r.tool.startsWith(tool))?.stats;
  for (const section of ["dispatch: small args", "dispatch: nested args"]) {
    const o = find(section, "toolsmith");
    const floor = find(section, "JSON.parse");
    const zod = find(section, "zod");
    targets.push({
      section,
      goal: "within 2x of the JSON.parse + call floor",
      measured: o && floor ? `${formatNumber(o.median / floor.median)}x the floor` : "not measured",
      met: o && floor ? o.median / floor.median <= 2 : undefined,
    });
    targets.push({
      section,
      goal: ">= 5x faster than zod",
      // ours can never beat the floor, so zod / floor is the most any validator could show here.
      measured: o && zod ? `${formatNumber(zod.median / o.median)}x (ceiling: zod / floor = ${floor ? formatNumber(zod.median / floor.median) : "?"}x)` : "not measured",
      met: o && zod ? zod.median / o.median >= 5 : undefined,
    });
  }
  for (const section of ["validation only: small", "validation only: nested"]) {
    const o = find(section, "toolsmith");
    const zod = find(section, "zod");
    targets.push({
      section,
      goal: ">= 5x faster than zod (the validation itself)",
      measured: o && zod ? `${formatNumber(zod.median / o.median)}x` : "not measured",
      met: o && zod ? zod.median / o.median >= 5 : undefined,
    });
  }
  return { rows, targets, notes };
}
