/**
 * IR -> JSON Schema, as pydantic v2 prints it for the equivalent Python function (`pydantic` style), or
 * the same without `title` keywords (`openai` style). Walks the IR only; never sees the compiler.
 */
import type { JsonSchema, ObjectSchema } from "@toolsmith/runtime";
import { nullable } from "../../ir/nullable.js";
import type {
  ConstraintKeyword,
  IrAnnotations,
  IrDefinition,
  IrFunction,
  IrObject,
  IrType,
  JsonValue,
  LiteralValue,
} from "../../ir/types.js";
import { referencedNames } from "../../ir/references.js";
import type { SchemaStyle } from "../../model.js";
import { compareCodePoints, pydanticKeyOrder } from "./key-order.js";
import { pydanticTitle } from "./title.js";

/** A schema under construction (plain mutable JSON). */
type Draft = { [keyword: string]: unknown };

export interface EmittedParameters {
  readonly schema: ObjectSchema;
  /** For each `$defs` entry, the parameter whose schema first needed it (to locate problems inside it). */
  readonly definitionUsers: ReadonlyMap<string, string>;
}

export function emitParameters(fn: IrFunction, style: SchemaStyle): EmittedParameters {
  const writer = new SchemaWriter(fn.definitions, style === "pydantic");
  const properties: Draft = {};
  const requiredNames = new Set<string>();
  for (const param of fn.params) {
    if (param.dropped) continue;
    writer.user = param.name;
    const defaulted = param.hasDefault || param.annotations.default !== undefined;
    properties[param.name] = writer.field(param.name, param.type, param.annotations, {
      // D2: `p?: T` is `Optional[T] = None` (an `@default` tag replaces the None).
      nullDefault: param.optional,
    });
    if (!param.optional && !defaulted) requiredNames.add(param.name);
  }
  const required = inPropertyOrder(properties, requiredNames);
  const root: Draft = {
    properties,
    ...(required.length ? { required } : {}),
    ...(writer.titled ? { title: `Input for \`${fn.name}\`` } : {}),
    type: "object",
  };
  return { schema: writer.finish(root) as unknown as ObjectSchema, definitionUsers: writer.users };
}

/** The return value's schema (no title at the root), when the reader could express it. */
export function emitReturns(fn: IrFunction, style: SchemaStyle): JsonSchema | undefined {
  if (!fn.returns) return undefined;
  const writer = new SchemaWriter(fn.returns.definitions, style === "pydantic");
  return writer.finish(writer.type(fn.returns.type)) as JsonSchema;
}

/**
 * A definition's schema, built and sorted once per IR definition and style. The reader hands every
 * function that uses a named type the same IrDefinition object (its memo, reader/definitions.ts), so on
 * a project whose functions share types most `$defs` entries are already built. Frozen: the schemas of
 * all those functions hold it.
 */
interface EmittedDefinition {
  readonly name: string;
  /** Refers to other definitions by name only (`$ref`), so it fits every function that has this one. */
  readonly schema: Draft;
  /** The names it refers to: the function's own definitions of those names are emitted with it. */
  readonly refs: readonly string[];
}
const emittedDefinitions = {
  titled: new WeakMap<IrDefinition, EmittedDefinition>(),
  untitled: new WeakMap<IrDefinition, EmittedDefinition>(),
};

class SchemaWriter {
  /** `$defs` entries, each already in pydantic's key order. */
  private readonly emitted: { [name: string]: Draft } = {};
  readonly users = new Map<string, string>();
  user = "";

  constructor(
    private readonly definitions: { readonly [name: string]: IrDefinition },
    readonly titled: boolean,
  ) {}

  /** The root in pydantic's key order, with the `$defs` it needs (sorted when they were built). */
  finish(root: Draft): Draft {
    const sorted = pydanticKeyOrder(root);
    const names = Object.keys(this.emitted);
    if (names.length === 0) return sorted;
    const definitions: Draft = {};
    for (const name of names.sort(compareCodePoints)) definitions[name] = this.emitted[name];
    const out: Draft = {};
    for (const key of [...Object.keys(sorted), "$defs"].sort(compareCodePoints)) out[key] = key === "$defs" ? definitions : sorted[key];
    return out;
  }

  /** A property or parameter: the type's schema plus what JSDoc and the initializer say. */
  field(name: string, type: IrType, annotations: IrAnnotations, options: { nullDefault: boolean }): Draft {
    const schema = this.type(options.nullDefault ? nullable(type) : type);
    if (annotations.constraints) applyConstraints(schema, annotations.constraints);
    // D4: a `$ref` field, bare or nullable, has no generated title (pydantic titles the definition).
    if (this.titled) {
      const title = annotations.title ?? (isRefLike(schema) ? undefined : pydanticTitle(name));
      if (title !== undefined) schema.title = title;
    }
    if (annotations.description !== undefined) schema.description = annotations.description;
    if (annotations.default !== undefined) schema.default = annotations.default;
    else if (options.nullDefault) schema.default = null;
    if (annotations.examples) schema.examples = annotations.examples;
    if (annotations.deprecated) schema.deprecated = true;
    if (annotations.format !== undefined) schema.format = annotations.format;
    // pydantic leaves the keys of a field named `properties` or `default` in the order it wrote them.
    return UNSORTED_FIELDS.has(name) ? insertionOrder(schema, annotations) : schema;
  }

  type(type: IrType): Draft {
    switch (type.kind) {
      case "string":
      case "number":
      case "integer":
      case "boolean":
      case "null":
        return { type: type.kind };
      case "any":
        return {};
      case "date":
        return { format: "date-time", type: "string" };
      case "literal":
        return literal(type.values, type.ofEnum ? "members" : "union");
      case "array":
        return { items: this.type(type.items), type: "array" };
      case "tuple":
        return {
          ...(type.elements.length ? { prefixItems: type.elements.map((element) => this.type(element)) } : {}),
          ...(type.rest ? { items: this.type(type.rest) } : { maxItems: type.elements.length }),
          ...(type.rest && type.minItems === 0 ? {} : { minItems: type.minItems }),
          type: "array",
        };
      case "object":
        return this.object(type.object);
      case "union":
        return { anyOf: type.members.map((member) => this.type(member)) };
      case "ref":
        return this.ref(type.name);
    }
  }

  private ref(name: string): Draft {
    const definition = this.definitions[name];
    if (definition && !(name in this.emitted)) {
      this.users.set(name, this.user);
      this.emitted[name] = {}; // placeholder: recursion refers to it before it is filled in
      const memo = this.titled ? emittedDefinitions.titled : emittedDefinitions.untitled;
      const built = memo.get(definition);
      if (built?.name === name) {
        this.emitted[name] = built.schema;
        // What it refers to is emitted too, as building it would have.
        for (const ref of built.refs) this.ref(ref);
      } else {
        // Sorted as pydantic sorts it inside `$defs` (under its own name: see key-order.ts).
        const schema = deepFreeze(pydanticKeyOrder(this.definition(definition), name));
        memo.set(definition, { name, schema, refs: referencedNames(definition) });
        this.emitted[name] = schema;
      }
    }
    return { $ref: `#/$defs/${name}` };
  }

  private definition(definition: IrDefinition): Draft {
    const body = definition.body;
    const schema =
      body.kind === "object" ? this.object(body.object) : body.kind === "enum" ? literal(body.values, "enum") : this.type(body.type);
    if (definition.description !== undefined) schema.description = definition.description;
    if (this.titled && definition.title !== undefined) schema.title = definition.title;
    return schema;
  }

  private object(object: IrObject): Draft {
    const properties: Draft = {};
    const requiredNames = new Set<string>();
    for (const property of object.properties) {
      properties[property.name] = this.field(property.name, property.type, property.annotations, { nullDefault: false });
      if (property.required) requiredNames.add(property.name);
    }
    const required = inPropertyOrder(properties, requiredNames);
    const additional = object.additional;
    return {
      ...(additional ? { additionalProperties: additional.kind === "any" ? true : this.type(additional) } : {}),
      ...(object.properties.length || !additional ? { properties } : {}),
      ...(required.length ? { required } : {}),
      type: "object",
    };
  }
}

/**
 * `const` for one value, `enum` for several; `type` only when all values share one JSON type (D5).
 * `union`: a written literal union, whose integers next to non-integers are floats (a TS number is a
 * float: `0.5 | 1` is Python's `Literal[0.5, 1.0]`), so the type is `number`; `members` (enum members,
 * `Literal[Scale.Half, Scale.Two]`) and `enum` (a whole enum): each value keeps its own type, as in
 * Python (1.5 a float, 2 an int: no `type` for the two).
 */
function literal(values: readonly LiteralValue[], form: "union" | "members" | "enum"): Draft {
  const types = new Set(values.map(jsonType));
  if (form === "union" && types.has("number")) types.delete("integer");
  const type = types.size === 1 ? [...types][0] : undefined;
  const values_: Draft = values.length === 1 && form !== "enum" ? { const: values[0] } : { enum: [...values] };
  return { ...values_, ...(type ? { type } : {}) };
}

function jsonType(value: LiteralValue): string {
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  return Number.isInteger(value) ? "integer" : "number";
}

/** `Optional[T]`; pydantic keeps `Optional[Any]` as `anyOf: [{}, {"type": "null"}]`. */
const UNSORTED_FIELDS = new Set(["properties", "default"]);

/** Keywords of a type's own schema, in the order pydantic writes them. */
const TYPE_KEYWORDS = [
  "$ref",
  "anyOf",
  "enum",
  "const",
  "type",
  "prefixItems",
  "items",
  "additionalProperties",
  "properties",
  "required",
  "multipleOf",
  "maximum",
  "minimum",
  "exclusiveMaximum",
  "exclusiveMinimum",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
];

/**
 * A field's schema keys in pydantic's insertion order (what its JSON shows where it does not sort):
 * the type's keywords (a `Date`'s `format` right after `type`), then `default`, an explicit `title`,
 * `description`, `deprecated`, `examples`, a tagged `format`, and the generated `title` last.
 */
function insertionOrder(schema: Draft, annotations: IrAnnotations): Draft {
  const tagged = annotations.format !== undefined;
  const explicitTitle = annotations.title !== undefined;
  const order = [
    ...TYPE_KEYWORDS.slice(0, 5),
    ...(tagged ? [] : ["format"]),
    ...TYPE_KEYWORDS.slice(5),
    "default",
    ...(explicitTitle ? ["title"] : []),
    "description",
    "deprecated",
    "examples",
    ...(tagged ? ["format"] : []),
    ...(explicitTitle ? [] : ["title"]),
  ];
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  const keys = Object.keys(schema).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((key) => [key, schema[key]]));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function isRefLike(schema: Draft): boolean {
  if (typeof schema.$ref === "string") return true;
  const branches = schema.anyOf as Draft[] | undefined;
  return (
    branches?.length === 2 &&
    branches.some((branch) => typeof branch.$ref === "string") &&
    branches.some((branch) => branch.type === "null")
  );
}

/**
 * Constraints narrow the value, so on `Optional[T]` they go inside the `T` branch, as pydantic does (on
 * `Optional[Union[A, B]]`, that branch is a nested `anyOf` of A and B); on an array, `@minLength` /
 * `@maxLength` count its items (`minItems` / `maxItems`), as pydantic's `min_length` on a list does
 * (JSON Schema's `minLength` applies to strings only). On a union pydantic writes its own `ge` / `le`
 * for the numeric bounds, which no validator knows: these stay JSON Schema's `minimum` / `maximum`.
 */
function applyConstraints(schema: Draft, constraints: { readonly [K in ConstraintKeyword]?: JsonValue }): void {
  const branches = schema.anyOf as Draft[] | undefined;
  const nonNull = branches?.filter((branch) => branch.type !== "null");
  if (branches && nonNull && nonNull.length > 1 && nonNull.length < branches.length) {
    schema.anyOf = [{ anyOf: nonNull, ...constraints }, ...branches.filter((branch) => branch.type === "null")];
    return;
  }
  const target = nonNull?.length === 1 && nonNull[0] ? nonNull[0] : schema;
  if (target.type !== "array") {
    Object.assign(target, constraints);
    return;
  }
  const { minLength, maxLength, ...rest } = constraints;
  Object.assign(target, rest, minLength !== undefined ? { minItems: minLength } : {}, maxLength !== undefined ? { maxItems: maxLength } : {});
}

/**
 * The required names in the order `properties` lists them: a JavaScript object (and so the JSON) puts
 * integer keys first, ascending (`Record<Level, T>` with `High = 2, Low = 1` gives "1", "2"), whatever
 * order they were added in.
 */
function inPropertyOrder(properties: Draft, required: ReadonlySet<string>): string[] {
  return required.size ? Object.keys(properties).filter((name) => required.has(name)) : [];
}
