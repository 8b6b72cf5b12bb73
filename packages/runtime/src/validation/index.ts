// Validation of a model's tool arguments against the tool's JSON Schema, compiled once per schema.
import type { JsonSchema } from "../json-schema.js";
import { compileToClosures } from "./compile-closures.js";
import { compileToCode } from "./compile-code.js";
import type { CompileOptions, ValidateFn } from "./common.js";
import { nestingIssue } from "./nesting.js";

export type { CompileOptions, ValidateFn } from "./common.js";
export { formatIssues, type ValidationIssue } from "./describe.js";
export { MAX_ARGUMENT_DEPTH, nestingIssue } from "./nesting.js";

let codeGenerationAllowed: boolean | undefined;

/** Whether this platform lets us build functions from source (`--disallow-code-generation-from-strings` or a CSP forbid it). */
function canGenerateCode(): boolean {
  if (codeGenerationAllowed === undefined) {
    try {
      codeGenerationAllowed = new Function("return true")() === true;
    } catch {
      codeGenerationAllowed = false;
    }
  }
  return codeGenerationAllowed;
}

/**
 * Compiles `schema` into a validator: call it with a parsed value; it returns the issues (empty when
 * valid) and fills in defaults in place. Throws only for a schema it cannot compile (a non-local `$ref`),
 * which is a programming error, caught when the toolbox is built.
 */
export function compileValidator(schema: JsonSchema, options: CompileOptions = {}): ValidateFn {
  const backend = options.backend ?? (canGenerateCode() ? "code" : "closures");
  const validate = backend === "code" ? compileToCode(schema, options) : compileToClosures(schema, options);
  // Both backends recurse with the value; a value nested thousands deep overflows the stack. That is the
  // value's fault, so it is reported as an issue, never thrown (callers that can, check the depth first).
  return (value) => {
    try {
      return validate(value);
    } catch (error) {
      if (error instanceof RangeError) return [nestingIssue(value) ?? { path: "", kind: "constraint", message: "arguments nested too deeply to check" }];
      throw error;
    }
  };
}
