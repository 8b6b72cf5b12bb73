/**
 * Judgments of a property against the schemas its type reaches - whether its default fits (object-shape.ts
 * fitsDefault), which of its constraint tags apply (jsdoc.ts withoutInertConstraints) - made the same
 * whatever the function read first. They used to look at whatever `$defs` were done at the time: a
 * definition still being read has no schema, so in a cycle (`A { b?: B }`, `B { a?: A }`) A's default was
 * judged against B where A was read first and not where B was (A read inside B), and the definition memo
 * replayed whichever reading came first. Now:
 * - the definitions of the property's own recursion (those its type reaches that reach back to the
 *   definition holding the property) are never looked into - their schemas are still being made, and
 *   which of them is done depends on where the reading started - so that part is not judged, as before;
 * - every other definition it reaches must be final - read, and its own properties judged - so the
 *   judgment waits until then (it cannot wait on itself: those definitions do not reach back).
 * A definition with judgments waiting is read but not final: its `$defs` value stays `undefined` (being
 * read, for the memo and for other judgments) and it is kept aside here until they are made.
 */
import type { IrDefinition, IrType } from "../ir/types.js";
import { referencedNames } from "../ir/references.js";
import type { ReadContext } from "./context.js";

export type DefinitionLookup = (name: string) => IrDefinition | undefined;

/** The function's `$defs` as they are now (a definition being read, or waiting on judgments: undefined). */
export function currentDefinitions(ctx: ReadContext): DefinitionLookup {
  return (name) => ctx.definitions.get(name);
}

export interface WaitingJudgment {
  /** The definition whose property is judged (the one being read when it was put off), if any. */
  readonly owner: string | undefined;
  /** The property's type: what it reaches decides when it can be judged. */
  readonly type: IrType;
  readonly judge: (lookup: DefinitionLookup) => void;
}

/** Runs `judge` as soon as what `type` reaches allows (now, in nearly every case), with the `$defs` it may look into. */
export function judgeWhenFinal(ctx: ReadContext, type: IrType, judge: (lookup: DefinitionLookup) => void): void {
  const judgment: WaitingJudgment = { owner: ctx.reading[ctx.reading.length - 1], type, judge };
  const lookup = readyLookup(judgment, ctx);
  if (lookup) {
    judge(lookup);
    return;
  }
  ctx.judgments.push(judgment);
  if (judgment.owner !== undefined) ctx.unjudged.set(judgment.owner, (ctx.unjudged.get(judgment.owner) ?? 0) + 1);
}

/** A definition's body once read (final, or read with judgments waiting). */
function bodyOf(name: string, ctx: ReadContext): IrDefinition | undefined {
  return ctx.definitions.get(name) ?? ctx.unfinished.get(name);
}

/** The `$defs` names a type refers to. */
function refsOf(type: IrType): string[] {
  return referencedNames({ name: "", body: { kind: "alias", type } });
}

/**
 * The lookup a judgment is made with, once it can be made: every definition its type reaches read, and
 * those outside its own recursion final. Those inside are hidden (undefined: not judged).
 */
function readyLookup(judgment: WaitingJudgment, ctx: ReadContext): DefinitionLookup | undefined {
  const reached = new Set<string>();
  const pending = refsOf(judgment.type);
  while (pending.length) {
    const name = pending.pop() as string;
    if (reached.has(name)) continue;
    reached.add(name);
    const body = bodyOf(name, ctx);
    // Still being read (a recursive alias's `$defs` entry is made when its union is read).
    if (!body) return undefined;
    pending.push(...referencedNames(body));
  }
  if (reached.size === 0) return currentDefinitions(ctx);
  const recursion = judgment.owner === undefined ? new Set<string>() : reachingBack(reached, judgment.owner, ctx);
  for (const name of reached) if (!recursion.has(name) && ctx.definitions.get(name) === undefined) return undefined;
  return (name) => (recursion.has(name) ? undefined : ctx.definitions.get(name));
}

/** Those of `names` (all read) from which `owner` can be reached. */
function reachingBack(names: ReadonlySet<string>, owner: string, ctx: ReadContext): Set<string> {
  const back = new Set<string>();
  if (!names.has(owner)) return back;
  // Walk the references backwards from the owner, within `names`.
  const referrers = new Map<string, string[]>();
  for (const name of names) {
    const body = bodyOf(name, ctx);
    for (const target of body ? referencedNames(body) : []) referrers.set(target, [...(referrers.get(target) ?? []), name]);
  }
  const queue = [owner];
  back.add(owner);
  while (queue.length) {
    for (const referrer of referrers.get(queue.pop() as string) ?? []) {
      if (back.has(referrer)) continue;
      back.add(referrer);
      queue.push(referrer);
    }
  }
  return back;
}

/**
 * A definition read: final now, unless some of its judgments wait (then kept aside until they are made).
 * Then makes the waiting judgments that can be made. Returns whether `key` is final.
 */
export function definitionRead(key: string, definition: IrDefinition, ctx: ReadContext): boolean {
  if (ctx.unjudged.has(key)) ctx.unfinished.set(key, definition);
  else ctx.definitions.set(key, definition);
  settleJudgments(ctx);
  return ctx.definitions.get(key) !== undefined;
}

/**
 * Makes the waiting judgments that can be made. At a function's end none should be left (everything is
 * read and nothing waits on itself); should one be, it is made with what is final.
 */
export function settleJudgments(ctx: ReadContext, atEnd = false): void {
  for (let progress = true; progress && ctx.judgments.length > 0; ) {
    progress = false;
    for (const judgment of [...ctx.judgments]) {
      const lookup = readyLookup(judgment, ctx);
      if (!lookup) continue;
      make(judgment, lookup, ctx);
      progress = true;
    }
  }
  if (atEnd) for (const judgment of [...ctx.judgments]) make(judgment, currentDefinitions(ctx), ctx);
}

function make(judgment: WaitingJudgment, lookup: DefinitionLookup, ctx: ReadContext): void {
  ctx.judgments.splice(ctx.judgments.indexOf(judgment), 1);
  const { owner } = judgment;
  // Its problems belong to the owner's reading (its memo transcript), wherever the reading is now.
  if (owner !== undefined) {
    ctx.reading.push(owner);
    ctx.readingAt.push(ctx.path.length);
  }
  try {
    judgment.judge(lookup);
  } finally {
    if (owner !== undefined) {
      ctx.reading.pop();
      ctx.readingAt.pop();
    }
  }
  if (owner === undefined) return;
  const left = (ctx.unjudged.get(owner) ?? 1) - 1;
  if (left > 0) {
    ctx.unjudged.set(owner, left);
    return;
  }
  ctx.unjudged.delete(owner);
  const definition = ctx.unfinished.get(owner);
  ctx.unfinished.delete(owner);
  if (definition) ctx.definitions.set(owner, definition);
}

/** Forgets what a definition whose reading failed left waiting. */
export function dropJudgments(key: string, ctx: ReadContext): void {
  for (let i = ctx.judgments.length - 1; i >= 0; i--) if (ctx.judgments[i]?.owner === key) ctx.judgments.splice(i, 1);
  ctx.unjudged.delete(key);
  ctx.unfinished.delete(key);
}
