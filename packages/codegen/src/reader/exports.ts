/**
 * Which functions of a file are tools: exported function declarations and `export const f = (...) =>`
 * / function expressions, including those exported by a local `export { f as g }` list. Found
 * syntactically, in file order; default exports and re-exports from other modules are not tools.
 */
import { ts } from "ts-morph";

export type FunctionLike = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

export interface ExportedFunction {
  /** The name the function is exported as (the tool name). */
  readonly name: string;
  /** Where that name is written. */
  readonly nameNode: ts.Node;
  /** Every declaration: overload signatures then the implementation, or the single function. */
  readonly declarations: readonly FunctionLike[];
  /** The node carrying the JSDoc (the function, or the `const` statement). */
  readonly docHost: ts.Node;
}

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false) &&
  !(ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false);

function functionInitializer(expression: ts.Expression | undefined): ts.ArrowFunction | ts.FunctionExpression | undefined {
  let current = expression;
  while (
    current &&
    (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current))
  ) {
    current = current.expression;
  }
  return current && (ts.isArrowFunction(current) || ts.isFunctionExpression(current)) ? current : undefined;
}

export function exportedFunctions(file: ts.SourceFile): ExportedFunction[] {
  const listed = new Map<string, { name: string; node: ts.Node }[]>();
  for (const statement of file.statements) {
    if (!ts.isExportDeclaration(statement) || statement.moduleSpecifier || statement.isTypeOnly) continue;
    if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    for (const specifier of statement.exportClause.elements) {
      if (specifier.isTypeOnly) continue;
      const local = (specifier.propertyName ?? specifier.name).text;
      const exported = ts.isIdentifier(specifier.name) ? specifier.name.text : specifier.name.text;
      if (exported === "default") continue;
      listed.set(local, [...(listed.get(local) ?? []), { name: exported, node: specifier.name }]);
    }
  }
  const found: ExportedFunction[] = [];
  const seenFunctionNames = new Set<string>();
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) {
      const local = statement.name.text;
      if (seenFunctionNames.has(local)) continue;
      seenFunctionNames.add(local);
      const declarations = file.statements.filter(
        (s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === local,
      );
      const names = [
        ...(declarations.some(isExported) ? [{ name: local, node: statement.name as ts.Node }] : []),
        ...(listed.get(local) ?? []),
      ];
      for (const { name, node } of names) found.push({ name, nameNode: node, declarations, docHost: statement });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const fn = functionInitializer(declaration.initializer);
        if (!fn || !ts.isIdentifier(declaration.name)) continue;
        const local = declaration.name.text;
        const names = [
          ...(isExported(statement) ? [{ name: local, node: declaration.name as ts.Node }] : []),
          ...(listed.get(local) ?? []),
        ];
        for (const { name, node } of names) found.push({ name, nameNode: node, declarations: [fn], docHost: statement });
      }
    }
  }
  return found;
}
