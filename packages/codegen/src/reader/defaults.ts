/**
 * Static evaluation of parameter / property initializers into JSON default values: literals, negative
 * numbers, arrays, object literals, enum members, `const`s holding such values and the properties of an
 * `as const` object (`SIDES.Left`).
 */
import type { ts } from "ts-morph";
import type { JsonValue } from "../ir/types.js";
import type { Compiler } from "./context.js";

export type Evaluated = { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly reason: string };

const fail = (reason: string): Evaluated => ({ ok: false, reason });
const ok = (value: JsonValue): Evaluated => ({ ok: true, value });

/** Equal as JSON values: what a schema's `default` would show. */
export function sameJson(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `@default 5` on `a = 3`: the schema would tell the model 5, and the function would use 3 whenever the
 * model leaves the argument out.
 */
export function defaultConflict(tagged: JsonValue, initializer: ts.Expression, user: "function" | "class"): { message: string; hint: string } {
  return {
    message: `@default ${JSON.stringify(tagged)} is not the initializer \`${initializer.getText()}\`, which the ${user} uses when the model leaves it out`,
    hint: "drop the @default tag (the initializer is the default) or make the two agree",
  };
}

export function evaluateDefault(expression: ts.Expression, checker: ts.TypeChecker, ts: Compiler, depth = 0): Evaluated {
  if (depth > 8) return fail("it refers to itself");
  const expr = skipOuterExpressions(expression, ts);
  if (ts.isNumericLiteral(expr)) return ok(Number(expr.text));
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return ok(expr.text);
  switch (expr.kind) {
    case ts.SyntaxKind.TrueKeyword:
      return ok(true);
    case ts.SyntaxKind.FalseKeyword:
      return ok(false);
    case ts.SyntaxKind.NullKeyword:
      return ok(null);
  }
  // `-3`, and `-n` of a `const n = 3`.
  if (ts.isPrefixUnaryExpression(expr) && (expr.operator === ts.SyntaxKind.MinusToken || expr.operator === ts.SyntaxKind.PlusToken)) {
    const operand = evaluateDefault(expr.operand, checker, ts, depth + 1);
    if (!operand.ok) return operand;
    if (typeof operand.value !== "number") return fail(`its ${expr.operator === ts.SyntaxKind.MinusToken ? "-" : "+"} applies to what is not a number`);
    return ok(expr.operator === ts.SyntaxKind.MinusToken ? -operand.value : operand.value);
  }
  if (ts.isArrayLiteralExpression(expr)) {
    const values: JsonValue[] = [];
    for (const element of expr.elements) {
      if (ts.isSpreadElement(element) || ts.isOmittedExpression(element)) return fail("it spreads or skips elements");
      const item = evaluateDefault(element, checker, ts, depth + 1);
      if (!item.ok) return item;
      values.push(item.value);
    }
    return ok(values);
  }
  if (ts.isObjectLiteralExpression(expr)) {
    const object: { [key: string]: JsonValue } = {};
    for (const property of expr.properties) {
      // `{ a: 2, name }`: the shorthand is the `name` in scope.
      const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
      if (!value || !property.name) return fail("it is not a plain object literal");
      const key = propertyKey(property.name, ts);
      if (key === undefined) return fail("it has a computed key");
      const item = evaluateDefault(value, checker, ts, depth + 1);
      if (!item.ok) return item;
      object[key] = item.value;
    }
    return ok(object);
  }
  if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
    // The checker only knows an access's constant value once it has checked the expression, so go
    // through the member's declaration instead.
    const member = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(expr) ? expr.name : expr.argumentExpression);
    const declaration = member?.valueDeclaration;
    if (declaration && ts.isEnumMember(declaration)) {
      const constant = checker.getConstantValue(declaration);
      if (constant !== undefined) return ok(constant);
    }
    // `SIDES.Left` of `const SIDES = { Left: "left" } as const`, the usual stand-in for an enum.
    if (declaration && (ts.isPropertyAssignment(declaration) || ts.isShorthandPropertyAssignment(declaration))) {
      const value = ts.isPropertyAssignment(declaration) ? declaration.initializer : declaration.name;
      if (inReadonlyConst(declaration.parent, ts)) return evaluateDefault(value, checker, ts, depth + 1);
      return fail("its object is not a `const` declared `as const`, so the property may change before the call");
    }
  }
  if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) {
    if (ts.isIdentifier(expr) && expr.text === "undefined") return fail("it is undefined");
    const declaration = constDeclaration(expr, checker, ts);
    if (declaration?.initializer) return evaluateDefault(declaration.initializer, checker, ts, depth + 1);
  }
  return fail("it is not a literal the codegen can evaluate");
}

function skipOuterExpressions(expression: ts.Expression, ts: Compiler): ts.Expression {
  let current = expression;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isNonNullExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

function propertyKey(name: ts.PropertyName, ts: Compiler): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/**
 * Whether an object literal is (inside) a `const`'s value under `as const`: nothing can assign to its
 * properties, so what they hold when declared is what they hold when the function runs.
 */
function inReadonlyConst(literal: ts.Node, ts: Compiler): boolean {
  let asConst = false;
  let current: ts.Node = literal;
  for (;;) {
    const parent = current.parent;
    if (!parent) return false;
    // `as const` by hand: TypeScript 7's API has no isConstTypeReference.
    if (ts.isAsExpression(parent) && ts.isTypeReferenceNode(parent.type) && ts.isIdentifier(parent.type.typeName) && parent.type.typeName.text === "const") asConst = true;
    else if (ts.isVariableDeclaration(parent)) {
      const list = parent.parent;
      return asConst && ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
    } else if (ts.isObjectLiteralExpression(parent)) {
      // Only an `as const` around the outermost object makes every level read-only.
      asConst = false;
    } else if (!ts.isParenthesizedExpression(parent) && !ts.isSatisfiesExpression(parent) && !ts.isPropertyAssignment(parent)) return false;
    current = parent;
  }
}

/** `const LIMIT = 10` behind an identifier, following imports. */
function constDeclaration(expression: ts.Expression, checker: ts.TypeChecker, ts: Compiler): ts.VariableDeclaration | undefined {
  // A shorthand property's name is the property; the value it stands for is the variable in scope.
  const shorthand = expression.parent && ts.isShorthandPropertyAssignment(expression.parent) && expression.parent.name === expression;
  let symbol = shorthand ? checker.getShorthandAssignmentValueSymbol(expression.parent) : checker.getSymbolAtLocation(expression);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration)) return undefined;
  const list = declaration.parent;
  return ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const ? declaration : undefined;
}
