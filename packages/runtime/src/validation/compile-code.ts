// The fast backend: turns a schema into straight-line JavaScript once (`new Function`), so a call pays for
// a few typeof checks, not for walking the schema. Paths are string literals known at compile time except
// below array indices and inside $ref functions, and are only built when an issue is reported.
import type { JsonSchema } from "../json-schema.js";
import {
  childPath,
  codePointLength,
  constraintIssue,
  describeValue,
  expectedText,
  formatExpected,
  hasDuplicates,
  impliedDiscriminator,
  indexPath,
  jsonEqual,
  missingIssue,
  resolveRef,
  schemaTypes,
  typeIssue,
  unexpectedIssue,
  unionIssues,
  type ValidationIssue,
} from "./describe.js";
import { formatCheckers } from "./formats.js";
import { exclusiveFlag, hasDefaults, inheritsName, isMultipleOf, rejectsUnknown, type CompileOptions, type SchemaNode, type ValidateFn } from "./common.js";

/** A path as generated code sees it: a compile-time string when known, else a JS expression. */
interface PathExpr {
  readonly known?: string;
  readonly expr: string;
}

const rootPath: PathExpr = { known: "", expr: '""' };

const helpers = {
  t: typeIssue,
  c: constraintIssue,
  m: missingIssue,
  u: unexpectedIssue,
  un: unionIssues,
  d: describeValue,
  cp: childPath,
  ip: indexPath,
  len: codePointLength,
  eq: jsonEqual,
  dup: hasDuplicates,
  mul: isMultipleOf,
  f: formatCheckers,
  px: prefixIssues,
  uf: unionFallback,
};

/** Rewrites the paths of issues E[from..] (relative to a $ref's root) to start at `prefix`. */
function prefixIssues(issues: ValidationIssue[], from: number, prefix: string): void {
  for (let i = from; i < issues.length; i++) {
    const issue = issues[i]!;
    const rel = issue.path;
    const path = rel === "" ? prefix : prefix === "" ? rel : rel.charCodeAt(0) === 91 /* [ */ ? prefix + rel : `${prefix}.${rel}`;
    issues[i] = { ...issue, path };
  }
}

/** A union's only structured branch failed: if on the value's very type, say what the whole union expects. */
function unionFallback(issues: ValidationIssue[], from: number, path: string, expected: string, value: unknown): void {
  for (let i = from; i < issues.length; i++) {
    const issue = issues[i]!;
    if (issue.kind === "type" && issue.path === path) {
      issues.length = from;
      issues.push(typeIssue(path, expected, value));
      return;
    }
  }
}

export function compileToCode(root: JsonSchema, options: CompileOptions = {}): ValidateFn {
  const gen = new Generator(root, options);
  const body = gen.node(root, "d", rootPath, "E", options.applyDefaults !== false, true);
  const source = `"use strict";\n${gen.functions.join("\n")}\nreturn function validate(d) {\nconst E = [];\n${body}\nreturn E;\n};`;
  const factory = new Function("X", "K", source) as (x: typeof helpers, k: unknown[]) => ValidateFn;
  return factory(helpers, gen.constants);
}

/** The generated source, for debugging and for tests that want to see no per-call schema walking. */
export function generatedSource(root: JsonSchema, options: CompileOptions = {}): string {
  const gen = new Generator(root, options);
  const body = gen.node(root, "d", rootPath, "E", options.applyDefaults !== false, true);
  return `${gen.functions.join("\n")}\nfunction validate(d) {\nconst E = [];\n${body}\nreturn E;\n}`;
}

const typeTests: { readonly [type: string]: (v: string) => string } = {
  string: (v) => `typeof ${v} === "string"`,
  number: (v) => `(typeof ${v} === "number" && Number.isFinite(${v}))`,
  integer: (v) => `Number.isInteger(${v})`,
  boolean: (v) => `typeof ${v} === "boolean"`,
  null: (v) => `${v} === null`,
  array: (v) => `Array.isArray(${v})`,
  object: (v) => `(typeof ${v} === "object" && ${v} !== null && !Array.isArray(${v}))`,
};

const annotationKeys = new Set(["title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "$comment", "format"]);

class Generator {
  readonly functions: string[] = [];
  readonly constants: unknown[] = [];
  private readonly refFunctions = new Map<string, string>();
  private counter = 0;

  constructor(
    private readonly root: JsonSchema,
    private readonly options: CompileOptions,
  ) {}

  private fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  private constant(value: unknown): string {
    this.constants.push(value);
    return `K[${this.constants.length - 1}]`;
  }

  private str(text: string): string {
    return JSON.stringify(text);
  }

  private expected(schema: SchemaNode): string {
    return this.str(expectedText(schema, this.root));
  }

  private child(p: PathExpr, key: string): PathExpr {
    if (p.known !== undefined) {
      const known = childPath(p.known, key);
      return { known, expr: this.str(known) };
    }
    return { expr: `X.cp(${p.expr}, ${this.str(key)})` };
  }

  /** Code validating the value in variable `v` against `schema`, pushing issues onto array `E`. */
  node(schema: SchemaNode, v: string, p: PathExpr, E: string, apply: boolean, isRoot = false): string {
    if (schema === true) return "";
    if (schema === false) return `${E}.push(X.c(${p.expr}, "nothing (not allowed here)", ${v}));`;
    const out: string[] = [];
    if (schema.$ref !== undefined) {
      // $ref functions report paths relative to their own root; the caller prefixes them, and only on error.
      const fn = this.refFunction(schema.$ref, apply);
      if (p.known === "") out.push(`${fn}(${v}, ${E});`);
      else {
        const n = this.fresh("n");
        out.push(`{ const ${n} = ${E}.length; ${fn}(${v}, ${E}); if (${E}.length > ${n}) X.px(${E}, ${n}, ${p.expr}); }`);
      }
    }
    const types = schemaTypes(schema);
    const rest = this.keywords(schema, v, p, E, apply, isRoot, types);
    if (types && types.length > 0) {
      const test = types.map((t) => typeTests[t]?.(v) ?? "true").join(" || ");
      out.push(`if (!(${test})) ${E}.push(X.t(${p.expr}, ${this.expected(schema)}, ${v}));${rest ? ` else {\n${rest}\n}` : ""}`);
    } else if (rest) {
      out.push(rest);
    }
    return out.join("\n");
  }

  private keywords(schema: JsonSchema, v: string, p: PathExpr, E: string, apply: boolean, isRoot: boolean, types: string[] | undefined): string {
    const out: string[] = [];
    const has = (t: string) => !types || types.includes(t) || (t === "number" && types.includes("integer"));

    if (schema.const !== undefined) {
      const c = schema.const;
      const test = c !== null && typeof c === "object" ? `!X.eq(${v}, ${this.constant(c)})` : `${v} !== ${JSON.stringify(c)}`;
      out.push(`if (${test}) ${E}.push(X.c(${p.expr}, ${this.expected({ const: c })}, ${v}));`);
    }
    if (schema.enum) {
      const values = schema.enum;
      const primitive = values.every((x) => x === null || typeof x !== "object");
      const test = !primitive
        ? `!${this.constant(values)}.some((x) => X.eq(x, ${v}))`
        : values.length <= 8
          ? `!(${values.map((x) => `${v} === ${JSON.stringify(x)}`).join(" || ") || "false"})`
          : `!${this.constant(new Set(values))}.has(${v})`;
      out.push(`if (${test}) ${E}.push(X.c(${p.expr}, ${this.expected({ enum: values })}, ${v}));`);
    }
    if (has("string")) {
      const s = this.stringKeywords(schema, v, p, E);
      if (s) out.push(types?.length === 1 ? s : `if (typeof ${v} === "string") {\n${s}\n}`);
    }
    if (has("number")) {
      const s = this.numberKeywords(schema, v, p, E, types);
      if (s) out.push(types?.length === 1 ? s : `if (typeof ${v} === "number") {\n${s}\n}`);
    }
    if (has("array")) {
      const s = this.arrayKeywords(schema, v, p, E, apply);
      if (s) out.push(types?.length === 1 ? s : `if (Array.isArray(${v})) {\n${s}\n}`);
    }
    if (has("object")) {
      const s = this.objectKeywords(schema, v, p, E, apply, isRoot);
      if (s) out.push(types?.length === 1 ? s : `if (${typeTests["object"]!(v)}) {\n${s}\n}`);
    }
    if (schema.allOf) for (const branch of schema.allOf) out.push(this.node(branch, v, p, E, apply));
    const tag = (branches: readonly SchemaNode[]) => schema.discriminator?.propertyName ?? impliedDiscriminator(branches, this.root);
    if (schema.anyOf) out.push(this.anyOf(schema.anyOf, v, p, E, apply, tag(schema.anyOf)));
    if (schema.oneOf) out.push(this.oneOf(schema.oneOf, v, p, E, apply, tag(schema.oneOf)));
    if (schema["not"] !== undefined) {
      const b = this.fresh("n");
      out.push(`{ const ${b} = [];\n${this.node(schema["not"] as SchemaNode, v, p, b, false)}\nif (${b}.length === 0) ${E}.push(X.c(${p.expr}, "a value not matching " + ${this.expected(schema["not"] as SchemaNode)}, ${v})); }`);
    }
    return out.filter((s) => s !== "").join("\n");
  }

  private stringKeywords(schema: JsonSchema, v: string, p: PathExpr, E: string): string {
    const out: string[] = [];
    if (typeof schema.minLength === "number") {
      const n = schema.minLength;
      out.push(`if (${v}.length < ${2 * n} && X.len(${v}) < ${n}) ${E}.push(X.c(${p.expr}, ${this.str(`a string of at least ${n} character${n === 1 ? "" : "s"}`)}, ${v}, X.len(${v}) + " characters"));`);
    }
    if (typeof schema.maxLength === "number") {
      const n = schema.maxLength;
      out.push(`if (${v}.length > ${n} && X.len(${v}) > ${n}) ${E}.push(X.c(${p.expr}, ${this.str(`a string of at most ${n} character${n === 1 ? "" : "s"}`)}, ${v}, X.len(${v}) + " characters"));`);
    }
    if (typeof schema.pattern === "string") {
      const re = this.constant(new RegExp(schema.pattern, "u"));
      out.push(`if (!${re}.test(${v})) ${E}.push(X.c(${p.expr}, ${this.str(`a string matching /${schema.pattern}/`)}, ${v}));`);
    }
    if (typeof schema.format === "string" && formatCheckers[schema.format]) {
      out.push(`if (!X.f[${this.str(schema.format)}](${v})) ${E}.push(X.c(${p.expr}, ${this.str(formatExpected(schema.format))}, ${v}));`);
    }
    return out.join("\n");
  }

  private numberKeywords(schema: JsonSchema, v: string, p: PathExpr, E: string, types: string[] | undefined): string {
    const out: string[] = [];
    const what = types && types.includes("integer") && !types.includes("number") ? "an integer" : "a number";
    const bound = (cmp: string, limit: unknown, words: string) => {
      if (typeof limit !== "number") return;
      out.push(`if (!(${v} ${cmp} ${limit})) ${E}.push(X.c(${p.expr}, ${this.str(`${what} ${words} ${limit}`)}, ${v}));`);
    };
    // Draft 4's boolean exclusiveMinimum/Maximum turn minimum/maximum exclusive.
    bound(exclusiveFlag(schema, "exclusiveMinimum") ? ">" : ">=", schema.minimum, exclusiveFlag(schema, "exclusiveMinimum") ? ">" : ">=");
    bound(exclusiveFlag(schema, "exclusiveMaximum") ? "<" : "<=", schema.maximum, exclusiveFlag(schema, "exclusiveMaximum") ? "<" : "<=");
    bound(">", schema.exclusiveMinimum, ">");
    bound("<", schema.exclusiveMaximum, "<");
    if (typeof schema.multipleOf === "number") {
      out.push(`if (!X.mul(${v}, ${schema.multipleOf})) ${E}.push(X.c(${p.expr}, ${this.str(`a multiple of ${schema.multipleOf}`)}, ${v}));`);
    }
    return out.join("\n");
  }

  private arrayKeywords(schema: JsonSchema, v: string, p: PathExpr, E: string, apply: boolean): string {
    const out: string[] = [];
    const count = (n: number) => `${n} item${n === 1 ? "" : "s"}`;
    const got = `${v}.length + (${v}.length === 1 ? " item" : " items")`;
    if (typeof schema.minItems === "number") out.push(`if (${v}.length < ${schema.minItems}) ${E}.push(X.c(${p.expr}, ${this.str(`at least ${count(schema.minItems)}`)}, ${v}, ${got}));`);
    if (typeof schema.maxItems === "number") out.push(`if (${v}.length > ${schema.maxItems}) ${E}.push(X.c(${p.expr}, ${this.str(`at most ${count(schema.maxItems)}`)}, ${v}, ${got}));`);
    const prefix = schema.prefixItems ?? [];
    prefix.forEach((itemSchema, i) => {
      const item = this.fresh("v");
      const itemPath: PathExpr = p.known !== undefined ? { known: indexPath(p.known, i), expr: this.str(indexPath(p.known, i)) } : { expr: `X.ip(${p.expr}, ${i})` };
      const code = this.node(itemSchema, item, itemPath, E, apply);
      if (code) out.push(`if (${v}.length > ${i}) { const ${item} = ${v}[${i}];\n${code}\n}`);
    });
    if (schema.items === false) {
      if (prefix.length > 0 || schema.maxItems === undefined) out.push(`if (${v}.length > ${prefix.length}) ${E}.push(X.c(${p.expr}, ${this.str(`at most ${count(prefix.length)}`)}, ${v}, ${got}));`);
    } else if (schema.items !== undefined) {
      const i = this.fresh("i");
      const item = this.fresh("v");
      const code = this.node(schema.items, item, { expr: `X.ip(${p.expr}, ${i})` }, E, apply);
      if (code) out.push(`for (let ${i} = ${prefix.length}; ${i} < ${v}.length; ${i}++) { const ${item} = ${v}[${i}];\n${code}\n}`);
    }
    if (schema.uniqueItems === true) out.push(`if (X.dup(${v})) ${E}.push(X.c(${p.expr}, "unique items", ${v}, "duplicates"));`);
    return out.join("\n");
  }

  private objectKeywords(schema: JsonSchema, v: string, p: PathExpr, E: string, apply: boolean, isRoot: boolean): string {
    const out: string[] = [];
    const what = isRoot ? "argument" : "property";
    const properties = schema.properties ?? {};
    const names = Object.keys(properties);
    const required = new Set(schema.required ?? []);
    for (const name of names) {
      const propSchema = properties[name]!;
      const item = this.fresh("v");
      const key = this.str(name);
      const childP = this.child(p, name);
      const code = this.node(propSchema, item, childP, E, apply);
      let onMissing = "";
      if (required.has(name)) onMissing = `${E}.push(X.m(${childP.expr}, ${this.str(what)}, ${this.expected(propSchema)}));`;
      else if (apply && propSchema !== null && typeof propSchema === "object" && propSchema.default !== undefined) {
        // Assigning to `__proto__` would set the prototype; defineProperty makes it a key like any other.
        onMissing = name === "__proto__"
          ? `Object.defineProperty(${v}, ${key}, { value: ${defaultLiteral(propSchema.default)}, writable: true, enumerable: true, configurable: true });`
          : `${v}[${key}] = ${defaultLiteral(propSchema.default)};`;
      }
      if (!onMissing && !code) continue;
      // Own properties only: a parameter named valueOf or constructor must not read Object.prototype's. Other
      // names read directly (2.5x faster): arguments are JSON.parse/structuredClone/null-safe copies, whose only
      // inherited properties are Object.prototype's.
      const read = inheritsName(name) ? `Object.hasOwn(${v}, ${key}) ? ${v}[${key}] : undefined` : `${v}[${key}]`;
      out.push(`{ const ${item} = ${read};\nif (${item} === undefined) { ${onMissing} }${code ? ` else {\n${code}\n}` : ""} }`);
    }
    for (const name of required) {
      if (Object.hasOwn(properties, name)) continue;
      const childP = this.child(p, name);
      out.push(`if (!Object.hasOwn(${v}, ${this.str(name)}) || ${v}[${this.str(name)}] === undefined) ${E}.push(X.m(${childP.expr}, ${this.str(what)}, "a value"));`);
    }

    const additional = schema.additionalProperties;
    const patterns = schema["patternProperties"] as { readonly [pattern: string]: SchemaNode } | undefined;
    const reject = rejectsUnknown(schema, this.options);
    const checksExtras = reject || (additional !== undefined && additional !== true) || patterns !== undefined || schema.propertyNames !== undefined;
    if (checksExtras) {
      const k = this.fresh("k");
      const item = this.fresh("v");
      const known = names.length <= 8 ? names.map((n) => `${k} === ${this.str(n)}`).join(" || ") || "false" : `${this.constant(new Set(names))}.has(${k})`;
      const keyPath: PathExpr = { expr: `X.cp(${p.expr}, ${k})` };
      const inner: string[] = [];
      if (schema.propertyNames !== undefined) inner.push(this.node(schema.propertyNames, k, keyPath, E, false));
      let extra: string;
      if (additional === false || (additional === undefined && reject)) {
        extra = `${E}.push(X.u(${keyPath.expr}, ${this.str(what)}, ${this.constant(names)}));`;
      } else if (additional !== undefined && additional !== true) {
        extra = `const ${item} = ${v}[${k}];\n${this.node(additional, item, keyPath, E, apply)}`;
      } else {
        extra = "";
      }
      if (patterns) {
        const matched = this.fresh("pm");
        const checks = Object.entries(patterns).map(([pattern, sub]) => {
          const re = this.constant(new RegExp(pattern, "u"));
          const pv = this.fresh("v");
          return `if (${re}.test(${k})) { ${matched} = true; const ${pv} = ${v}[${k}];\n${this.node(sub, pv, keyPath, E, apply)}\n}`;
        });
        extra = `let ${matched} = false;\n${checks.join("\n")}\nif (!${matched}) {\n${extra}\n}`;
      }
      if (extra) inner.push(`if (!(${known})) {\n${extra}\n}`);
      out.push(`for (const ${k} in ${v}) {\n${inner.join("\n")}\n}`);
    }
    const counted = (n: number) => `${n} propert${n === 1 ? "y" : "ies"}`;
    if (typeof schema["minProperties"] === "number") {
      const n = schema["minProperties"];
      out.push(`if (Object.keys(${v}).length < ${n}) ${E}.push(X.c(${p.expr}, ${this.str(`at least ${counted(n)}`)}, ${v}, Object.keys(${v}).length + " properties"));`);
    }
    if (typeof schema["maxProperties"] === "number") {
      const n = schema["maxProperties"];
      out.push(`if (Object.keys(${v}).length > ${n}) ${E}.push(X.c(${p.expr}, ${this.str(`at most ${counted(n)}`)}, ${v}, Object.keys(${v}).length + " properties"));`);
    }
    return out.join("\n");
  }

  /** A cheap exact test for branches that are only a type (the common `T | null`), else undefined. */
  private quickTest(branch: SchemaNode, v: string): string | undefined {
    if (branch === true) return "true";
    if (branch === false) return "false";
    if (!Object.keys(branch).every((key) => key === "type" || key === "nullable" || annotationKeys.has(key))) return undefined;
    if (typeof branch.format === "string" && formatCheckers[branch.format]) return undefined;
    const types = schemaTypes(branch);
    if (!types) return "true";
    return `(${types.map((t) => typeTests[t]?.(v) ?? "true").join(" || ")})`;
  }

  private anyOf(branches: readonly SchemaNode[], v: string, p: PathExpr, E: string, apply: boolean, tag: string | undefined): string {
    const expected = this.expected({ anyOf: branches as JsonSchema[] });
    const quick = branches.map((b) => this.quickTest(b, v));
    if (quick.every((q) => q !== undefined)) {
      return `if (!(${quick.join(" || ") || "false"})) ${E}.push(X.t(${p.expr}, ${expected}, ${v}));`;
    }
    // The common `Model | null`: cheap branches first; a single remaining branch validates straight into E,
    // and a type mismatch at the union itself becomes the union's own message (as unionIssues would say).
    const complex = branches.filter((_, i) => quick[i] === undefined);
    if (complex.length === 1) {
      const cheap = quick.filter((q) => q !== undefined).join(" || ") || "false";
      const n = this.fresh("n");
      return `if (!(${cheap})) { const ${n} = ${E}.length;\n${this.node(complex[0]!, v, p, E, apply)}\nif (${E}.length > ${n}) X.uf(${E}, ${n}, ${p.expr}, ${expected}, ${v}); }`;
    }
    const arrays = branches.map(() => this.fresh("b"));
    // Nested so the first matching branch ends the search; defaults are applied only by the branch that matched.
    let code = `${E}.push(...X.un(${p.expr}, ${expected}, ${v}, [${arrays.join(", ")}], ${tag === undefined ? "undefined" : this.str(tag)}));`;
    for (let i = branches.length - 1; i >= 0; i--) {
      const b = arrays[i]!;
      const branch = branches[i]!;
      const applyCode = apply && hasDefaults(branch, this.root) ? `const s = [];\n${this.node(branch, v, p, "s", true)}` : "";
      code = `${b} = [];\n${this.node(branch, v, p, b, false)}\nif (${b}.length === 0) {\n${applyCode}\n} else {\n${code}\n}`;
    }
    return `{ let ${arrays.join(", ")};\n${code}\n}`;
  }

  private oneOf(branches: readonly SchemaNode[], v: string, p: PathExpr, E: string, apply: boolean, tag: string | undefined): string {
    const arrays = branches.map(() => this.fresh("b"));
    const expected = this.expected({ oneOf: branches as JsonSchema[] });
    const count = this.fresh("c");
    const lines = branches.map((branch, i) => `const ${arrays[i]} = [];\n${this.node(branch, v, p, arrays[i]!, false)}`);
    const applies = branches
      .map((branch, i) => (apply && hasDefaults(branch, this.root) ? `if (${arrays[i]}.length === 0) { const s = [];\n${this.node(branch, v, p, "s", true)}\n}` : ""))
      .filter((s) => s !== "");
    return `{\n${lines.join("\n")}\nconst ${count} = ${arrays.map((b) => `(${b}.length === 0 ? 1 : 0)`).join(" + ")};
if (${count} === 0) ${E}.push(...X.un(${p.expr}, ${expected}, ${v}, [${arrays.join(", ")}], ${tag === undefined ? "undefined" : this.str(tag)}));
else if (${count} > 1) ${E}.push(X.c(${p.expr}, ${this.str(`exactly one of ${expectedText({ oneOf: branches as JsonSchema[] }, this.root)}`)}, ${v}, "a value matching several"));
else {\n${applies.join("\n")}\n}\n}`;
  }

  private refFunction(ref: string, apply: boolean): string {
    const key = `${apply ? "a" : "c"}${ref}`;
    const existing = this.refFunctions.get(key);
    if (existing) return existing;
    const name = this.fresh("r");
    this.refFunctions.set(key, name);
    const target = resolveRef(this.root, ref);
    const body = this.node(target, "d", rootPath, "E", apply);
    this.functions.push(`function ${name}(d, E) {\n${body}\n}`);
    return name;
  }
}

/** A JS expression creating a fresh copy of a default each time it runs (never a shared mutable object). */
function defaultLiteral(value: unknown): string {
  const json = JSON.stringify(value);
  if (value === null || typeof value !== "object") return json;
  // `__proto__` in an object literal would set the prototype instead of a key; JSON.parse keeps it a key.
  return json.includes('"__proto__"') ? `JSON.parse(${JSON.stringify(json)})` : `(${json})`;
}

export type { ValidationIssue };
