// The fallback backend, for platforms that forbid code generation from strings
// (`--disallow-code-generation-from-strings`, strict CSP): the schema is still walked once, into a tree of
// closures, with the same checks and wording as the generated code. Tests run both over one table.
import type { JsonSchema } from "../json-schema.js";
import {
  childPath,
  codePointLength,
  constraintIssue,
  expectedText,
  formatExpected,
  hasDuplicates,
  impliedDiscriminator,
  indexPath,
  joinSegment,
  jsonEqual,
  missingIssue,
  pathSegment,
  resolveRef,
  schemaTypes,
  typeIssue,
  unexpectedIssue,
  unionIssues,
  type ValidationIssue,
} from "./describe.js";
import { formatCheckers } from "./formats.js";
import { getOwn, setOwn } from "../own-property.js";
import { exclusiveFlag, hasDefaults, inheritsName, isMultipleOf, rejectsUnknown, type CompileOptions, type SchemaNode, type ValidateFn } from "./common.js";

type Check = (value: unknown, path: string, issues: ValidationIssue[]) => void;

const typeTests: { readonly [type: string]: (v: unknown) => boolean } = {
  string: (v) => typeof v === "string",
  number: (v) => typeof v === "number" && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === "boolean",
  null: (v) => v === null,
  array: (v) => Array.isArray(v),
  object: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
};

const nothing: Check = () => {};

export function compileToClosures(root: JsonSchema, options: CompileOptions = {}): ValidateFn {
  const refChecks = new Map<string, Check>();

  function refCheck(ref: string, apply: boolean): Check {
    const key = `${apply ? "a" : "c"}${ref}`;
    const existing = refChecks.get(key);
    if (existing) return existing;
    let compiled: Check | undefined;
    // Registered before compiling so recursive schemas close the loop through this indirection.
    const indirect: Check = (v, p, e) => compiled!(v, p, e);
    refChecks.set(key, indirect);
    compiled = node(resolveRef(root, ref), apply, false);
    return indirect;
  }

  function node(schema: SchemaNode, apply: boolean, isRoot: boolean): Check {
    if (schema === true) return nothing;
    if (schema === false) return (v, p, e) => void e.push(constraintIssue(p, "nothing (not allowed here)", v));
    const checks: Check[] = [];
    if (schema.$ref !== undefined) checks.push(refCheck(schema.$ref, apply));
    const types = schemaTypes(schema);
    const rest = keywords(schema, apply, isRoot, types);
    if (types && types.length > 0) {
      const tests = types.map((t) => typeTests[t] ?? (() => true));
      const matches = tests.length === 1 ? tests[0]! : (v: unknown) => tests.some((test) => test(v));
      const expected = expectedText(schema, root);
      const inner = rest.length === 1 ? rest[0]! : undefined;
      checks.push((v, p, e) => {
        if (!matches(v)) e.push(typeIssue(p, expected, v));
        else if (inner) inner(v, p, e);
        else for (const check of rest) check(v, p, e);
      });
    } else {
      checks.push(...rest);
    }
    return checks.length === 1 ? checks[0]! : (v, p, e) => { for (const check of checks) check(v, p, e); };
  }

  function keywords(schema: JsonSchema, apply: boolean, isRoot: boolean, types: string[] | undefined): Check[] {
    const out: Check[] = [];
    const has = (t: string) => !types || types.includes(t) || (t === "number" && types.includes("integer"));
    const when = (test: (v: unknown) => boolean, inner: Check[]): void => {
      if (inner.length > 0) out.push((v, p, e) => { if (test(v)) for (const check of inner) check(v, p, e); });
    };

    if (schema.const !== undefined) {
      const c = schema.const;
      const expected = expectedText({ const: c }, root);
      out.push((v, p, e) => { if (!jsonEqual(v, c)) e.push(constraintIssue(p, expected, v)); });
    }
    if (schema.enum) {
      const values = schema.enum;
      const expected = expectedText({ enum: values }, root);
      out.push((v, p, e) => { if (!values.some((x) => jsonEqual(x, v))) e.push(constraintIssue(p, expected, v)); });
    }
    if (has("string")) when((v) => typeof v === "string", stringKeywords(schema));
    if (has("number")) when((v) => typeof v === "number", numberKeywords(schema, types));
    if (has("array")) when(Array.isArray, arrayKeywords(schema, apply));
    if (has("object")) when(typeTests["object"]!, objectKeywords(schema, apply, isRoot));
    for (const branch of schema.allOf ?? []) out.push(node(branch, apply, false));
    const tag = (branches: readonly SchemaNode[]) => schema.discriminator?.propertyName ?? impliedDiscriminator(branches, root);
    if (schema.anyOf) out.push(anyOf(schema.anyOf, apply, tag(schema.anyOf)));
    if (schema.oneOf) out.push(oneOf(schema.oneOf, apply, tag(schema.oneOf)));
    if (schema["not"] !== undefined) {
      const negated = schema["not"] as SchemaNode;
      const check = node(negated, false, false);
      const expected = `a value not matching ${expectedText(negated, root)}`;
      out.push((v, p, e) => {
        const issues: ValidationIssue[] = [];
        check(v, p, issues);
        if (issues.length === 0) e.push(constraintIssue(p, expected, v));
      });
    }
    return out;
  }

  function stringKeywords(schema: JsonSchema): Check[] {
    const out: Check[] = [];
    const { minLength, maxLength, pattern, format } = schema;
    if (typeof minLength === "number") {
      const expected = `a string of at least ${minLength} character${minLength === 1 ? "" : "s"}`;
      out.push((v, p, e) => { const n = codePointLength(v as string); if (n < minLength) e.push(constraintIssue(p, expected, v, `${n} characters`)); });
    }
    if (typeof maxLength === "number") {
      const expected = `a string of at most ${maxLength} character${maxLength === 1 ? "" : "s"}`;
      out.push((v, p, e) => { const n = codePointLength(v as string); if (n > maxLength) e.push(constraintIssue(p, expected, v, `${n} characters`)); });
    }
    if (typeof pattern === "string") {
      const re = new RegExp(pattern, "u");
      out.push((v, p, e) => { if (!re.test(v as string)) e.push(constraintIssue(p, `a string matching /${pattern}/`, v)); });
    }
    const checker = typeof format === "string" ? formatCheckers[format] : undefined;
    if (checker) {
      const expected = formatExpected(format as string);
      out.push((v, p, e) => { if (!checker(v as string)) e.push(constraintIssue(p, expected, v)); });
    }
    return out;
  }

  function numberKeywords(schema: JsonSchema, types: string[] | undefined): Check[] {
    const out: Check[] = [];
    const what = types && types.includes("integer") && !types.includes("number") ? "an integer" : "a number";
    const bound = (limit: unknown, words: ">=" | ">" | "<=" | "<") => {
      if (typeof limit !== "number") return;
      const ok = { ">=": (v: number) => v >= limit, ">": (v: number) => v > limit, "<=": (v: number) => v <= limit, "<": (v: number) => v < limit }[words];
      const expected = `${what} ${words} ${limit}`;
      out.push((v, p, e) => { if (!ok(v as number)) e.push(constraintIssue(p, expected, v)); });
    };
    bound(schema.minimum, exclusiveFlag(schema, "exclusiveMinimum") ? ">" : ">=");
    bound(schema.maximum, exclusiveFlag(schema, "exclusiveMaximum") ? "<" : "<=");
    bound(schema.exclusiveMinimum, ">");
    bound(schema.exclusiveMaximum, "<");
    const divisor = schema.multipleOf;
    if (typeof divisor === "number") out.push((v, p, e) => { if (!isMultipleOf(v as number, divisor)) e.push(constraintIssue(p, `a multiple of ${divisor}`, v)); });
    return out;
  }

  function arrayKeywords(schema: JsonSchema, apply: boolean): Check[] {
    const out: Check[] = [];
    const count = (n: number) => `${n} item${n === 1 ? "" : "s"}`;
    const got = (v: unknown[]) => count(v.length);
    const { minItems, maxItems } = schema;
    if (typeof minItems === "number") out.push((v, p, e) => { if ((v as unknown[]).length < minItems) e.push(constraintIssue(p, `at least ${count(minItems)}`, v, got(v as unknown[]))); });
    if (typeof maxItems === "number") out.push((v, p, e) => { if ((v as unknown[]).length > maxItems) e.push(constraintIssue(p, `at most ${count(maxItems)}`, v, got(v as unknown[]))); });
    const prefix = (schema.prefixItems ?? []).map((s) => node(s, apply, false));
    if (prefix.length > 0) {
      out.push((v, p, e) => {
        const items = v as unknown[];
        prefix.forEach((check, i) => { if (items.length > i) check(items[i], indexPath(p, i), e); });
      });
    }
    if (schema.items === false) {
      if (prefix.length > 0 || maxItems === undefined) out.push((v, p, e) => { if ((v as unknown[]).length > prefix.length) e.push(constraintIssue(p, `at most ${count(prefix.length)}`, v, got(v as unknown[]))); });
    } else if (schema.items !== undefined) {
      const check = node(schema.items, apply, false);
      if (check !== nothing) {
        out.push((v, p, e) => {
          const items = v as unknown[];
          for (let i = prefix.length; i < items.length; i++) check(items[i], indexPath(p, i), e);
        });
      }
    }
    if (schema.uniqueItems === true) out.push((v, p, e) => { if (hasDuplicates(v as unknown[])) e.push(constraintIssue(p, "unique items", v, "duplicates")); });
    return out;
  }

  function objectKeywords(schema: JsonSchema, apply: boolean, isRoot: boolean): Check[] {
    const out: Check[] = [];
    const what = isRoot ? "argument" : "property";
    const properties = schema.properties ?? {};
    const names = Object.keys(properties);
    const required = new Set(schema.required ?? []);
    for (const name of names) {
      const propSchema = properties[name]!;
      const check = node(propSchema, apply, false);
      const isRequired = required.has(name);
      const expected = expectedText(propSchema, root);
      const segment = pathSegment(name);
      const fallback = apply && propSchema.default !== undefined ? copier(propSchema.default) : undefined;
      const inherited = inheritsName(name);
      out.push((v, p, e) => {
        const object = v as Record<string, unknown>;
        const value = inherited ? getOwn(object, name) : object[name];
        if (value === undefined) {
          if (isRequired) e.push(missingIssue(joinSegment(p, segment), what, expected));
          else if (fallback !== undefined) setOwn(object, name, fallback());
        } else {
          check(value, joinSegment(p, segment), e);
        }
      });
    }
    for (const name of required) {
      if (Object.hasOwn(properties, name)) continue;
      out.push((v, p, e) => { if (getOwn(v as object, name) === undefined) e.push(missingIssue(childPath(p, name), what, "a value")); });
    }

    const additional = schema.additionalProperties;
    const patterns = Object.entries((schema["patternProperties"] as { readonly [pattern: string]: SchemaNode } | undefined) ?? {}).map(
      ([pattern, sub]) => [new RegExp(pattern, "u"), node(sub, apply, false)] as const,
    );
    const reject = rejectsUnknown(schema, options);
    const extraCheck = additional !== undefined && additional !== true && additional !== false ? node(additional, apply, false) : undefined;
    const nameCheck = schema.propertyNames !== undefined ? node(schema.propertyNames, false, false) : undefined;
    if (reject || extraCheck || patterns.length > 0 || nameCheck) {
      const known = new Set(names);
      out.push((v, p, e) => {
        const object = v as Record<string, unknown>;
        for (const key in object) {
          if (nameCheck) nameCheck(key, childPath(p, key), e);
          if (known.has(key)) continue;
          const keyPath = childPath(p, key);
          let matched = false;
          for (const [re, check] of patterns) {
            if (re.test(key)) {
              matched = true;
              check(object[key], keyPath, e);
            }
          }
          if (matched) continue;
          if (additional === false || (additional === undefined && reject)) e.push(unexpectedIssue(keyPath, what, names));
          else extraCheck?.(object[key], keyPath, e);
        }
      });
    }
    const counted = (n: number) => `${n} propert${n === 1 ? "y" : "ies"}`;
    const minProperties = schema["minProperties"];
    const maxProperties = schema["maxProperties"];
    if (typeof minProperties === "number") out.push((v, p, e) => { const n = Object.keys(v as object).length; if (n < minProperties) e.push(constraintIssue(p, `at least ${counted(minProperties)}`, v, `${n} properties`)); });
    if (typeof maxProperties === "number") out.push((v, p, e) => { const n = Object.keys(v as object).length; if (n > maxProperties) e.push(constraintIssue(p, `at most ${counted(maxProperties)}`, v, `${n} properties`)); });
    return out;
  }

  function anyOf(branches: readonly SchemaNode[], apply: boolean, tag: string | undefined): Check {
    const checks = branches.map((b) => node(b, false, false));
    const appliers = branches.map((b) => (apply && hasDefaults(b, root) ? node(b, true, false) : undefined));
    const expected = expectedText({ anyOf: branches as JsonSchema[] }, root);
    return (v, p, e) => {
      const reports: ValidationIssue[][] = [];
      for (let i = 0; i < checks.length; i++) {
        const issues: ValidationIssue[] = [];
        checks[i]!(v, p, issues);
        if (issues.length === 0) {
          appliers[i]?.(v, p, []);
          return;
        }
        reports.push(issues);
      }
      e.push(...unionIssues(p, expected, v, reports, tag));
    };
  }

  function oneOf(branches: readonly SchemaNode[], apply: boolean, tag: string | undefined): Check {
    const checks = branches.map((b) => node(b, false, false));
    const appliers = branches.map((b) => (apply && hasDefaults(b, root) ? node(b, true, false) : undefined));
    const expected = expectedText({ oneOf: branches as JsonSchema[] }, root);
    return (v, p, e) => {
      const reports = checks.map((check) => {
        const issues: ValidationIssue[] = [];
        check(v, p, issues);
        return issues;
      });
      const matches = reports.flatMap((issues, i) => (issues.length === 0 ? [i] : []));
      if (matches.length === 0) e.push(...unionIssues(p, expected, v, reports, tag));
      else if (matches.length > 1) e.push(constraintIssue(p, `exactly one of ${expected}`, v, "a value matching several"));
      else appliers[matches[0]!]?.(v, p, []);
    };
  }

  const check = node(root, options.applyDefaults !== false, true);
  return (value) => {
    const issues: ValidationIssue[] = [];
    check(value, "", issues);
    return issues;
  };
}

/** A function returning a fresh copy of a default each time (never a shared mutable object). */
function copier(value: unknown): () => unknown {
  if (value === null || typeof value !== "object") return () => value;
  const json = JSON.stringify(value);
  return () => JSON.parse(json) as unknown;
}
