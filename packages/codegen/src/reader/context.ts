/**
 * State shared by the type handlers while one function is read: the compiler, the checker, the `$defs`
 * found so far (keyed by name, scoped to the function so names are deterministic whatever else is
 * analysed), and a sink for problems, which the caller locates at the parameter being read.
 */
import type { ts } from "ts-morph";
import type { IrDefinition, IrType } from "../ir/types.js";

/**
 * The compiler's values the reader uses (`SyntaxKind` / `TypeFlags` / ... enums, `isX` guards, helpers),
 * handed in by the engine rather than imported: TypeScript 6's `ts` (through ts-morph) on the ts6
 * engine, src/ts7/api.ts's facade over TypeScript 7 on the ts7 one. Their enum numbers differ, so every
 * enum the reader compares against must come from the compiler that made the nodes and types. The
 * reader imports only ts-morph's types, so the ts7 engine loads no TypeScript 6. Reader functions
 * name it `ts` (a parameter, or `const { ts } = ctx`), so `ts.X` reads as before: in a type it is
 * TypeScript 6's declaration, in a value the compiler the engine handed in.
 */
export type Compiler = typeof ts;

export interface Problem {
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly hint?: string;
  /** Where the problem is written, when that is not the parameter being read (a JSDoc tag). */
  readonly at?: SourceLocation;
  /**
   * Written in a declaration any tool may share (a property of a named type): reported there once,
   * not per function and parameter.
   */
  readonly shared?: boolean;
}

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Definitions already read for other functions in the same program, so each named type is read once
 * per analysis rather than once per function using it. Keyed by the checker's type and the `$defs` key.
 */
export type DefinitionMemo = Map<ts.Type, Map<string, MemoEntry>>;

export interface MemoEntry {
  /** The definition and every definition it refers to, transitively. */
  readonly definitions: ReadonlyMap<string, IrDefinition>;
  readonly owners: ReadonlyMap<string, ts.Type>;
  /** Problems met while reading them, replayed for each function that uses the definition. */
  readonly problems: readonly Problem[];
}

export interface ReadContext {
  /** The compiler the program comes from (see `Compiler`). */
  readonly ts: Compiler;
  readonly checker: ts.TypeChecker;
  readonly program: ts.Program;
  /** `$defs` of the function being read; `undefined` value while a definition's body is being read. */
  readonly definitions: Map<string, IrDefinition | undefined>;
  /** Which type a `$defs` name stands for, so a second type with the same name gets another key. */
  readonly definitionOwners: Map<string, ts.Type>;
  /** Recursive-alias detection (D14): aliases whose union is being read, and those found to recurse. */
  readonly aliasesInProgress: Set<ts.Symbol>;
  readonly recursiveAliases: Set<ts.Symbol>;
  /** The member order last given to each union (src/reader/member-order.ts). */
  readonly memberOrders: Map<ts.Type, ReadonlyMap<ts.Type, number>>;
  readonly memo: DefinitionMemo;
  /** Problems reported per `$defs` key while it was read (for the memo). */
  readonly problemsByDefinition: Map<string, Problem[]>;
  /** Keys of the definitions whose bodies are being read right now (innermost last). */
  readonly reading: string[];
  /** Where in the parameter's type we are, for messages ("property `cb` of `Opts`"). */
  readonly path: string[];
  report(problem: Problem): void;
  /** Reads a nested type through the handler table. */
  read(type: ts.Type, node?: ts.TypeNode): IrType;
}

/** One entry of the reader's table: recognises a kind of type and turns it into IR. */
export interface TypeHandler {
  readonly kind: string;
  matches(type: ts.Type, ctx: ReadContext, node: ts.TypeNode | undefined): boolean;
  read(type: ts.Type, ctx: ReadContext, node: ts.TypeNode | undefined): IrType;
}

export function where(ctx: ReadContext): string {
  return ctx.path.length ? ` (${ctx.path.join(" > ")})` : "";
}
