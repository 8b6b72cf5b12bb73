/**
 * Which functions of a file are tools: exported function declarations and `export const f = (...) =>`
 * / function expressions, including those exported by a local `export { f as g }` list, and functions
 * re-exported from other modules (`export { f } from`, `export * from`: a barrel file is a common
 * input), under the name this file exports them as. Found in file order. Exports that cannot be tools
 * (a default export, a namespace re-export) are reported as skipped, so nothing is dropped silently.
 */
import type { ts } from "ts-morph";
import type { Compiler } from "./context.js";

export type FunctionLike = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.FunctionTypeNode;

export interface ExportedFunction {
  /** The name the function is exported as (the tool name). */
  readonly name: string;
  /** Where that name is written (in the input file, also for a re-export). */
  readonly nameNode: ts.Node;
  /** Every declaration: overload signatures then the implementation, or the single function. */
  readonly declarations: readonly FunctionLike[];
  /** The node carrying the JSDoc (the function, or the `const` statement). */
  readonly docHost: ts.Node;
}

/** An export that is not a tool, with why. */
export interface SkippedExport {
  readonly node: ts.Node;
  readonly message: string;
  readonly hint: string;
}

export interface FileExports {
  readonly functions: ExportedFunction[];
  readonly skipped: SkippedExport[];
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind, ts: Compiler): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);

const isExported = (node: ts.Node, ts: Compiler): boolean =>
  hasModifier(node, ts.SyntaxKind.ExportKeyword, ts) && !hasModifier(node, ts.SyntaxKind.DefaultKeyword, ts);

function functionInitializer(
  expression: ts.Expression | undefined,
  ts: Compiler,
): ts.ArrowFunction | ts.FunctionExpression | undefined {
  let current = expression;
  while (
    current &&
    (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current))
  ) {
    current = current.expression;
  }
  return current && (ts.isArrowFunction(current) || ts.isFunctionExpression(current)) ? current : undefined;
}

const defaultExport: Omit<SkippedExport, "node"> = {
  message: "the default export is not a tool: a tool needs the name it is exported by",
  hint: "export it by name (`export function name(...)`)",
};

const namespaceExport = (node: ts.Node, name: string): SkippedExport => ({
  node,
  message: `the namespace \`${name}\` is not a tool, nor are the functions in it`,
  hint: "re-export the functions by name (`export { f } from ...` or `export * from ...`)",
});

export function exportedFunctions(file: ts.SourceFile, checker: ts.TypeChecker, ts: Compiler): FileExports {
  const skipped: SkippedExport[] = [];
  const listed = new Map<string, { name: string; node: ts.Node }[]>();
  for (const statement of file.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || statement.isTypeOnly) continue;
    if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    for (const specifier of statement.exportClause.elements) {
      if (specifier.isTypeOnly) continue;
      const local = (specifier.propertyName ?? specifier.name).text;
      const exported = specifier.name.text;
      if (exported === "default") {
        skipped.push({ node: specifier.name, ...defaultExport });
        continue;
      }
      listed.set(local, [...(listed.get(local) ?? []), { name: exported, node: specifier.name }]);
    }
  }
  const found: ExportedFunction[] = [];
  const seenFunctionNames = new Set<string>();
  let imports: Map<string, ImportBinding> | undefined;
  const ambiguous = new Map<string, ts.ExportDeclaration>();
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && hasModifier(statement, ts.SyntaxKind.DefaultKeyword, ts)) {
      skipped.push({ node: statement.name ?? statement, ...defaultExport });
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      skipped.push({ node: statement, ...defaultExport });
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      const local = statement.name.text;
      if (seenFunctionNames.has(local)) continue;
      seenFunctionNames.add(local);
      const declarations = file.statements.filter(
        (s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === local,
      );
      const names = [
        ...(declarations.some((declaration) => isExported(declaration, ts))
          ? [{ name: local, node: statement.name as ts.Node }]
          : []),
        ...(listed.get(local) ?? []),
      ];
      for (const { name, node } of names) found.push({ name, nameNode: node, declarations, docHost: statement });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        const local = declaration.name.text;
        const names = [
          ...(isExported(statement, ts) ? [{ name: local, node: declaration.name as ts.Node }] : []),
          ...(listed.get(local) ?? []),
        ];
        if (names.length === 0) continue;
        const fn = functionInitializer(declaration.initializer, ts);
        const target = fn ? { declarations: [fn], docHost: statement } : aliasedFunction(declaration.initializer, statement, checker, ts);
        if (target) for (const { name, node } of names) found.push({ name, nameNode: node, ...target });
      }
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      found.push(...reExported(statement, file, checker, skipped, ambiguous, ts));
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      imports ??= importedNames(file, ts);
      found.push(...importedAndExported(statement.exportClause, imports, checker, skipped, ts));
    }
  }
  for (const [name, statement] of ambiguous) {
    skipped.push({
      node: statement,
      message: `\`${name}\` comes from two \`export *\` statements with different functions, so JavaScript exports neither and it is no tool`,
      hint: `export the one you mean by name (\`export { ${name} } from ...\`)`,
    });
  }
  const exported = ambiguous.size ? found.filter((fn) => !(ambiguous.has(fn.name) && ts.isExportDeclaration(fn.nameNode) && !fn.nameNode.exportClause)) : found;
  return { functions: exported, skipped };
}

/**
 * `export const g = f` / `= ns.h`: another name for a function declared elsewhere, its JSDoc that of the
 * `const` when it has one, else the function's.
 */
function aliasedFunction(
  initializer: ts.Expression | undefined,
  statement: ts.VariableStatement,
  checker: ts.TypeChecker,
  ts: Compiler,
): Pick<ExportedFunction, "declarations" | "docHost"> | undefined {
  let expression = initializer;
  while (expression && (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression))) expression = expression.expression;
  if (!expression || !(ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression))) return undefined;
  const fn = functionOf(checker.getSymbolAtLocation(ts.isPropertyAccessExpression(expression) ? expression.name : expression), checker, ts);
  if (!fn) return undefined;
  const ownDoc = (statement as { jsDoc?: readonly unknown[] }).jsDoc?.length;
  return ownDoc ? { ...fn, docHost: statement } : fn;
}

/** How this file's imports bind each name: a value, a type only (`import type`), or a namespace (`* as ns`). */
type ImportBinding = "value" | "type" | "namespace";

function importedNames(file: ts.SourceFile, ts: Compiler): Map<string, ImportBinding> {
  const names = new Map<string, ImportBinding>();
  for (const statement of file.statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (!clause) continue;
    if (clause.name) names.set(clause.name.text, clause.isTypeOnly ? "type" : "value");
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.set(bindings.name.text, clause.isTypeOnly ? "type" : "namespace");
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) names.set(element.name.text, clause.isTypeOnly || element.isTypeOnly ? "type" : "value");
    }
  }
  return names;
}

/**
 * `import { f } from "./impl.js"; export { f as g }`: the functions a local export list passes on from an
 * import (a name this file declares itself is found with its declaration). A type-only import passes on
 * no value, so no tool.
 */
function importedAndExported(
  clause: ts.NamedExports,
  imports: ReadonlyMap<string, ImportBinding>,
  checker: ts.TypeChecker,
  skipped: SkippedExport[],
  ts: Compiler,
): ExportedFunction[] {
  const found: ExportedFunction[] = [];
  for (const specifier of clause.elements) {
    const binding = imports.get((specifier.propertyName ?? specifier.name).text);
    if (specifier.isTypeOnly || specifier.name.text === "default" || binding === undefined || binding === "type") continue;
    if (binding === "namespace") {
      skipped.push(namespaceExport(specifier.name, specifier.name.text));
      continue;
    }
    const fn = functionOf(checker.getSymbolAtLocation(specifier.name), checker, ts);
    if (fn) found.push({ name: specifier.name.text, nameNode: specifier.name, ...fn });
  }
  return found;
}

/** The functions an `export ... from` statement re-exports, found through the checker. */
function reExported(
  statement: ts.ExportDeclaration,
  file: ts.SourceFile,
  checker: ts.TypeChecker,
  skipped: SkippedExport[],
  ambiguous: Map<string, ts.ExportDeclaration>,
  ts: Compiler,
): ExportedFunction[] {
  const clause = statement.exportClause;
  if (clause && ts.isNamespaceExport(clause)) {
    skipped.push(namespaceExport(clause.name, clause.name.text));
    return [];
  }
  const found: ExportedFunction[] = [];
  if (clause) {
    for (const specifier of clause.elements) {
      if (specifier.isTypeOnly) continue;
      if (specifier.name.text === "default") {
        skipped.push({ node: specifier.name, ...defaultExport });
        continue;
      }
      const fn = functionOf(checker.getSymbolAtLocation(specifier.name), checker, ts);
      if (fn) found.push({ name: specifier.name.text, nameNode: specifier.name, ...fn });
    }
    return found;
  }
  const module = statement.moduleSpecifier && checker.getSymbolAtLocation(statement.moduleSpecifier);
  if (!module) {
    skipped.push({
      node: statement.moduleSpecifier ?? statement,
      message: `cannot resolve the module \`${statement.moduleSpecifier?.getText(file)}\` this file re-exports`,
      hint: "check the path, or pass the project's tsconfig with --tsconfig",
    });
    return [];
  }
  // `export *` never re-exports `default`, and a name this file exports itself wins over it.
  const own = checker.getSymbolAtLocation(file);
  const exportsHere = own ? checker.getExportsOfModule(own) : [];
  for (const symbol of checker.getExportsOfModule(module)) {
    if (symbol.name === "default") continue;
    const here = exportsHere.find((candidate) => candidate.name === symbol.name);
    if (here && resolved(here, checker, ts) !== resolved(symbol, checker, ts)) {
      // Another `export *` gave the name something else: JavaScript then exports neither (an import of it
      // fails: "conflicting star exports"), though TypeScript keeps the first.
      if (!declaredIn(here, file) && functionOf(symbol, checker, ts)) ambiguous.set(symbol.name, statement);
      continue;
    }
    const fn = functionOf(symbol, checker, ts);
    if (fn) found.push({ name: symbol.name, nameNode: statement, ...fn });
  }
  return found;
}

/** Whether the file itself declares or lists the export (not one of its `export *`). */
function declaredIn(symbol: ts.Symbol, file: ts.SourceFile): boolean {
  return symbol.declarations?.some((declaration) => declaration.getSourceFile() === file) ?? false;
}

function resolved(symbol: ts.Symbol, checker: ts.TypeChecker, ts: Compiler): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** The function declarations behind an exported symbol, when it is a function a tool can be made of. */
function functionOf(
  symbol: ts.Symbol | undefined,
  checker: ts.TypeChecker,
  ts: Compiler,
): Pick<ExportedFunction, "declarations" | "docHost"> | undefined {
  if (!symbol) return undefined;
  const target = resolved(symbol, checker, ts);
  const declarations = target.declarations ?? [];
  const functions = declarations.filter(ts.isFunctionDeclaration);
  if (functions.length && functions[0]) return { declarations: functions, docHost: functions[0] };
  const variable = declarations.find(ts.isVariableDeclaration);
  const fn = variable && functionInitializer(variable.initializer, ts);
  if (variable && fn) return { declarations: [fn], docHost: variable.parent.parent };
  // `export default (x: number) => x`, passed on by name (`export { default as anon } from`).
  const assignment = declarations.find(ts.isExportAssignment);
  const exported = assignment && !assignment.isExportEquals ? functionInitializer(assignment.expression, ts) : undefined;
  return assignment && exported ? { declarations: [exported], docHost: assignment } : undefined;
}
