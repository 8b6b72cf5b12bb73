/**
 * The codegen's public data model: what `analyze` returns. Plain data only - no compiler objects cross
 * this seam, so the CLI, the registry emitter and tests never depend on ts-morph.
 */
import type { JsonSchema, ObjectSchema, RevivePlan } from "@toolsmith/runtime";
import type { IrDefinition, IrType } from "./ir/types.js";

export type { JsonSchema, ObjectSchema, RevivePlan };

/** `openai`: pydantic's structure without `title` keywords. `pydantic`: key for key what pydantic v2 prints. */
export type SchemaStyle = "openai" | "pydantic";

/** A problem found in the input, located at the offending source (1-based line and column, absolute file). */
export interface Diagnostic {
  severity: "error" | "warning";
  file: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
  functionName?: string;
  parameterName?: string;
}

/** One parameter of a tool as the model sees it (a property of `parameters`). */
export interface ParamModel {
  /** The schema property name. */
  name: string;
  /** `p?: T` without an initializer: the function may receive undefined; the schema's default is null (D2). */
  optional: boolean;
  /** The parameter (or destructured member) has an initializer. */
  hasDefault: boolean;
  /** An optional callback left out of the schema: the model never sends it; the function gets `undefined`. */
  dropped?: boolean;
}

/**
 * The argument types a tool's schema describes, as plain IR data: the registry module writes them out as
 * TypeScript and checks at compile time that the function still takes exactly those.
 */
export interface ToolSignature {
  /** In declared order (positional), or the object's members (object call style). */
  params: readonly {
    name: string;
    type: IrType;
    /** The model may leave it out (`p?: T`, `p: T | undefined`, or a default). */
    optional: boolean;
    /** Left out of the schema (an optional callback the model cannot send): only its position counts. */
    dropped?: boolean;
  }[];
  /** The named types (`$defs`) the parameters refer to. */
  definitions: { readonly [name: string]: IrDefinition };
}

/** One exported function, ready to become a tool. */
export interface ToolModel {
  /** The exported name (the tool name). */
  name: string;
  /** Absolute path of the source file. */
  file: string;
  line: number;
  column: number;
  /** The JSDoc summary; absent when there is no JSDoc. */
  description?: string;
  /** The argument object's schema, in the requested style (and strict form when strict). */
  parameters: ObjectSchema;
  /** When strict: the ordinary schema the strict form was made from (what a registry module keeps). */
  nonStrictParameters?: ObjectSchema;
  /** `"object"`: one destructured/object parameter whose members are the tool's parameters. */
  callStyle: "positional" | "object";
  /** Positional: in declared order. Object: the object's members. */
  params: ParamModel[];
  isAsync: boolean;
  /** JSDoc `@confirm` on the function. */
  confirm: boolean;
  /** The resolved (Promise-unwrapped) return type's schema, when expressible. */
  returns?: JsonSchema;
  /** Where the arguments hold a TS `Date`, mirroring the ordinary schema; absent when nothing does. */
  revive?: RevivePlan;
  /** The argument types the schema describes, for the registry's stale check; absent: no check is written. */
  signature?: ToolSignature;
  /**
   * Import the function from this module by name (`--package`) instead of from `file`: `named` is
   * `import { f } from "pkg"`, `default` is `import pkg from "pkg"` then `pkg.f` (an `export =` package).
   */
  module?: { specifier: string; access: "named" | "default" };
}

/** Which TypeScript reads the inputs: `ts6` (the compiler API through ts-morph) or `ts7` (the native compiler). */
export type Engine = "ts6" | "ts7";

export const ENGINES: readonly Engine[] = ["ts6", "ts7"];

export interface AnalyzeOptions {
  /** Default `"ts7"` where TypeScript 7's native binary is installed, else `"ts6"` (and always `"ts6"` with `package`). Both give the same tools and diagnostics. */
  engine?: Engine;
  /** Paths (already expanded from globs), absolute or relative to the current directory. */
  files: readonly string[];
  /** Default `"openai"`. */
  style?: SchemaStyle;
  /** OpenAI Structured Outputs strict form; what cannot be expressed strictly is an error diagnostic. */
  strict?: boolean;
  /** A tsconfig.json whose compiler options apply (its file list is ignored: `files` decides). */
  tsconfig?: string;
  /** What paths inside messages are relative to; default the current directory. */
  cwd?: string;
  /**
   * Read this installed package's exported functions (from its declaration files, resolved from `cwd`)
   * instead of `files`; the registry imports them from the package by name.
   */
  package?: string;
  /** Only these exported functions (by name); a name that is not one is an error. */
  only?: readonly string[];
  /**
   * Leave out each function that has an error, report its errors as warnings, and list it in
   * `skipped`, instead of the all-or-nothing rule.
   */
  skipInvalid?: boolean;
}

/** Tools in file order, files in the order given. Any error diagnostic means nothing should be written. */
export interface AnalyzeResult {
  tools: ToolModel[];
  diagnostics: Diagnostic[];
  /** With `skipInvalid`: the functions left out for their errors (reported as warnings). */
  skipped?: string[];
}

/** A long-lived analysis for `--watch`: one compiler project, re-reading only what changed. */
export interface Analyzer {
  analyze(): AnalyzeResult;
  /** Re-reads these files from disk (edited, added or deleted) before the next `analyze()`. */
  update(changedPaths: readonly string[]): void;
  /** Ends what the analysis keeps running (TypeScript 7's compiler process); a no-op for ts6. */
  close?(): void;
  /**
   * How often an edited file was read again in part - only the functions the edit touched - and how many
   * functions those reads read (src/file-readings.ts), so far. For tests and traces.
   */
  readonly rereads?: { readonly inPart: number; readonly functionsRead: number };
}
