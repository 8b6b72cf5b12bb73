/**
 * What a watch keeps of each input it read, so that a save that changed one function's JSDoc or body
 * re-reads that function alone, not the whole file (the common edit: a description tuned, a body fixed).
 *
 * An edit can leave the file's other tools as they were only where nothing else can see it. Two places
 * in a top-level statement of an exported function (a `function` declaration or a `const` of arrow or
 * function expressions, in a TypeScript file) are such places:
 * - its leading comments (its JSDoc), unless it is the file's first statement, whose leading comments
 *   may hold directives (`/// <reference>`, `@jsxImportSource`) that apply to the whole file, or another
 *   top-level declaration of the file has the function's name (an interface, type, class, enum or
 *   namespace merged with it takes its description from the first declaration: maybe this JSDoc);
 * - a private body (src/private-body.ts: the function declares its return type, its signature names no
 *   value the body could declare, the body loads no module). The one-shot ts6 analysis empties such
 *   bodies before binding for the same reason (src/program.ts).
 * The private body of any other top-level function (a helper) is such a place for all the tools. When the
 * edit (the old text's range that changed, the common prefix and suffix kept) lies in one of them without
 * touching a boundary between two top-level statements (text inserted where one ends and the next's
 * comments begin may continue the first: `type Size = "s"` + ` | "m"`), and the new text parses into the
 * same statements and functions (the same names in the same order, every statement's boundaries where
 * they were, moved by the edit's length after it), the functions that statement belongs to are read
 * again (none, for a helper); every other function's result is kept, its locations moved with the text.
 * Anything else - an edit anywhere else, a parse error, another file changed at the same time (which the
 * kept results may depend on) - reads the file whole, as before.
 */
import type { ts } from "ts-morph";
import { exportsOf, fileAnalysis, readOne, type Engine, type FunctionResult } from "./analyze-file.js";
import type { AnalyzeOptions, Diagnostic, ToolModel } from "./model.js";
import type { DefinitionMemo } from "./reader/context.js";
import type { ExportedFunction } from "./reader/exports.js";
import type { FileAnalysis } from "./tool-model.js";
import { bodyIsPrivate } from "./private-body.js";
import { LineMap, shifted, shiftedLocation, textEdit, type Span, type TextEdit } from "./text-edit.js";

/** Where, in one file, each exported function's statements and their edit-safe regions are. */
interface Shape {
  /** Every top-level statement, from its full start (leading comments included) to its end. */
  readonly spans: readonly Span[];
  /** By the statement's start (its full start, leading comments included). */
  readonly statements: ReadonlyMap<number, { readonly span: Span; readonly regions: readonly Span[] }>;
  /** In export order: the tool name and the starts of the statements the function is written in. */
  readonly functions: readonly { readonly name: string; readonly statements: readonly number[] }[];
}

interface Reading {
  readonly analysis: FileAnalysis;
  /** What a re-read in part needs; absent where there can be none (no parse, no TypeScript file). */
  readonly parts?: {
    readonly text: string;
    readonly shape: Shape;
    /** One per exported function, in the shape's order. */
    readonly results: readonly FunctionResult[];
  };
}

export class FileReadings {
  private readonly kept = new Map<string, Reading>();
  /** Readings of files edited since they were read, kept as the base of a re-read in part. */
  private readonly edited = new Map<string, Reading>();
  /** How many files were re-read in part, and how many functions that read (for tests and the trace). */
  readonly counts = { inPart: 0, functionsRead: 0 };

  get(file: string): FileAnalysis | undefined {
    return this.kept.get(file)?.analysis;
  }

  files(): string[] {
    return [...this.kept.keys()];
  }

  clear(): void {
    this.kept.clear();
    this.edited.clear();
  }

  /** A file gone from disk or from the inputs. */
  drop(file: string): void {
    this.kept.delete(file);
    this.edited.delete(file);
  }

  /**
   * Files to read again: `changed` (edited on disk) and the others in `stale` (which import them, or went).
   * Only one file edited on its own, with no other edit pending, may be re-read in part: the kept results
   * of its other functions may depend on any other file.
   */
  invalidate(stale: Iterable<string>, changed: readonly string[]): void {
    const [only] = changed;
    const alone = changed.length === 1 && only !== undefined && [...this.edited.keys()].every((file) => file === only);
    if (!alone) this.edited.clear();
    for (const file of stale) {
      const reading = this.kept.get(file);
      this.kept.delete(file);
      if (alone && file === only && reading?.parts) this.edited.set(file, reading);
      else if (file !== only || !alone) this.edited.delete(file);
    }
  }

  /**
   * Where in `text` (the file's new text) the statements lie that a re-read in part would read, when the
   * file can be re-read in part as far as its old reading can tell (the new parse is checked on reading).
   */
  partOf(file: string, text: string): ReadonlySet<number> | undefined {
    const parts = this.edited.get(file)?.parts;
    if (!parts || parts.text === text) return parts && new Set();
    const edit = textEdit(parts.text, text);
    const target = editedStatement(parts.shape, edit);
    const start = target === undefined ? undefined : shifted(target, edit);
    return start === undefined ? undefined : new Set([start]);
  }

  /** The file's analysis: kept, read again in part, or read whole. */
  read(engine: Engine, source: ts.SourceFile | undefined, file: string, program: ts.Program, options: AnalyzeOptions, memo: DefinitionMemo): FileAnalysis {
    const kept = this.kept.get(file);
    if (kept) return kept.analysis;
    const base = this.edited.get(file);
    this.edited.delete(file);
    const reading = (base && source && this.inPart(base, engine, source, program, options, memo)) || whole(engine, source, file, program, options, memo);
    this.kept.set(file, reading);
    return reading.analysis;
  }

  private inPart(base: Reading, engine: Engine, source: ts.SourceFile, program: ts.Program, options: AnalyzeOptions, memo: DefinitionMemo): Reading | undefined {
    const parts = base.parts;
    if (!parts) return undefined;
    const text = source.text;
    if (text === parts.text) return base;
    const edit = textEdit(parts.text, text);
    const target = editedStatement(parts.shape, edit);
    if (target === undefined) return undefined;
    if (engine.syntaxDiagnostics(program, source).length) return undefined;
    const exports = exportsOf(engine, source, program);
    const shape = shapeOf(source, exports.functions, engine.ts);
    if (!movedAlike(parts.shape, shape, edit)) return undefined;
    const lines = { before: new LineMap(parts.text), after: new LineMap(text) };
    const results: (FunctionResult | "read")[] = [];
    for (const [index, fn] of parts.shape.functions.entries()) {
      if (fn.statements.includes(target)) {
        results.push("read");
        continue;
      }
      const moved = movedResult(parts.results[index] as FunctionResult, source.fileName, edit, lines);
      if (!moved) return undefined;
      results.push(moved);
    }
    const read = results.map((result, index) => {
      if (result !== "read") return result;
      this.counts.functionsRead++;
      return readOne(exports.functions[index] as ExportedFunction, source, program, engine.ts, options, memo);
    });
    this.counts.inPart++;
    return { analysis: fileAnalysis(source, exports, read), parts: { text, shape, results: read } };
  }
}

/** A whole file's reading (as analyzeFile reads it), with what a later re-read in part needs. */
function whole(engine: Engine, source: ts.SourceFile | undefined, file: string, program: ts.Program, options: AnalyzeOptions, memo: DefinitionMemo): Reading {
  if (!source) {
    return { analysis: { tools: [], diagnostics: [{ severity: "error", file, line: 1, column: 1, message: `cannot read ${file}`, hint: "check the path or glob" }] } };
  }
  const syntax = engine.syntaxDiagnostics(program, source);
  if (syntax.length) return { analysis: { tools: [], diagnostics: syntax } };
  const exports = exportsOf(engine, source, program);
  const results = exports.functions.map((exported) => readOne(exported, source, program, engine.ts, options, memo));
  const analysis = fileAnalysis(source, exports, results);
  if (!TYPESCRIPT_SOURCE.test(source.fileName)) return { analysis };
  return { analysis, parts: { text: source.text, shape: shapeOf(source, exports.functions, engine.ts), results } };
}

/** TypeScript, not JavaScript (whose JSDoc gives types) nor declarations (no bodies). */
const TYPESCRIPT_SOURCE = /(?<!\.d)\.[cm]?tsx?$/;

/** The statement (by start) whose edit-safe region holds the whole edit, if there is one. */
function editedStatement(shape: Shape, edit: TextEdit): number | undefined {
  const touches = (at: number) => edit.old.start <= at && at <= edit.old.end;
  if (shape.spans.some((span) => touches(span.start) || touches(span.end))) return undefined;
  for (const [start, statement] of shape.statements) {
    if (statement.regions.some((region) => region.start <= edit.old.start && edit.old.end <= region.end)) return start;
  }
  return undefined;
}

function shapeOf(source: ts.SourceFile, functions: readonly ExportedFunction[], compiler: Engine["ts"]): Shape {
  const statements = new Map<number, { span: Span; regions: Span[] }>();
  const first = source.statements[0]?.pos;
  const typeNames = declaredTypeNames(source, compiler);
  const topLevel = (node: ts.Node): ts.Node | undefined => {
    let current: ts.Node | undefined = node;
    while (current && current.parent !== source) current = current.parent;
    return current;
  };
  const shaped = functions.map((fn) => {
    const own: number[] = [];
    for (const node of [...fn.declarations, fn.docHost, fn.nameNode]) {
      if (node.getSourceFile() !== source) continue;
      const statement = topLevel(node);
      if (!statement || own.includes(statement.pos)) continue;
      own.push(statement.pos);
      if (!statements.has(statement.pos)) {
        const ownComments = statement.pos !== first && !declaredNames(statement, compiler).some((name) => typeNames.has(name));
        statements.set(statement.pos, { span: { start: statement.pos, end: statement.end }, regions: safeRegions(statement, ownComments, source, compiler) });
      }
    }
    return { name: fn.name, statements: own.sort((a, b) => a - b) };
  });
  // The other functions' bodies (helpers): an edit there reads no function again. Not their comments,
  // which are no tool's JSDoc but might be another declaration's.
  for (const statement of source.statements) {
    if (statements.has(statement.pos)) continue;
    const regions = safeRegions(statement, false, source, compiler);
    if (regions.length) statements.set(statement.pos, { span: { start: statement.pos, end: statement.end }, regions });
  }
  const spans = source.statements.map((statement) => ({ start: statement.pos, end: statement.end }));
  return { spans, statements, functions: shaped };
}

/** The names the file's top-level interfaces, type aliases, classes, enums and namespaces declare. */
function declaredTypeNames(source: ts.SourceFile, compiler: Engine["ts"]): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (
      compiler.isInterfaceDeclaration(statement) ||
      compiler.isTypeAliasDeclaration(statement) ||
      compiler.isClassDeclaration(statement) ||
      compiler.isEnumDeclaration(statement) ||
      compiler.isModuleDeclaration(statement)
    ) {
      const name = statement.name;
      if (name && compiler.isIdentifier(name)) names.add(name.text);
    }
  }
  return names;
}

/** The names a function declaration or variable statement declares. */
function declaredNames(statement: ts.Node, compiler: Engine["ts"]): string[] {
  if (compiler.isFunctionDeclaration(statement)) return statement.name ? [statement.name.text] : [];
  if (!compiler.isVariableStatement(statement)) return [];
  return statement.declarationList.declarations.flatMap((declaration) => (compiler.isIdentifier(declaration.name) ? [declaration.name.text] : []));
}

/**
 * Where in a top-level statement an edit changes nothing but the functions it declares (see the module's
 * comment): its leading comments if `ownComments`, and its functions' private bodies.
 */
function safeRegions(statement: ts.Node, ownComments: boolean, source: ts.SourceFile, ts: Engine["ts"]): Span[] {
  const functions: ts.SignatureDeclaration[] = [];
  if (ts.isFunctionDeclaration(statement)) functions.push(statement);
  else if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      const initializer = declaration.initializer;
      if (!initializer || !(ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))) return [];
      functions.push(initializer);
    }
  } else return [];
  const regions: Span[] = [];
  const start = statement.getStart(source);
  if (ownComments && start > statement.pos) regions.push({ start: statement.pos, end: start });
  for (const fn of functions) {
    const body = (fn as { body?: ts.Node }).body;
    if (!body || !bodyIsPrivate(fn, source.text, ts)) continue;
    const bodyStart = body.getStart(source);
    // A block's inside, between its braces; an expression body whole.
    regions.push(ts.isBlock(body) ? { start: bodyStart + 1, end: body.end - 1 } : { start: bodyStart, end: body.end });
  }
  return regions;
}

/** The new shape is the old one with every boundary moved by the edit: same functions, same statements. */
function movedAlike(before: Shape, after: Shape, edit: TextEdit): boolean {
  if (before.functions.length !== after.functions.length || before.statements.size !== after.statements.size) return false;
  const moved = (span: Span, to: Span | undefined) => to !== undefined && shifted(span.start, edit) === to.start && shifted(span.end, edit) === to.end;
  if (before.spans.length !== after.spans.length || before.spans.some((span, i) => !moved(span, after.spans[i]))) return false;
  for (const [index, fn] of before.functions.entries()) {
    const now = after.functions[index];
    if (!now || now.name !== fn.name || now.statements.length !== fn.statements.length) return false;
    if (fn.statements.some((start, i) => shifted(start, edit) !== now.statements[i])) return false;
  }
  for (const [start, statement] of before.statements) {
    const at = shifted(start, edit);
    const now = at === undefined ? undefined : after.statements.get(at);
    if (!now || !moved(statement.span, now.span) || now.regions.length !== statement.regions.length) return false;
    if (statement.regions.some((region, i) => !moved(region, now.regions[i]))) return false;
  }
  return true;
}

/** A kept function's result with its locations in the edited file moved; undefined if one was inside the edit. */
function movedResult(result: FunctionResult, file: string, edit: TextEdit, lines: { before: LineMap; after: LineMap }): FunctionResult | undefined {
  const moved = <T extends { file: string; line: number; column: number }>(item: T): T | undefined => {
    if (item.file !== file) return item;
    const location = shiftedLocation(item, edit, lines.before, lines.after);
    if (!location) return undefined;
    return location.line === item.line && location.column === item.column ? item : { ...item, ...location };
  };
  const diagnostics: Diagnostic[] = [];
  for (const diagnostic of result.diagnostics) {
    const now = moved(diagnostic);
    if (!now) return undefined;
    diagnostics.push(now);
  }
  let tool: ToolModel | undefined;
  if (result.tool) {
    tool = moved(result.tool);
    if (!tool) return undefined;
  }
  let origin = result.origin;
  if (origin !== undefined) {
    const colon = origin.lastIndexOf(":");
    if (origin.slice(0, colon) === file) {
      const at = shifted(Number(origin.slice(colon + 1)), edit);
      if (at === undefined) return undefined;
      origin = `${file}:${at}`;
    }
  }
  return { ...result, diagnostics, ...(tool ? { tool } : {}), ...(origin !== undefined ? { origin } : {}) };
}
