declare const integerBrand: unique symbol;

/**
 * An integer parameter or property: `sums(a: Int, b: Int = 1)`. Any `number` is assignable to it, so it
 * costs callers nothing; `toolsmith codegen` reads the brand and emits `{"type": "integer"}`, and the
 * runtime rejects non-integers before the function runs.
 */
export type Int = number & { readonly [integerBrand]?: "Int" };
