/**
 * State shared by the type handlers while one function is read: the compiler, the checker, the `$defs`
 * found so far (keyed by name, scoped to the function so names are deterministic whatever else is
 * analysed), and a sink for problems, which the caller locates at the parameter being read.
 */
import type { ts } from "ts-morph";
import type { IrDefinition, IrType } from "../ir/types.js";
import type { WaitingJudgment } from "./judgments.js";

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
  /**
   * Where in the parameter's type it is (`property \`a\` > index signature`), said after the message.
   * Kept apart until then so a definition's problems, read once for one function, are said for another
   * with that function's way to the definition (see TranscriptItem).
   */
  readonly path?: readonly string[];
}

/**
 * One step of a definition's reading, as the memo replays it for another function: a problem met in
 * the definition's own body, or another definition reached (read then, or already read). `at` is where,
 * from the definition, as path steps. A replay says each problem at the new function's path to the
 * definition followed by `at`, and walks into each definition reached that the function had not read
 * yet - what reading it there anew would report, and where.
 */
export type TranscriptItem =
  | { readonly problem: Problem; readonly at: readonly string[] }
  | { readonly definition: string; readonly at: readonly string[] }
  | AliasStep
  | OrderStep;

/**
 * The reading's steps that depend on, or change, what the function has read so far besides its `$defs`
 * (D14's recursive aliases, member-order.ts's union orders): a replay is taken only where reading anew
 * would meet the same state - checked by walking the steps against the function's own - and it leaves
 * the same changes behind.
 */
export type AliasStep =
  /** A union alias was met (union.ts): in progress (a recursion: the alias is marked recursive) or not. */
  | { readonly meets: ts.Symbol; readonly inProgress: boolean }
  /** Its union's members are read now (it is in progress until `leaves`). */
  | { readonly enters: ts.Symbol }
  /**
   * They are read: the alias was found recursive in the function by then (a `$defs` entry under `defines`,
   * referred to) or not (inline).
   */
  | { readonly leaves: ts.Symbol; readonly recursive: boolean; readonly defines: string };
export type OrderStep =
  /** A union not fully placed where written took the order last given to it in the function (or had none). */
  | { readonly consults: ts.Type; readonly given: ReadonlyMap<ts.Type, number> | undefined }
  /** A union was given this order, for the function's later readings of it. */
  | { readonly orders: ts.Type; readonly order: ReadonlyMap<ts.Type, number> };

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
  /** The name each of them would have had but for another type's (`Options` for `Options_2`), where it differs. */
  readonly bases: ReadonlyMap<string, string>;
  /** Each of those definitions' readings (see TranscriptItem), replayed for each function that uses it. */
  readonly transcripts: ReadonlyMap<string, readonly TranscriptItem[]>;
  /**
   * How the first reading quoted the type as written (`ns.Svc`), when the definition's own body reported
   * a problem (which quotes it): a replay must refer to it the same way.
   */
  readonly spelling?: string;
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
  /** The name a definition would have had but for another type's (`Options` for `Options_2`), where it differs. */
  readonly definitionBases: Map<string, string>;
  /**
   * Recursive-alias detection (D14): aliases whose union is being read, with the `$defs` key a recursion
   * refers to each by (suffixed if another type holds its name), and those found to recurse.
   */
  readonly aliasesInProgress: Map<ts.Symbol, string>;
  readonly recursiveAliases: Set<ts.Symbol>;
  /** Anonymous shapes being read in place (object.ts), with how many union aliases were in progress then. */
  readonly inlineInProgress: Map<ts.Type, number>;
  /** The member order last given to each union (src/reader/member-order.ts). */
  readonly memberOrders: Map<ts.Type, ReadonlyMap<ts.Type, number>>;
  /**
   * While a generic's body is read for a written reference (`Box<"b" | "a">`), what each of its type
   * parameters' declarations is bound to: the argument node (src/reader/bound-arguments.ts).
   */
  readonly boundArguments: Map<ts.Node, ts.TypeNode>;
  readonly memo: DefinitionMemo;
  /** Each `$defs` key's reading, so far (for the memo). */
  readonly transcripts: Map<string, readonly TranscriptItem[]>;
  /** Keys of the definitions whose bodies are being read right now (innermost last)... */
  readonly reading: string[];
  /** ...and the length of `path` where each began. */
  readonly readingAt: number[];
  /** Judgments of properties waiting for the definitions they reach to be final (judgments.ts)... */
  readonly judgments: WaitingJudgment[];
  /** ...how many wait, by the definition whose properties they judge... */
  readonly unjudged: Map<string, number>;
  /** ...and those definitions, read, kept here until their judgments are made. */
  readonly unfinished: Map<string, IrDefinition>;
  /** Set while a memo entry is replayed: what it reports is in its transcripts already. */
  replaying: boolean;
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

/** Adds a step to the reading of the innermost definition being read, if any (`at`: where that began). */
export function noteInTranscript(ctx: ReadContext, step: (at: number) => TranscriptItem): void {
  const key = ctx.reading[ctx.reading.length - 1];
  if (key === undefined) return;
  (ctx.transcripts.get(key) as TranscriptItem[]).push(step(ctx.readingAt[ctx.readingAt.length - 1] as number));
}

/** Where the reading is, for a problem's `path`. */
export function here(ctx: ReadContext): readonly string[] {
  return [...ctx.path];
}

/** A problem's message with its path said (` (property \`a\` > property \`b\`)`), the path field gone. */
export function withPathSaid(problem: Problem): Problem {
  if (problem.path === undefined) return problem;
  const { path, ...rest } = problem;
  return path.length ? { ...rest, message: `${rest.message} (${path.join(" > ")})` } : rest;
}
