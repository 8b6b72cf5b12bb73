/**
 * Named types become `$defs` entries (D10): this module decides their key and title and registers them
 * on the function being read, guarding against recursion and against two types sharing a name.
 */
import type { ts } from "ts-morph";
import type { IrDefinition, IrDefinitionBody, IrType } from "../ir/types.js";
import { noteInTranscript, type Compiler, type MemoEntry, type Problem, type ReadContext, type TranscriptItem } from "./context.js";
import { referencedNames } from "../ir/references.js";
import { definitionRead, dropJudgments, settleJudgments } from "./judgments.js";
import { pythonSpelling } from "./python-name.js";
import { declarationsOf } from "./bound-arguments.js";
import { has, isFromDefaultLibrary, objectFlags, referenceName, typeParameterDefault, typeText, unparenthesize, userDoc, writtenAlias } from "./type-utils.js";
import { cleandoc } from "./jsdoc-text.js";

export interface DefinitionName {
  /** The `$defs` key. */
  readonly key: string;
  /**
   * How Python's typing prints the type (`Pair[str, float]`, arguments joined by `, `): how it is
   * spelled as another generic's argument (`Box<Pair<string, number>>` is `Box_Pair_str__float__`).
   */
  readonly spelling: string;
  /** The pydantic title. */
  readonly title: string;
  /** The declaration whose JSDoc describes the definition. */
  readonly declaration?: ts.Declaration;
}

/**
 * The name a type is written with, or undefined for anonymous shapes (object literals and
 * intersections written inline), which are emitted inline.
 */
export function definitionName(
  type: ts.Type,
  ctx: ReadContext,
  node?: ts.TypeNode,
): DefinitionName | undefined {
  const { ts } = ctx;
  const userAlias = writtenAlias(node, ctx);
  if (userAlias && userAlias !== type.aliasSymbol) {
    const reference = unparenthesize(node, ts) as ts.TypeReferenceNode;
    const typeArguments = (reference.typeArguments ?? []).map((argument) => ctx.checker.getTypeFromTypeNode(argument));
    return named(userAlias.name, typeArguments, ctx, userAlias, reference.typeArguments);
  }
  const alias = type.aliasSymbol;
  if (alias) {
    // `Partial<User>`, `Pick<...>`, `Record<"a" | "b", T>` written inline have no name of their own.
    if (isFromDefaultLibrary(alias, ctx)) return undefined;
    const typeArguments = type.aliasTypeArguments ?? [];
    if (bareReference(node, alias.name, ts)) return named(alias.name, [], ctx, alias);
    return named(alias.name, typeArguments, ctx, alias, writtenArguments(node, typeArguments.length, ctx, alias));
  }
  const symbol = type.getSymbol();
  if (!symbol || !(symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class | ts.SymbolFlags.Enum))) {
    return undefined;
  }
  const typeArguments =
    objectFlags(type, ts) & ts.ObjectFlags.Reference ? ctx.checker.getTypeArguments(type as ts.TypeReference) : [];
  // A class's own `this` type argument is not part of its name.
  const written = typeArguments.filter((argument) => !has(argument, ts.TypeFlags.TypeParameter));
  if (written.length > 0 && bareReference(node, symbol.name, ts)) return named(symbol.name, [], ctx, symbol);
  return named(symbol.name, written, ctx, symbol, writtenArguments(node, written.length, ctx, symbol));
}

/**
 * A generic written without arguments (`a: Box` for `interface Box<T = string>`): Python's bare `Box`,
 * which pydantic names `Box` (its `T` validated as the default), apart from `Box[str]`.
 */
function bareReference(node: ts.TypeNode | undefined, name: string, ts: Compiler): boolean {
  const written = unparenthesize(node, ts);
  // By name: a type parameter's `T` standing for `Box<X>` (no binding to follow) is no bare `Box`.
  return written !== undefined && ts.isTypeReferenceNode(written) && written.typeArguments === undefined && referenceName(written, ts) === name;
}

/**
 * The argument nodes of `Page<A, B>` as written, when the node is that reference; those it leaves out
 * are spelled by their declared defaults (`D` for `interface D<T = "z" | "w">`).
 */
function writtenArguments(node: ts.TypeNode | undefined, count: number, ctx: ReadContext, symbol: ts.Symbol): readonly ts.TypeNode[] | undefined {
  const { ts } = ctx;
  const written = unparenthesize(node, ts);
  if (!written || !ts.isTypeReferenceNode(written)) return undefined;
  const given = written.typeArguments ?? [];
  if (given.length === count) return given;
  if (given.length > count) return undefined;
  const declaration = declarationsOf(symbol, ctx).find((candidate) => candidate.typeParameters);
  const defaults = (declaration?.typeParameters ?? []).slice(given.length, count).map((parameter) => typeParameterDefault(parameter));
  if (defaults.length !== count - given.length || defaults.some((node) => node === undefined)) return undefined;
  return [...given, ...(defaults as ts.TypeNode[])];
}

function named(
  name: string,
  typeArguments: readonly ts.Type[],
  ctx: ReadContext,
  symbol: ts.Symbol | undefined,
  argumentNodes?: readonly ts.TypeNode[],
): DefinitionName {
  const declaration = symbol?.declarations?.[0];
  // The Python equivalent's spelling (`Page<Int>` is `Page[int]`), arguments joined as pydantic does.
  const spelled = typeArguments.map((argument, index) => pythonSpelling(argument, ctx, argumentNodes?.[index]));
  const written = typeArguments.length ? `${name}[${spelled.join(",")}]` : name;
  const spelling = typeArguments.length ? `${name}[${spelled.join(", ")}]` : name;
  // pydantic's rule for `$defs` keys of parametrised types: in each part between brackets and commas,
  // everything up to the last `.` goes (`Literal[Color.Red, 1.5]` -> `Literal[Red,5]`: it is meant for
  // module paths), then `Page[User]` -> `Page_User_`.
  const short = written
    .split(/([\][,])/)
    .map((part) => part.replace(/(?:[^.[\]]+\.)+([^.[\]]+)/g, "$1"))
    .join("");
  const key = short.replace(/[^a-zA-Z0-9.\-_]/g, "_");
  return { key, spelling, title: name, ...(declaration ? { declaration } : {}) };
}

/**
 * A `$ref` to the definition of `type`, reading its body once per function (recursion sees the
 * pending entry and just refers to it).
 */
export function referTo(
  type: ts.Type,
  name: DefinitionName,
  ctx: ReadContext,
  readBody: () => IrDefinitionBody,
  written?: ts.TypeNode,
): IrType {
  const key = freeKey(name.key, type, ctx);
  if (!ctx.replaying) noteInTranscript(ctx, (at) => ({ definition: key, at: ctx.path.slice(at) }));
  if (ctx.definitionOwners.has(key)) return { kind: "ref", name: key };
  if (replayMemo(type, key, ctx, written)) return { kind: "ref", name: key };

  ctx.definitionOwners.set(key, type);
  if (key !== name.key) ctx.definitionBases.set(key, name.key);
  ctx.definitions.set(key, undefined);
  ctx.transcripts.set(key, []);
  ctx.reading.push(key);
  ctx.readingAt.push(ctx.path.length);
  let body: IrDefinitionBody;
  try {
    body = readBody();
  } catch (error) {
    // A read that cannot finish (an engine's NonFiniteNumber, caught by an enclosing read) leaves no
    // half-made definition behind.
    ctx.definitionOwners.delete(key);
    ctx.definitionBases.delete(key);
    ctx.definitions.delete(key);
    ctx.transcripts.delete(key);
    dropJudgments(key, ctx);
    throw error;
  } finally {
    ctx.reading.pop();
    ctx.readingAt.pop();
  }
  const doc = name.declaration ? userDoc(name.declaration, ctx) : undefined;
  const description = doc?.summary === undefined ? undefined : cleandoc(doc.summary);
  // `@title` on an interface, class or object alias: pydantic's `ConfigDict(title=...)`. An enum's title is
  // its class name, and a recursive union alias has none.
  const titled = body.kind === "object" ? doc?.tags.find((tag) => tag.name === "title")?.text || name.title : name.title;
  const final = definitionRead(key, { name: key, ...(body.kind === "alias" ? {} : { title: titled }), ...(description ? { description } : {}), body }, ctx);
  if (final) remember(type, key, ctx, written);
  return { kind: "ref", name: key };
}

/** The `$defs` key for `type`: its name, suffixed (`Options_2`) while another type of the function holds it. */
export function freeKey(base: string, type: ts.Type, ctx: ReadContext): string {
  let key = base;
  for (let n = 2; ctx.definitionOwners.has(key) && ctx.definitionOwners.get(key) !== type; n++) key = `${base}_${n}`;
  return key;
}

/** Copies a definition read for an earlier function (and those it uses) into this one, if the names fit. */
function replayMemo(type: ts.Type, key: string, ctx: ReadContext, written: ts.TypeNode | undefined): boolean {
  const entry = ctx.memo.get(type)?.get(key);
  if (!entry) return false;
  for (const [name, owner] of entry.owners) {
    const current = ctx.definitionOwners.get(name);
    if (current !== undefined && current !== owner) return false;
    // The names were given in another function: `Options_2` only where this one's `Options` is already
    // another type's, else reading here would name it `Options` (or give it to whichever of the entry's
    // types it reached first, which the first function's order decided).
    const base = entry.bases.get(name);
    if (base !== undefined && current === undefined) {
      const suffix = Number(name.slice(base.length + 1));
      for (let n = 1; n < suffix; n++) {
        const taken = ctx.definitionOwners.get(n === 1 ? base : `${base}_${n}`);
        if (taken === undefined || taken === owner) return false;
      }
    }
  }
  if (entry.spelling !== undefined && entry.spelling !== typeText(type, written, ctx)) return false;
  const replay = replayTranscript(key, ctx.path, entry, ctx, { read: new Set(), aliasDefinitions: new Set(), entered: new Set(), orders: new Map(), problems: [], recursive: new Set() });
  if (!replay) return false;
  // What reading `key` here anew would read - the definitions the walk went into - and the recursive
  // aliases it would define; not the rest of the entry (what only a definition this function is reading
  // now reached: this function's own reading of it goes on and reaches them itself).
  for (const name of replay.read) {
    ctx.definitionOwners.set(name, entry.owners.get(name) as ts.Type);
    const base = entry.bases.get(name);
    if (base !== undefined) ctx.definitionBases.set(name, base);
    ctx.definitions.set(name, entry.definitions.get(name) as IrDefinition);
    if (!ctx.transcripts.has(name)) ctx.transcripts.set(name, entry.transcripts.get(name) ?? []);
  }
  for (const name of replay.aliasDefinitions) {
    ctx.definitionOwners.set(name, entry.owners.get(name) as ts.Type);
    ctx.definitions.set(name, entry.definitions.get(name) as IrDefinition);
  }
  for (const alias of replay.recursive) ctx.recursiveAliases.add(alias);
  for (const [union, order] of replay.orders) ctx.memberOrders.set(union, order);
  const replaying = ctx.replaying;
  ctx.replaying = true;
  try {
    for (const problem of replay.problems) ctx.report(problem);
  } finally {
    ctx.replaying = replaying;
  }
  // Judgments waiting on what the replay brought (final: an entry is kept only once final) can be made.
  if (ctx.judgments.length) settleJudgments(ctx);
  return true;
}

/** What a replay would do to the function: the definitions it reads, its problems, the state it leaves. */
interface Replay {
  /** The entry's definitions that reading it here reads (this function has not read them). */
  readonly read: Set<string>;
  /** Recursive aliases' `$defs` entries it makes. */
  readonly aliasDefinitions: Set<string>;
  /** Aliases whose unions the walk is inside (besides those the function is inside). */
  readonly entered: Set<ts.Symbol>;
  /** Union orders given on the way, over the function's. */
  readonly orders: Map<ts.Type, ReadonlyMap<ts.Type, number>>;
  readonly problems: Problem[];
  /** Aliases found to recurse. */
  readonly recursive: Set<ts.Symbol>;
}

/**
 * Walks a definition's reading as reading it at `path` would go: into each definition it reaches that
 * this function has not read (once), collecting the problems it would report there; and checks that it
 * would meet the aliases and union orders as the first reading did - else (undefined) reading it here
 * anew could differ, and it is read anew.
 */
function replayTranscript(key: string, path: readonly string[], entry: MemoEntry, ctx: ReadContext, replay: Replay): Replay | undefined {
  replay.read.add(key);
  for (const step of entry.transcripts.get(key) ?? []) {
    if ("problem" in step) replay.problems.push(step.problem.path === undefined ? step.problem : { ...step.problem, path: [...path, ...step.at] });
    else if ("definition" in step) {
      const name = step.definition;
      if (ctx.definitionOwners.has(name) || replay.read.has(name)) continue;
      // Reached then, but not kept (not referred to by what was kept): reading it here would keep it.
      if (!entry.definitions.has(name)) return undefined;
      if (!replayTranscript(name, [...path, ...step.at], entry, ctx, replay)) return undefined;
    } else if ("meets" in step) {
      const inProgress = replay.entered.has(step.meets) || ctx.aliasesInProgress.has(step.meets);
      if (inProgress !== step.inProgress) return undefined;
      if (inProgress) replay.recursive.add(step.meets);
    } else if ("enters" in step) replay.entered.add(step.enters);
    else if ("leaves" in step) {
      replay.entered.delete(step.leaves);
      const recursive = replay.recursive.has(step.leaves) || ctx.recursiveAliases.has(step.leaves);
      if (recursive !== step.recursive || (recursive && !entry.definitions.has(step.defines))) return undefined;
      if (recursive) replay.aliasDefinitions.add(step.defines);
    } else if ("consults" in step) {
      const given = replay.orders.get(step.consults) ?? ctx.memberOrders.get(step.consults);
      if (!sameOrder(given, step.given)) return undefined;
    } else replay.orders.set(step.orders, step.order);
  }
  return replay;
}

function sameOrder(a: ReadonlyMap<ts.Type, number> | undefined, b: ReadonlyMap<ts.Type, number> | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.size !== b.size) return false;
  for (const [member, index] of a) if (b.get(member) !== index) return false;
  return true;
}

/** Stores the definition with its transitive references, once none of them is still being read. */
function remember(type: ts.Type, key: string, ctx: ReadContext, written: ts.TypeNode | undefined): void {
  const definitions = new Map<string, IrDefinition>();
  const owners = new Map<string, ts.Type>();
  const transcripts = new Map<string, readonly TranscriptItem[]>();
  const bases = new Map<string, string>();
  const pending = [key];
  while (pending.length) {
    const name = pending.pop() as string;
    if (definitions.has(name)) continue;
    const definition = ctx.definitions.get(name);
    const owner = ctx.definitionOwners.get(name);
    if (!definition || !owner) return; // part of a cycle still being read: the outermost read is remembered
    definitions.set(name, definition);
    owners.set(name, owner);
    transcripts.set(name, ctx.transcripts.get(name) ?? []);
    const base = ctx.definitionBases.get(name);
    if (base !== undefined) bases.set(name, base);
    pending.push(...referencedNames(definition));
  }
  // A problem of the body itself (not of a property's type) may quote the type as `written` spells it.
  const quotes = ctx.transcripts.get(key)?.some((step) => "problem" in step && step.at.length === 0);
  const byKey = ctx.memo.get(type) ?? new Map<string, MemoEntry>();
  byKey.set(key, { definitions, owners, bases, transcripts, ...(quotes ? { spelling: typeText(type, written, ctx) } : {}) });
  ctx.memo.set(type, byKey);
}
