/**
 * The registry module's compile-time stale check (`toolsmith codegen --out`): each generated module
 * declares, per tool, the argument type its *schema* describes and
 * `export type XSchemaCheck = SchemaCurrent<SchemaMatch<"x", [schema positions], Parameters<typeof x>>>`.
 * A function changed without regenerating fails `tsc` right there, naming the tool:
 * `Type '"tool x is stale: run toolsmith codegen"' does not satisfy the constraint '"current"'`.
 * Types only (no runtime code), exported from both the main entry and the types-only entry, and written
 * for TypeScript 5.9, 6 and 7 alike.
 */

/**
 * A type as a JSON Schema can tell it (literals kept; brands, `readonly`, enum names and `undefined` in
 * properties dropped; functions, which no schema holds, never). `unknown` (also an unconstrained type
 * parameter, whose schema is its default) takes whatever the schema says, hence the `any`. `Depth` counts
 * the arrays and tuples on the way in: an array or tuple that holds itself (`type Nested = Nested[]`,
 * `type Chain = [Chain | null, number]`) is written out eagerly, not as a lazily compared object type,
 * and expanded for ever ("Type instantiation is excessively deep"); ten levels down it takes anything.
 */
type Plain<T, Depth extends unknown[] = []> = 0 extends 1 & T
  ? T
  : unknown extends T
    ? any
    : T extends (...args: never) => unknown
      ? never
      : T extends string
        ? {} extends Record<T, 1>
          ? string
          : `${T}`
        : T extends number
          ? {} extends Record<T, 1>
            ? number
            : `${T}` extends `${infer N extends number}`
              ? N
              : number
          : T extends Date
            ? Date
            : T extends readonly unknown[]
              ? Depth["length"] extends 10
                ? any
                : number extends T["length"]
                  ? Plain<T[number], [...Depth, 1]>[]
                  : { -readonly [K in keyof T]: Plain<T[K], [...Depth, 1]> }
              : T extends object
                ? { -readonly [K in keyof T]: Plain<Exclude<T[K], undefined>, Depth> }
                : T;

/** A parameter list with every optional position as `T | undefined`: `p?: T` and `p: T | undefined` agree. */
type Positions<P extends readonly unknown[], Done extends unknown[] = []> = P extends readonly []
  ? Done
  : P extends readonly [infer H, ...infer R]
    ? Positions<R, [...Done, Plain<H>]>
    : P extends readonly [(infer H)?, ...infer R]
      ? Positions<R, [...Done, Plain<H> | undefined]>
      : Done;

/**
 * `"current"` when the parameter list the schema describes (`Schema`) and the one the function takes
 * (`Takes`) are the same as far as a JSON Schema can tell, else the message naming tool `Name`.
 */
export type SchemaMatch<Name extends string, Schema extends readonly unknown[], Takes extends readonly unknown[]> = [
  Positions<Schema>,
] extends [Positions<Takes>]
  ? [Positions<Takes>] extends [Positions<Schema>]
    ? "current"
    : `tool ${Name} is stale: run toolsmith codegen`
  : `tool ${Name} is stale: run toolsmith codegen`;

/** Fails to compile, with `SchemaMatch`'s message, when a tool's function no longer takes what its schema describes. */
export type SchemaCurrent<T extends "current"> = T;
