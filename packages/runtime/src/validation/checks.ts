/**
 * `@toolsmith/runtime/validation`: the validator and the single checks it is made of, for code that must
 * judge a value exactly as a tool call's arguments are judged without compiling a schema for it (the
 * codegen checks each parameter's default with them: compiling a validator per default costs ~0.1 ms).
 */
export { compileValidator, formatIssues, type CompileOptions, type ValidateFn, type ValidationIssue } from "./index.js";
export { isMultipleOf } from "./common.js";
export { codePointLength } from "./describe.js";
export { formatCheckers } from "./formats.js";
