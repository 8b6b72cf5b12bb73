/**
 * When a function's body is its own business: nothing another declaration reads (a tool's schema, a
 * type, `typeof f`, `ReturnType<typeof f>`) can depend on what the body holds. Two users rely on it:
 * the one-shot ts6 program empties such bodies before binding (src/program.ts), and a watch re-reads
 * only the function whose body was edited (src/file-readings.ts). Both must agree with a reading of the
 * whole text (the ts7 engine, a fresh watch), so the rule errs on the side of "not private".
 */
import type { ts } from "ts-morph";
import type { Compiler } from "./reader/context.js";

/**
 * A body is private when
 * - the function declares its return type (else the type is inferred from the body);
 * - its signature names no value: a signature resolves names in the function's own scope, where the
 *   body's `const`s, functions and classes are visible to `typeof x` and to a computed property name
 *   (`{ [key]: T }`), and a parameter with no type of its own takes its default value's (or its binding
 *   pattern's defaults') type;
 * - its text loads no module (`import("./m")`, `import("./m").T`): that file, and any module
 *   augmentation or global declaration in it, would join the program.
 */
export function bodyIsPrivate(fn: ts.SignatureDeclaration, text: string, compiler: Compiler): boolean {
  const body = (fn as { body?: ts.Node }).body;
  if (!fn.type || !body) return false;
  if (IMPORT.test(text.slice(body.pos, body.end))) return false;
  for (const parameter of fn.parameters) {
    if (!parameter.type && (parameter.initializer || !compiler.isIdentifier(parameter.name))) return false;
  }
  let namesValue = false;
  const visit = (node: ts.Node): void => {
    if (namesValue) return;
    if (compiler.isTypeQueryNode(node) || compiler.isComputedPropertyName(node)) namesValue = true;
    else node.forEachChild(visit);
  };
  for (const part of [...(fn.typeParameters ?? []), ...fn.parameters.map((parameter) => parameter.type), fn.type]) if (part) visit(part);
  return !namesValue;
}

/** `import` as a word: an import call or type (or the word in a string or comment, which costs only speed). */
const IMPORT = /\bimport\b/;
