/**
 * The intermediate representation between the TypeScript reader and the schema emitters: plain,
 * JSON-serialisable data with no compiler objects, so another reader (e.g. the TypeScript 7 native API)
 * can produce it and the emitters never see the compiler.
 */
import type { JsonValue } from "@toolsmith/runtime";

export type { JsonValue };

export type LiteralValue = string | number | boolean;

/** Keywords a JSDoc tag can set on the schema of a value (D15), by their JSON Schema names. */
export type ConstraintKeyword =
  | "multipleOf"
  | "minimum"
  | "maximum"
  | "exclusiveMinimum"
  | "exclusiveMaximum"
  | "minLength"
  | "maxLength"
  | "pattern"
  | "minItems"
  | "maxItems";

export type IrType =
  | { readonly kind: "string" }
  | { readonly kind: "number" }
  | { readonly kind: "integer" }
  | { readonly kind: "boolean" }
  | { readonly kind: "null" }
  /** `any` / `unknown`: no constraint at all. */
  | { readonly kind: "any" }
  /** `Date`: an ISO 8601 date-time string. */
  | { readonly kind: "date" }
  /**
   * One literal (`const`) or several (`enum`), in written order. `ofEnum`: every value is an enum member's
   * (`Scale.Half | Scale.Two`), which keeps its own JSON type, as in Python's `Literal[Scale.Half, Scale.Two]`
   * (a plain `0.5 | 2` is all floats: `Literal[0.5, 2.0]`).
   */
  | { readonly kind: "literal"; readonly values: readonly LiteralValue[]; readonly ofEnum?: true }
  | { readonly kind: "array"; readonly items: IrType }
  | {
      readonly kind: "tuple";
      readonly elements: readonly IrType[];
      /** How many leading elements are required (the rest of `elements` are optional). */
      readonly minItems: number;
      /** Element type of a trailing `...T[]`. */
      readonly rest?: IrType;
    }
  /** An anonymous object shape written inline. */
  | { readonly kind: "object"; readonly object: IrObject }
  /** Members in written order; `null` last. Never holds another union. */
  | { readonly kind: "union"; readonly members: readonly IrType[] }
  /** A named definition (`$defs`) of the function the type belongs to. */
  | { readonly kind: "ref"; readonly name: string };

export interface IrObject {
  readonly properties: readonly IrProperty[];
  /** Index signature / `Record<string, T>` value type; `any` for `Record<string, unknown>`. */
  readonly additional?: IrType;
}

/** What JSDoc (or an initializer) says about a parameter or property beyond its type. */
export interface IrAnnotations {
  readonly description?: string;
  readonly title?: string;
  readonly default?: JsonValue;
  readonly examples?: readonly JsonValue[];
  readonly deprecated?: boolean;
  readonly format?: string;
  readonly constraints?: { readonly [K in ConstraintKeyword]?: JsonValue };
}

export interface IrProperty {
  readonly name: string;
  readonly type: IrType;
  /** In the schema's `required` list: neither optional nor defaulted. */
  readonly required: boolean;
  /**
   * Declared optional (`p?: T`). A defaulted property (a class field initializer, `@default`) is not
   * `required`, yet the value the function receives may still always hold it; absent: `!required`.
   */
  readonly optional?: boolean;
  readonly annotations: IrAnnotations;
}

export type IrDefinitionBody =
  | { readonly kind: "object"; readonly object: IrObject }
  | { readonly kind: "enum"; readonly values: readonly LiteralValue[] }
  /** A recursive union alias (D14): a `$defs` entry holding the union, untitled. */
  | { readonly kind: "alias"; readonly type: IrType };

export interface IrDefinition {
  /** The `$defs` key. */
  readonly name: string;
  /** The pydantic title (the type's name as written). */
  readonly title?: string;
  readonly description?: string;
  readonly body: IrDefinitionBody;
}

export interface IrLocation {
  readonly line: number;
  readonly column: number;
}

export interface IrParam {
  readonly name: string;
  readonly type: IrType;
  /** `p?: T` without an initializer: nullable with default null (D2). */
  readonly optional: boolean;
  readonly hasDefault: boolean;
  /**
   * An optional callback (a type holding a function) left out of the schema: the model never sends it
   * and the function gets `undefined` there. Its `type` is `any` and says nothing.
   */
  readonly dropped?: boolean;
  readonly annotations: IrAnnotations;
  /** Where the parameter's (or destructured member's) name is written. */
  readonly location: IrLocation;
}

/** One exported function, as plain data. */
export interface IrFunction {
  readonly name: string;
  readonly file: string;
  readonly location: IrLocation;
  readonly description?: string;
  readonly confirm: boolean;
  readonly isAsync: boolean;
  readonly callStyle: "positional" | "object";
  readonly params: readonly IrParam[];
  /** `$defs` reachable from the parameters, keyed by name. */
  readonly definitions: { readonly [name: string]: IrDefinition };
  /** The Promise-unwrapped return type, when it can be expressed. */
  readonly returns?: { readonly type: IrType; readonly definitions: { readonly [name: string]: IrDefinition } };
}
