/** Creates the per-function reading context whose `read` dispatches through the handler table. */
import type { ts } from "ts-morph";
import { INLINE_KINDS, readSelfNamed } from "./self-named.js";
import type { IrDefinition, IrType } from "../ir/types.js";
import type { Compiler, DefinitionMemo, Problem, ReadContext } from "./context.js";
import { here, noteInTranscript, withPathSaid } from "./context.js";
import { typeHandlers } from "./handlers/index.js";
import { typeText, unparenthesize } from "./type-utils.js";
import { finite } from "./handlers/literal.js";
import { unlessNonFinite } from "../engine-failure.js";
import { settleJudgments } from "./judgments.js";
import { boundArgument } from "./bound-arguments.js";

export function createReadContext(
  compiler: Compiler,
  program: ts.Program,
  report: (problem: Problem) => void,
  memo: DefinitionMemo = new Map(),
): ReadContext {
  const ctx: ReadContext = {
    ts: compiler,
    memo,
    transcripts: new Map(),
    reading: [],
    readingAt: [],
    replaying: false,
    judgments: [],
    unjudged: new Map(),
    unfinished: new Map(),
    checker: program.getTypeChecker(),
    program,
    definitions: new Map(),
    definitionOwners: new Map(),
    definitionBases: new Map(),
    aliasesInProgress: new Map(),
    recursiveAliases: new Set(),
    inlineInProgress: new Map(),
    memberOrders: new Map(),
    boundArguments: new Map(),
    path: [],
    report: (problem) => {
      // Into the reading of the innermost definition being read, so a memo hit can replay it.
      if (!ctx.replaying) noteInTranscript(ctx, (at) => ({ problem, at: problem.path?.slice(at) ?? [] }));
      report(withPathSaid(problem));
    },
    read: (type, node) => readType(type, ctx, node),
  };
  return ctx;
}

function readType(type: ts.Type, ctx: ReadContext, written: ts.TypeNode | undefined): IrType {
  const member = memberWritten(type, written, ctx.ts);
  const node = boundArgument(member, ctx) ?? member;
  // A part of this type the engine cannot deliver - a number that is not finite - is reported as the
  // literal handler reports one it can read (TypeScript 6 delivers it; TypeScript 7's API cannot).
  const read = unlessNonFinite<IrType | undefined>(
    () => {
      const handler = typeHandlers.find((candidate) => candidate.matches(type, ctx, node));
      if (handler && INLINE_KINDS.has(handler.kind)) return readSelfNamed(type, ctx, node, () => handler.read(type, ctx, node));
      return handler?.read(type, ctx, node);
    },
    (value) => {
      finite(value, ctx);
      return { kind: "any" };
    },
  );
  if (read) return read;
  ctx.report({
    severity: "error",
    message: `\`${typeText(type, node, ctx)}\` has no JSON Schema equivalent`,
    path: here(ctx),
    hint: "use JSON-like data: primitives, arrays, tuples, plain objects, enums, Date",
  });
  return { kind: "any" };
}

/**
 * The node that writes `type` when it is the one member of a written `X | undefined` left (an optional
 * parameter or property, an optional tuple element: the reader takes the `undefined` out of the type):
 * `X`, whose spelling, member order and type arguments the handlers read.
 */
function memberWritten(type: ts.Type, node: ts.TypeNode | undefined, ts: Compiler): ts.TypeNode | undefined {
  const written = unparenthesize(node, ts);
  if (!written || !ts.isUnionTypeNode(written) || type.isUnion()) return node;
  const rest = written.types.filter((member) => member.kind !== ts.SyntaxKind.UndefinedKeyword);
  return rest.length === 1 ? rest[0] : node;
}

/**
 * The function's definitions, sorted by name: the order they were read in depends on what earlier
 * functions of the same run left in the memo (a watch that reads one file again sees another), and the
 * registry module declares them in this order.
 */
export function finishedDefinitions(ctx: ReadContext): { [name: string]: IrDefinition } {
  settleJudgments(ctx, true);
  const out: { [name: string]: IrDefinition } = {};
  for (const name of [...ctx.definitions.keys()].sort()) {
    const definition = ctx.definitions.get(name);
    if (definition) out[name] = definition;
  }
  return out;
}
