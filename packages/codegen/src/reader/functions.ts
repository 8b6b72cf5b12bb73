/**
 * Reads one exported function into an `IrFunction`: its JSDoc, parameters (positional, or the members
 * of a single destructured object), defaults, and the Promise-unwrapped return type. Problems are
 * located at the parameter's name.
 */
import type { ts } from "ts-morph";
import type { Diagnostic } from "../model.js";
import type { IrAnnotations, IrFunction, IrLocation, IrParam, IrType } from "../ir/types.js";
import type { Compiler, DefinitionMemo, Problem, ReadContext } from "./context.js";
import { defaultConflict, evaluateDefault, sameJson } from "./defaults.js";
import { defaultMisfit, misfitProblem } from "../ir/default-fit.js";
import { nullable } from "../ir/nullable.js";
import type { ExportedFunction, FunctionLike } from "./exports.js";
import { droppedCallbackWarning, holdsFunction } from "./callbacks.js";
import { annotationsFromTags, hasTag, isConstraintTag, readDoc, withoutInertConstraints, type Doc, type DocTag } from "./jsdoc.js";
import { toInteger } from "./integer.js";
import { locationOf } from "./location.js";
import { orderedProperties, PROTO, protoProblem, readMember } from "./object-shape.js";
import { createReadContext, finishedDefinitions } from "./read-type.js";
import { currentDefinitions } from "./judgments.js";
import { has, isUndefinedLike, unparenthesize, withoutUndefined } from "./type-utils.js";
import { nonFiniteProblem } from "./handlers/literal.js";
import { unlessNonFinite } from "../engine-failure.js";
import { cleandoc } from "./jsdoc-text.js";

export interface FunctionReading {
  /** Undefined when the function is left out (`@internal` / `@hidden`). */
  readonly fn?: IrFunction;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The problem sink of one function: locates each problem at the parameter currently being read (in
 * the file that declares it: a re-exported function's parameters are in another file than its name).
 */
class Locator {
  readonly diagnostics: Diagnostic[] = [];
  private current: { file: string; location: IrLocation; parameterName?: string };

  constructor(
    private readonly functionName: string,
    at: ts.Node,
  ) {
    const file = at.getSourceFile();
    this.current = { file: file.fileName, location: locationOf(at, file) };
  }

  at(node: ts.Node, parameterName?: string): IrLocation {
    const file = node.getSourceFile();
    const location = locationOf(node, file);
    this.current = { file: file.fileName, location, ...(parameterName === undefined ? {} : { parameterName }) };
    return location;
  }

  /** Moves to a parameter already read, by where it was found. */
  atParameter(file: string, location: IrLocation, parameterName: string): void {
    this.current = { file, location, parameterName };
  }

  errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === "error").length;
  }

  report = (problem: Problem): void => {
    const at = problem.at ?? { file: this.current.file, ...this.current.location };
    if (problem.shared) {
      this.diagnostics.push({
        severity: problem.severity,
        ...at,
        message: problem.message,
        ...(problem.hint ? { hint: problem.hint } : {}),
      });
      return;
    }
    const parameter = this.current.parameterName;
    this.diagnostics.push({
      severity: problem.severity,
      file: at.file,
      line: at.line,
      column: at.column,
      message: `${this.functionName}${parameter === undefined ? "" : `(${parameter})`}: ${problem.message}`,
      ...(problem.hint ? { hint: problem.hint } : {}),
      functionName: this.functionName,
      ...(parameter === undefined ? {} : { parameterName: parameter }),
    });
  };
}

/**
 * The tool names every provider accepts: OpenAI `^[a-zA-Z0-9_-]{1,64}$` (Anthropic up to 128), the Gemini
 * API also `.` and `:`, and Vertex AI wants a letter or `_` first (the rules and their docs: the runtime's
 * providers/names.ts). So no leading digit or `-`, at most 64.
 */
const TOOL_NAME = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/;

export function readFunction(
  exported: ExportedFunction,
  file: ts.SourceFile,
  program: ts.Program,
  ts: Compiler,
  memo: DefinitionMemo = new Map(),
): FunctionReading {
  const locator = new Locator(exported.name, exported.nameNode);
  // A number the engine cannot deliver, met outside a type read (which reports it itself): at the
  // parameter being read.
  return unlessNonFinite(
    () => readWith(locator, exported, file, program, ts, memo),
    (value) => {
      locator.report(nonFiniteProblem(value));
      return { diagnostics: locator.diagnostics };
    },
  );
}

function readWith(
  locator: Locator,
  exported: ExportedFunction,
  file: ts.SourceFile,
  program: ts.Program,
  ts: Compiler,
  memo: DefinitionMemo,
): FunctionReading {
  if (!TOOL_NAME.test(exported.name)) {
    locator.report({
      severity: "error",
      message: "is not a name the model providers accept for a tool (a letter or `_` first, then letters, digits, `_` and `-`, at most 64)",
      hint: "export it under such a name (`export { f as read_file }`)",
    });
    return { diagnostics: locator.diagnostics };
  }
  const choice = chooseSignature(exported, locator, ts);
  if (!choice) return { diagnostics: locator.diagnostics };
  const { declaration, doc } = choice;

  const ctx = createReadContext(ts, program, locator.report, memo);
  const parameters = declaration.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === "this"));
  const paramDocs = new Map<string, string>();
  const paramTags = new Map<string, DocTag>();
  for (const tag of doc?.tags ?? []) {
    if (tag.paramName === undefined) continue;
    paramDocs.set(tag.paramName, tag.text);
    paramTags.set(tag.paramName, tag);
  }

  const only = parameters.length === 1 ? parameters[0] : undefined;
  /** The parameters whose default is a `@default` tag's (not the initializer's). */
  const tagged = new Set<string>();
  const objectStyle = only !== undefined && ts.isObjectBindingPattern(only.name);
  const read = objectStyle
    ? readObjectParameter(only, ctx, locator, paramDocs, tagged)
    : readPositional(parameters, ctx, locator, paramDocs, tagged);
  locator.at(exported.nameNode);
  checkParamDocs(paramTags, objectStyle ? read.map((p) => p.name) : undefined, parameters, locator);
  checkFunctionConstraints(doc, locator);
  const definitions = finishedDefinitions(ctx);
  const params = checkDefaults(read, tagged, definitions, declaration.getSourceFile().fileName, locator);
  locator.at(exported.nameNode);
  // Only for a function that becomes a tool: one with errors is reported for those.
  if (!doc?.summary && !locator.diagnostics.some((d) => d.severity === "error")) {
    locator.report({
      severity: "warning",
      message: "has no JSDoc summary, so the model gets no description of what this tool does",
      hint: "write a /** ... */ comment above the function saying what it does and when to use it",
    });
  }

  const signature = ctx.checker.getSignatureFromDeclaration(declaration);
  const returnType = signature ? ctx.checker.getReturnTypeOfSignature(signature) : undefined;
  // A promise of a number the engine cannot deliver (`Promise<1e400>`): async, with no return schema,
  // as when the number is read (a return type that cannot be read gives none).
  const awaited = unlessNonFinite(() => (returnType ? (ctx.checker.getAwaitedType(returnType) ?? returnType) : undefined), () => undefined);
  const isAsync =
    ((ts.canHaveModifiers(declaration) ? ts.getModifiers(declaration) : undefined)?.some(
      (m) => m.kind === ts.SyntaxKind.AsyncKeyword,
    ) ??
      false) ||
    (returnType !== undefined && awaited !== returnType);
  const returns = awaited ? readReturns(awaited, declaration.type, isAsync, program, ts, memo) : undefined;
  const description = doc?.summary === undefined ? undefined : cleandoc(doc.summary);
  const fn: IrFunction = {
    name: exported.name,
    file: file.fileName,
    location: locationOf(exported.nameNode, file),
    ...(description ? { description } : {}),
    confirm: hasTag(doc, "confirm"),
    isAsync,
    callStyle: objectStyle ? "object" : "positional",
    params,
    definitions,
    ...(returns ? { returns } : {}),
  };
  return { fn, diagnostics: locator.diagnostics };
}

/** A default must fit the schema it is offered in (ir/default-fit.ts); a `@default` tag's that does not is left out. */
function checkDefaults(
  params: readonly IrParam[],
  tagged: ReadonlySet<string>,
  definitions: IrFunction["definitions"],
  file: string,
  locator: Locator,
): IrParam[] {
  return params.map((param) => {
    const value = param.annotations.default;
    if (value === undefined || param.dropped) return param;
    const misfit = defaultMisfit(param.optional ? nullable(param.type) : param.type, param.annotations, value, (name) => definitions[name], param.name);
    if (!misfit) return param;
    locator.atParameter(file, param.location, param.name);
    const fromTag = tagged.has(param.name);
    locator.report(misfitProblem(misfit, fromTag, "parameter"));
    if (!fromTag) return param;
    const { default: _dropped, ...annotations } = param.annotations;
    return { ...param, annotations };
  });
}

/**
 * The declaration whose parameters make the tool, and its JSDoc; undefined when the function is left
 * out (`@internal` / `@hidden`) or is overloaded without a chosen signature (reported). The model can
 * call only one signature of an overloaded function: the user picks it with `@tool`.
 */
function chooseSignature(
  exported: ExportedFunction,
  locator: Locator,
  ts: Compiler,
): { declaration: FunctionLike; doc: Doc | undefined } | undefined {
  const hasBody = (d: FunctionLike) => "body" in d && d.body !== undefined;
  const implementation = exported.declarations.find(hasBody) ?? exported.declarations[0];
  // `export const f = /** Does it. */ (a: string) => ...`: the comment on the function itself, as
  // TypeScript documents `f`, when the statement has none.
  const hostDoc = readDoc(exported.docHost, ts) ?? (implementation && implementation !== exported.docHost ? readDoc(implementation, ts) : undefined);
  const signatures = exported.declarations.filter((d) => !hasBody(d));
  const left = (doc: Doc | undefined): boolean => hasTag(doc, "internal", "hidden");
  if (!implementation || left(hostDoc)) return undefined;
  if (signatures.length === 0 || exported.declarations.length === 1) return { declaration: implementation, doc: hostDoc };
  if (signatures.some((signature) => left(readDoc(signature, ts)))) return undefined;
  const picked = signatures.filter((signature) => hasTag(readDoc(signature, ts), "tool"));
  const last = signatures[signatures.length - 1];
  // A declaration file (an installed package) cannot be given `@tool`: its last overload is taken, the
  // most general by convention and the one `Parameters<typeof f>` types.
  if (picked.length === 0 && last && last.getSourceFile().isDeclarationFile) {
    return { declaration: last, doc: readDoc(last, ts) ?? readDoc(signatures[0]!, ts) ?? hostDoc };
  }
  const [only] = picked;
  if (picked.length !== 1 || !only) {
    locator.report({
      severity: "error",
      message: `is overloaded (${signatures.length} signatures) and none is marked as the one the model calls`,
      hint: "put @tool in the JSDoc of the overload to expose, or export a wrapper with one signature",
    });
    return undefined;
  }
  // The registry module types a tool's arguments with `Parameters<typeof f>`, which means the last
  // overload: another one would give a module that does not type-check.
  if (only !== signatures[signatures.length - 1]) {
    locator.at(only.name ?? only);
    locator.report({
      severity: "error",
      message: "@tool marks an overload that is not the last one; only the last overload can be a tool",
      hint: "move the @tool overload after the others, or export a wrapper with that one signature",
    });
    return undefined;
  }
  return { declaration: only, doc: readDoc(only, ts) ?? hostDoc };
}

/** `@param` tags that name no parameter (or destructured member) would be lost silently: warn. */
function checkParamDocs(
  paramTags: ReadonlyMap<string, DocTag>,
  members: readonly string[] | undefined,
  parameters: readonly ts.ParameterDeclaration[],
  locator: Locator,
): void {
  for (const [documented, tag] of paramTags) {
    const member = documented.slice(documented.lastIndexOf(".") + 1);
    const known = members
      ? members.includes(member)
      : parameters.some((parameter) => parameter.name.getText() === documented);
    if (known) continue;
    locator.report({
      at: tag.location,
      severity: "warning",
      message: `@param ${documented} does not name a parameter, so its text is not used`,
      hint: members ? "write `@param options.member text` for a destructured member" : "check the spelling",
    });
  }
}

/** A destructuring pattern as a diagnostic names it, `{ a, b }`: its elements without the comments before them. */
function patternText(pattern: ts.BindingPattern, ts: Compiler): string {
  const elements = (pattern.elements as readonly ts.Node[]).map((element) => element.getText()).join(", ");
  return ts.isObjectBindingPattern(pattern) ? `{ ${elements} }` : `[${elements}]`;
}

/**
 * A constraint tag in the function's own JSDoc (`@minimum 1` on a line of its own, or after a `@param`'s
 * text) belongs to no parameter: said, rather than dropped without a word.
 */
function checkFunctionConstraints(doc: Doc | undefined, locator: Locator): void {
  for (const tag of doc?.tags ?? []) {
    if (!isConstraintTag(tag.name)) continue;
    locator.report({
      at: tag.location,
      severity: "warning",
      message: `@${tag.name} in the function's JSDoc constrains no parameter, so it is not used`,
      hint: `write it in the JSDoc in front of the parameter it is for: \`/** @${tag.name} ${tag.text || "1"} */ count: number\`, or on the property`,
    });
  }
}

function readPositional(
  parameters: readonly ts.ParameterDeclaration[],
  ctx: ReadContext,
  locator: Locator,
  paramDocs: ReadonlyMap<string, string>,
  tagged: Set<string>,
): IrParam[] {
  const { ts } = ctx;
  const params: IrParam[] = [];
  for (const parameter of parameters) {
    const name = ts.isIdentifier(parameter.name) ? parameter.name.text : patternText(parameter.name, ts);
    const location = locator.at(parameter.name, name);
    if (parameter.dotDotDotToken) {
      locator.report({
        severity: "error",
        message: "is a rest parameter, which a JSON object of named arguments cannot express",
        hint: `take an array instead: \`${name}: T[]\``,
      });
      continue;
    }
    if (name === PROTO) {
      locator.report(protoProblem);
      continue;
    }
    if (!ts.isIdentifier(parameter.name)) {
      locator.report({
        severity: "error",
        message: ts.isArrayBindingPattern(parameter.name) ? "destructures an array, which a JSON object of named arguments cannot name" : "destructures an object next to other parameters",
        hint: ts.isArrayBindingPattern(parameter.name) ? "give it a name: `values: number[]`" : "destructure only when the object is the single parameter, or give it a name",
      });
      continue;
    }
    const declared = ctx.checker.getTypeAtLocation(parameter);
    const { type, hadUndefined } = withoutUndefined(declared, ts);
    const initializer = initializerOf(parameter, ts);
    const optional = !initializer && (parameter.questionToken !== undefined || hadUndefined || parameter.initializer !== undefined);
    if ((optional || initializer) && holdsFunction(type, ctx)) {
      locator.report({ severity: "warning", ...droppedCallbackWarning(type, ctx, parameter.type) });
      params.push({ name, type: { kind: "any" }, optional: true, hasDefault: false, dropped: true, annotations: {}, location });
      continue;
    }
    const ownDoc = readDoc(parameter, ts);
    let annotations = annotationsFromTags(ownDoc?.tags ?? [], locator.report);
    annotations = withDescription(annotations, paramDocs.get(name) ?? ownDoc?.summary);
    const errorsBefore = locator.errorCount();
    let ir = ctx.read(type, parameter.type);
    if (hasTag(ownDoc, "integer")) ir = toInteger(ir);
    annotations = withoutInertConstraints(annotations, ir, ownDoc?.tags ?? [], currentDefinitions(ctx), locator.report);
    // A parameter whose type is already an error needs no second word about its default (`h = undefined`).
    if (annotations.default !== undefined) tagged.add(name);
    if (locator.errorCount() === errorsBefore) annotations = withInitializer(annotations, initializer, name, ctx, locator);
    params.push({ name, type: ir, optional, hasDefault: initializer !== undefined, annotations, location });
  }
  return params;
}

function readObjectParameter(
  parameter: ts.ParameterDeclaration,
  ctx: ReadContext,
  locator: Locator,
  paramDocs: ReadonlyMap<string, string>,
  tagged: Set<string>,
): IrParam[] {
  const { ts } = ctx;
  const pattern = parameter.name as ts.ObjectBindingPattern;
  locator.at(pattern);
  const { type } = withoutUndefined(ctx.checker.getTypeAtLocation(parameter), ts);
  if (!has(type, ts.TypeFlags.Object) && !type.isIntersection()) {
    locator.report({
      severity: "error",
      message: `destructures \`${ctx.checker.typeToString(type)}\`, which is not an object type`,
      hint: "annotate the parameter with an interface or object type",
    });
    return [];
  }
  const elements = new Map<string, ts.BindingElement>();
  for (const element of pattern.elements) {
    if (element.dotDotDotToken) continue;
    const key = element.propertyName ?? element.name;
    if (ts.isIdentifier(key) || ts.isStringLiteral(key) || ts.isNumericLiteral(key)) elements.set(key.text, element);
  }
  const params: IrParam[] = [];
  for (const symbol of orderedProperties(type, ctx)) {
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (declaration && hasTag(readDoc(declaration, ts), "internal", "hidden")) continue;
    const name = symbol.name;
    const element = elements.get(name);
    const location = locator.at(element?.name ?? pattern, name);
    if (declaration && (ts.isMethodSignature(declaration) || ts.isMethodDeclaration(declaration))) {
      locator.report({
        severity: "error",
        message: "is a method, and a model can only send JSON data",
        hint: "take the data the method needs instead",
      });
      continue;
    }
    if (name === PROTO) {
      locator.report(protoProblem);
      continue;
    }
    const memberType = ctx.checker.getTypeOfSymbol(symbol);
    if ((symbol.flags & ts.SymbolFlags.Optional || element?.initializer) && holdsFunction(memberType, ctx)) {
      const written = declaration && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) ? declaration.type : undefined;
      locator.report({ severity: "warning", ...droppedCallbackWarning(withoutUndefined(memberType, ts).type, ctx, written) });
      params.push({ name, type: { kind: "any" }, optional: true, hasDefault: false, dropped: true, annotations: {}, location });
      continue;
    }
    const member = readMember(symbol, ctx);
    const dotted = [...paramDocs.entries()].find(([key]) => key.endsWith(`.${name}`) || key === name)?.[1];
    let annotations = withDescription(member.annotations, dotted ?? member.annotations.description);
    const initializer = element && initializerOf(element, ts);
    if (annotations.default !== undefined) tagged.add(name);
    annotations = withInitializer(annotations, initializer, name, ctx, locator);
    params.push({
      name,
      type: member.type,
      optional: (member.optional || element?.initializer !== undefined) && !initializer,
      hasDefault: initializer !== undefined,
      annotations,
      location,
    });
  }
  return params;
}

/**
 * The initializer that gives a default: `p: T | undefined = undefined` (or `= void 0`) has none - it is
 * `p?: T`, `Optional[T] = None`.
 */
function initializerOf(node: ts.ParameterDeclaration | ts.BindingElement, ts: Compiler): ts.Expression | undefined {
  const initializer = node.initializer;
  if (!initializer) return undefined;
  const bare = unparenthesizeExpression(initializer, ts);
  if (ts.isIdentifier(bare) && bare.text === "undefined") return undefined;
  if (ts.isVoidExpression(bare)) return undefined;
  return initializer;
}

function unparenthesizeExpression(expression: ts.Expression, ts: Compiler): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}

function withDescription(annotations: IrAnnotations, description: string | undefined): IrAnnotations {
  if (!description) return annotations;
  const { description: _replaced, ...rest } = annotations;
  return { ...rest, description };
}

/** The initializer's value becomes `default` (an explicit `@default` tag wins). */
function withInitializer(
  annotations: IrAnnotations,
  initializer: ts.Expression | undefined,
  name: string,
  ctx: ReadContext,
  locator: Locator,
): IrAnnotations {
  if (!initializer) return annotations;
  const value = evaluateDefault(initializer, ctx.checker, ctx.ts);
  if (annotations.default !== undefined) {
    if (value.ok && !sameJson(value.value, annotations.default)) locator.report({ severity: "warning", ...defaultConflict(annotations.default, initializer, "function") });
    return annotations;
  }
  if (value.ok) return { ...annotations, default: value.value };
  locator.report({
    severity: "warning",
    message: `the default \`${initializer.getText()}\` is left out of the schema: ${value.reason}`,
    hint: `write a literal, or state it with \`@default\` in the JSDoc in front of \`${name}\``,
  });
  return annotations;
}

/** The return type's IR, or undefined when it cannot (or need not) be expressed - never an error. */
function readReturns(
  type: ts.Type,
  node: ts.TypeNode | undefined,
  isAsync: boolean,
  program: ts.Program,
  ts: Compiler,
  memo: DefinitionMemo,
): IrFunction["returns"] {
  if (has(type, ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never) || isUndefinedLike(type, ts)) {
    return undefined;
  }
  let failed = false;
  const ctx = createReadContext(
    ts,
    program,
    (problem) => {
      if (problem.severity === "error") failed = true;
    },
    memo,
  );
  let written = unparenthesize(node, ts);
  if (isAsync && written && ts.isTypeReferenceNode(written)) written = written.typeArguments?.[0];
  const ir: IrType = ctx.read(type, written);
  if (failed || ir.kind === "any") return undefined;
  return { type: ir, definitions: finishedDefinitions(ctx) };
}

