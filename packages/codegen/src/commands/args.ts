/** Parses `toolsmith codegen ...` arguments into options, or a usage error. */
import { ENGINES, type Engine, type SchemaStyle } from "../model.js";

export const PROVIDERS = ["openai", "openai-strict", "anthropic", "anthropic-strict", "gemini", "gemini-openapi"] as const;
export type ProviderOption = (typeof PROVIDERS)[number];

export interface CodegenArgs {
  /** Files and globs, as typed. */
  inputs: string[];
  out?: string;
  json?: string;
  /** `--pyi FILE`: code mode's Python stubs of the tools. */
  pyi?: string;
  /** `--dts FILE`: code mode's TypeScript declarations of the tools. */
  dts?: string;
  style: SchemaStyle;
  strict: boolean;
  /** `--provider`: the JSON schemas in that provider's dialect (openai-strict sets `strict`). */
  provider?: ProviderOption;
  watch: boolean;
  check: boolean;
  tsconfig?: string;
  /** `--engine`: which TypeScript reads the inputs (default: ts7 where its native binary is installed, else ts6). */
  engine?: Engine;
  /** `--package NAME`: the tools are an installed package's exported functions (no input files). */
  package?: string;
  /** `--only a,b`: only these of the package's functions. */
  only?: string[];
  /** `--skip-invalid`: write the tools that are fine, report the others as warnings. */
  skipInvalid: boolean;
  help: boolean;
}

export class UsageError extends Error {}

export const CODEGEN_USAGE = `usage: toolsmith codegen <files or globs...> [options]
       toolsmith codegen --package NAME [--only a,b,...] [options]

Reads the exported functions of the given TypeScript files (a folder means the .ts files under it) and writes their JSON Schemas and a typed
tool registry. With no output option (--out, --json, --pyi, --dts), prints the schemas to stdout.

options:
  --out FILE.ts         write the registry module (imports the tools, their schemas and argument types)
  --json FILE           write the schemas as a JSON array of { name, description, parameters }
  --pyi FILE.pyi        write code mode's Python stubs of the tools (def sums(a: int, b: int = 1) -> int:
                        with docstrings): exactly what the model is shown, rendered by the runtime
  --dts FILE.d.ts       write code mode's TypeScript declarations of the tools (the global "tools" object
                        the model's JavaScript calls), rendered by the runtime
  --style openai|pydantic
                        openai (default): pydantic's schema without titles; pydantic: key for key
                        what pydantic v2 prints for the equivalent Python function
  --strict              OpenAI Structured Outputs strict schemas; what cannot be strict is an error
  --provider openai|openai-strict|anthropic|anthropic-strict|gemini|gemini-openapi
                        the JSON schemas (--json, or printed) in that provider's dialect; what it loses is a
                        warning at the function and parameter, a function (or name) it cannot take an error.
                        gemini writes Gemini function declarations with parametersJsonSchema, gemini-openapi
                        with parameters (Gemini's OpenAPI subset); anthropic-strict is strict tool use.
                        openai-strict is --strict (the registry too); the others leave --out's registry as is
  --check               write nothing; exit 1 if an output is missing or differs (for CI)
  --watch               regenerate when an input changes, writing only outputs whose text changed
  --tsconfig FILE       compiler options to analyze with (default: the nearest tsconfig.json above the
                        first input, else strict NodeNext defaults)
  --engine ts7|ts6      which TypeScript reads the inputs: ts7 (default: TypeScript 7's native compiler,
                        where its binary is installed) or ts6 (the compiler API through ts-morph); both
                        give the same schemas and diagnostics; --package always reads with ts6
  --package NAME        the exported functions of an installed package (its .d.ts files), imported
                        from the package by name in the registry; no input files then
  --only a,b,...        with --package: only these functions
  --skip-invalid        write the tools that are fine and report the others as warnings
                        (exit 0, "N tools, M skipped"); without it any error writes nothing
  -h, --help            show this help

exit status: 0 done, 1 errors in the input or stale outputs (--check), 2 bad command line`;

const VALUE_FLAGS = new Set(["--out", "--json", "--pyi", "--dts", "--style", "--provider", "--tsconfig", "--package", "--only", "--engine"]);
const BOOLEAN_FLAGS = new Set(["--strict", "--watch", "--check", "--help", "-h", "--skip-invalid"]);

export function parseCodegenArgs(argv: readonly string[]): CodegenArgs {
  const args: CodegenArgs = {
    inputs: [],
    style: "openai",
    strict: false,
    watch: false,
    check: false,
    skipInvalid: false,
    help: false,
  };
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      args.inputs.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      args.inputs.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 && arg.startsWith("--") ? arg.slice(0, eq) : arg;
    if (VALUE_FLAGS.has(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "") throw new UsageError(`${flag} needs a value`);
      if (values.has(flag)) throw new UsageError(`${flag} given twice`);
      values.set(flag, value);
    } else if (BOOLEAN_FLAGS.has(flag) && eq < 0) {
      if (flag === "-h" || flag === "--help") args.help = true;
      else if (flag === "--skip-invalid") args.skipInvalid = true;
      else args[flag.slice(2) as "strict" | "watch" | "check"] = true;
    } else {
      const suggestion = closest(flag, [...VALUE_FLAGS, ...BOOLEAN_FLAGS]);
      throw new UsageError(`unknown option ${arg}${suggestion ? ` (did you mean ${suggestion}?)` : ""}`);
    }
  }
  const style = values.get("--style");
  if (style !== undefined) {
    if (style !== "openai" && style !== "pydantic") throw new UsageError(`--style must be openai or pydantic, not ${style}`);
    args.style = style;
  }
  const provider = values.get("--provider");
  if (provider !== undefined) {
    if (!(PROVIDERS as readonly string[]).includes(provider)) throw new UsageError(`--provider must be ${PROVIDERS.join(", ")}, not ${provider}`);
    args.provider = provider as ProviderOption;
  }
  const engine = values.get("--engine");
  if (engine !== undefined) {
    if (!(ENGINES as readonly string[]).includes(engine)) throw new UsageError(`--engine must be ${ENGINES.join(" or ")}, not ${engine}`);
    args.engine = engine as Engine;
  }
  const out = values.get("--out");
  const json = values.get("--json");
  const tsconfig = values.get("--tsconfig");
  const pyi = values.get("--pyi");
  const dts = values.get("--dts");
  if (out !== undefined) args.out = out;
  if (json !== undefined) args.json = json;
  if (pyi !== undefined) args.pyi = pyi;
  if (dts !== undefined) args.dts = dts;
  if (tsconfig !== undefined) args.tsconfig = tsconfig;
  const pkg = values.get("--package");
  const only = values.get("--only");
  if (pkg !== undefined) args.package = pkg;
  if (only !== undefined) args.only = only.split(",").map((name) => name.trim()).filter(Boolean);
  if (args.help) return args;

  if (pkg !== undefined && args.inputs.length > 0) throw new UsageError("--package reads the package: give no input files with it");
  if (only !== undefined && pkg === undefined) throw new UsageError("--only picks functions of --package NAME");
  if (pkg !== undefined && args.watch) throw new UsageError("--package and --watch cannot be combined");
  if (args.inputs.length === 0 && pkg === undefined) throw new UsageError("no input files given");
  if (out !== undefined && !/\.(ts|mts|cts|tsx)$/.test(out)) {
    throw new UsageError(`--out must name a TypeScript file (.ts, .mts, .cts or .tsx), not ${out}`);
  }
  if (pyi !== undefined && !pyi.endsWith(".pyi")) throw new UsageError(`--pyi must name a Python stub file (.pyi), not ${pyi}`);
  if (dts !== undefined && !/\.d\.(ts|mts|cts)$/.test(dts)) {
    throw new UsageError(`--dts must name a declaration file (.d.ts, .d.mts or .d.cts), not ${dts}`);
  }
  const outputs: [string, string | undefined][] = [["--out", out], ["--json", json], ["--pyi", pyi], ["--dts", dts]];
  const named = outputs.filter((entry): entry is [string, string] => entry[1] !== undefined);
  for (const [i, [flag, file]] of named.entries()) {
    const same = named.slice(i + 1).find(([, other]) => other === file);
    if (same !== undefined) throw new UsageError(`${flag} and ${same[0]} name the same file`);
  }
  if (args.provider !== undefined) {
    if (style === "pydantic") throw new UsageError("--provider shapes openai-style schemas; it cannot be combined with --style pydantic");
    if (args.strict && args.provider !== "openai-strict") throw new UsageError(`--strict is --provider openai-strict; it cannot be combined with --provider ${args.provider}`);
    if (args.provider === "openai-strict") args.strict = true;
    else if (json === undefined && named.length > 0) {
      throw new UsageError("--provider shapes the JSON schemas: give --json (the registry and the stubs keep each tool's own schema; the runtime adapts it per provider)");
    }
  }
  if (args.watch && args.check) throw new UsageError("--watch and --check cannot be combined");
  if ((args.watch || args.check) && named.length === 0) {
    throw new UsageError(`--${args.watch ? "watch" : "check"} needs --out, --json, --pyi or --dts`);
  }
  return args;
}

/** The known name nearest to a mistyped one (at most 2 edits, or a prefix of it), for "did you mean". */
export function closest(typed: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.length > 2 && name.startsWith(typed) && typed.length >= 3 ? 0 : editDistance(typed, name);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
