// The validator, table-driven over schemas of the shapes pydantic and our codegen emit. Every row runs on
// both backends (generated code and the closure fallback), which must agree word for word.
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../src/json-schema.js";
import { compileValidator, formatIssues } from "../src/validation/index.js";
import { generatedSource } from "../src/validation/compile-code.js";

interface Case {
  readonly value: unknown;
  /** Expected message lines (formatIssues); omitted = valid. */
  readonly errors?: readonly string[];
  /** A valid value after validation (defaults applied); omitted = unchanged. Invalid values are not used, so not checked. */
  readonly after?: unknown;
}

interface Row {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly cases: readonly Case[];
}

const sums: JsonSchema = {
  type: "object",
  properties: { a: { type: "integer" }, b: { type: "integer", default: 1 } },
  required: ["a"],
};

const table: readonly Row[] = [
  {
    name: "the seed's sums: integers, a default, no coercion",
    schema: sums,
    cases: [
      { value: { a: 6, b: 3 } },
      { value: { a: 6 }, after: { a: 6, b: 1 } },
      { value: { a: 6.0 } , after: { a: 6, b: 1 } },
      { value: { a: 6, b: "six" }, errors: ['b: expected integer, got string "six"'] },
      { value: { a: 6.5 }, errors: ["a: expected integer, got number 6.5"] },
      { value: { a: "6" }, errors: ['a: expected integer, got string "6"'] },
      { value: { b: 2 }, errors: ["a: missing required argument (expected integer)"] },
      { value: { a: 1, c: 2 }, errors: ["c: unexpected argument (known arguments: a, b)"] },
      { value: { a: null, b: true, c: 1 }, errors: ["a: expected integer, got null", "b: expected integer, got boolean true", "c: unexpected argument (known arguments: a, b)"] },
      { value: [1, 2], errors: ["arguments: expected object, got an array of 2 items"] },
    ],
  },
  {
    name: "numbers and their constraints",
    schema: {
      type: "object",
      properties: {
        ratio: { type: "number", minimum: 0, maximum: 1 },
        count: { type: "integer", exclusiveMinimum: 0, multipleOf: 5 },
        temp: { type: "number", exclusiveMaximum: 100 },
      },
    },
    cases: [
      { value: { ratio: 0.5, count: 10, temp: 99.9 } },
      { value: { ratio: 1.5 }, errors: ["ratio: expected a number <= 1, got number 1.5"] },
      { value: { ratio: -1 }, errors: ["ratio: expected a number >= 0, got number -1"] },
      { value: { count: 0 }, errors: ["count: expected an integer > 0, got number 0", ] },
      { value: { count: 7 }, errors: ["count: expected a multiple of 5, got number 7"] },
      { value: { temp: 100 }, errors: ["temp: expected a number < 100, got number 100"] },
      { value: { ratio: "0.5" }, errors: ['ratio: expected number, got string "0.5"'] },
      { value: { ratio: 0.30000000000000004, count: 15 } },
    ],
  },
  {
    name: "strings: length in code points, pattern, formats",
    schema: {
      type: "object",
      properties: {
        code: { type: "string", minLength: 2, maxLength: 4, pattern: "^[A-Z]+$" },
        when: { type: "string", format: "date-time" },
        day: { type: "string", format: "date" },
        email: { type: "string", format: "email" },
        site: { type: "string", format: "uri" },
        free: { type: "string", format: "made-up" },
      },
    },
    cases: [
      { value: { code: "AB", when: "2026-11-25T08:00:00Z", day: "2024-02-29", email: "a@b.io", site: "https://example.com/x", free: "anything" } },
      { value: { code: "A" }, errors: ['code: expected a string of at least 2 characters, got 1 characters'] },
      { value: { code: "ABCDE" }, errors: ['code: expected a string of at most 4 characters, got 5 characters'] },
      { value: { code: "ab" }, errors: ['code: expected a string matching /^[A-Z]+$/, got string "ab"'] },
      { value: { code: "😀😀" }, errors: ['code: expected a string matching /^[A-Z]+$/, got string "😀😀"'] },
      { value: { when: "yesterday" }, errors: ['when: expected a date-time string (RFC 3339 with a time zone offset, e.g. \"2024-05-01T10:00:00Z\"), got string "yesterday"'] },
      // RFC 3339: an offset is required (a bare local time names no instant), with a colon; any fraction; a leap second only at 23:59 UTC.
      { value: { when: "2026-11-25t08:00:00.123456+05:30" } },
      { value: { when: "2026-11-25 08:00:00z" } },
      { value: { when: "2016-12-31T23:59:60Z" } },
      { value: { when: "2026-11-25T08:00:00" }, errors: ['when: expected a date-time string (RFC 3339 with a time zone offset, e.g. \"2024-05-01T10:00:00Z\"), got string "2026-11-25T08:00:00"'] },
      { value: { when: "2026-11-25T08:00:00+0100" }, errors: ['when: expected a date-time string (RFC 3339 with a time zone offset, e.g. \"2024-05-01T10:00:00Z\"), got string "2026-11-25T08:00:00+0100"'] },
      { value: { when: "2026-02-29T08:00:00Z" }, errors: ['when: expected a date-time string (RFC 3339 with a time zone offset, e.g. \"2024-05-01T10:00:00Z\"), got string "2026-02-29T08:00:00Z"'] },
      { value: { when: "2016-12-31T12:59:60Z" }, errors: ['when: expected a date-time string (RFC 3339 with a time zone offset, e.g. \"2024-05-01T10:00:00Z\"), got string "2016-12-31T12:59:60Z"'] },
      { value: { day: "2023-02-29" }, errors: ['day: expected a date string, got string "2023-02-29"'] },
      { value: { email: "nobody" }, errors: ['email: expected an email string, got string "nobody"'] },
      { value: { site: "not a url" }, errors: ['site: expected a uri string, got string "not a url"'] },
    ],
  },
  {
    name: "optional parameters (D2: anyOf [T, null], default null) and literal unions",
    schema: {
      type: "object",
      properties: {
        name: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
        mode: { anyOf: [{ enum: ["fast", "slow"], type: "string" }, { type: "null" }], default: null },
        level: { enum: [1, 2, 3], type: "integer" },
        kind: { const: "user" },
      },
    },
    cases: [
      { value: {}, after: { name: null, mode: null } },
      { value: { name: "x", mode: "fast", level: 2, kind: "user" } },
      { value: { name: 5 }, errors: ["name: expected string or null, got number 5"] },
      { value: { mode: "medium" }, errors: ['mode: expected one of "fast", "slow", got string "medium"'] },
      { value: { level: 4 }, errors: ["level: expected one of 1, 2, 3, got number 4"] },
      { value: { kind: "admin" }, errors: ['kind: expected "user", got string "admin"'] },
    ],
  },
  {
    name: "arrays: items, prefixItems (tuples), bounds, uniqueness, paths with indices",
    schema: {
      type: "object",
      properties: {
        tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3, uniqueItems: true },
        point: { type: "array", prefixItems: [{ type: "number" }, { type: "number" }], items: false, minItems: 2 },
        items: { type: "array", items: { $ref: "#/$defs/Item" } },
      },
      $defs: {
        Item: { type: "object", properties: { name: { type: "string" }, qty: { type: "integer", default: 1 } }, required: ["name"], title: "Item" },
      },
    },
    cases: [
      { value: { tags: ["a"], point: [1, 2], items: [{ name: "x" }, { name: "y", qty: 3 }] }, after: { tags: ["a"], point: [1, 2], items: [{ name: "x", qty: 1 }, { name: "y", qty: 3 }] } },
      { value: { tags: [] }, errors: ["tags: expected at least 1 item, got 0 items"] },
      { value: { tags: ["a", "b", "c", "d"] }, errors: ["tags: expected at most 3 items, got 4 items"] },
      { value: { tags: ["a", "a"] }, errors: ["tags: expected unique items, got duplicates"] },
      { value: { tags: ["a", 2] }, errors: ["tags[1]: expected string, got number 2"] },
      { value: { point: [1, "2"] }, errors: ['point[1]: expected number, got string "2"'] },
      { value: { point: [1, 2, 3] }, errors: ["point: expected at most 2 items, got 3 items"] },
      { value: { items: [{ name: "x" }, { name: "y" }, { qty: 2 }] }, errors: ["items[2].name: missing required property (expected string)"] },
      { value: { items: [{ name: "x", colour: "red" }] }, errors: ["items[0].colour: unexpected property (known properties: name, qty)"] },
    ],
  },
  {
    name: "recursive $defs (a tree) and a nullable $ref",
    schema: {
      type: "object",
      properties: { root: { $ref: "#/$defs/Node" }, parent: { anyOf: [{ $ref: "#/$defs/Node" }, { type: "null" }], default: null } },
      required: ["root"],
      $defs: {
        Node: { type: "object", properties: { value: { type: "integer" }, children: { type: "array", items: { $ref: "#/$defs/Node" }, default: [] } }, required: ["value"] },
      },
    },
    cases: [
      { value: { root: { value: 1, children: [{ value: 2 }] } }, after: { root: { value: 1, children: [{ value: 2, children: [] }] }, parent: null } },
      { value: { root: { value: 1, children: [{ value: 2, children: [{ value: "x" }] }] } }, errors: ['root.children[0].children[0].value: expected integer, got string "x"'] },
      { value: { root: { value: 1 }, parent: { value: "p" } }, errors: ['parent.value: expected integer, got string "p"'] },
      { value: { root: { value: 1 }, parent: 3 }, errors: ["parent: expected object (Node) or null, got number 3"] },
      { value: { root: { value: 1 }, parent: { value: 2 } }, after: { root: { value: 1, children: [] }, parent: { value: 2, children: [] } } },
    ],
  },
  {
    name: "discriminated union (oneOf + discriminator)",
    schema: {
      type: "object",
      properties: {
        shape: {
          oneOf: [{ $ref: "#/$defs/Circle" }, { $ref: "#/$defs/Square" }],
          discriminator: { propertyName: "kind", mapping: { circle: "#/$defs/Circle", square: "#/$defs/Square" } },
        },
      },
      required: ["shape"],
      $defs: {
        Circle: { type: "object", properties: { kind: { const: "circle" }, r: { type: "number" } }, required: ["kind", "r"] },
        Square: { type: "object", properties: { kind: { const: "square" }, side: { type: "number", default: 1 } }, required: ["kind"] },
      },
    },
    cases: [
      { value: { shape: { kind: "circle", r: 2 } } },
      { value: { shape: { kind: "square" } }, after: { shape: { kind: "square", side: 1 } } },
      { value: { shape: { kind: "circle" } }, errors: ["shape.r: missing required property (expected number)"] },
      { value: { shape: "round" }, errors: ['shape: expected object (Circle) or object (Square), got string "round"'] },
    ],
  },
  {
    name: "union of object shapes: the errors of the branch the value evidently meant",
    schema: {
      type: "object",
      properties: {
        parts: { type: "array", items: { anyOf: [{ $ref: "#/$defs/TextPart" }, { $ref: "#/$defs/ImagePart" }] } },
        either: { anyOf: [{ $ref: "#/$defs/ById" }, { $ref: "#/$defs/ByName" }] },
        maybe: { anyOf: [{ $ref: "#/$defs/TextPart" }, { $ref: "#/$defs/ImagePart" }, { type: "null" }] },
      },
      $defs: {
        TextPart: { type: "object", properties: { type: { const: "text", type: "string" }, text: { type: "string" } }, required: ["type", "text"] },
        ImagePart: {
          type: "object",
          properties: { type: { const: "image", type: "string" }, url: { type: "string" }, width: { minimum: 1, type: "integer" } },
          required: ["type", "url"],
        },
        ById: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] },
        ByName: { type: "object", properties: { name: { type: "string" }, exact: { type: "boolean" } }, required: ["name"] },
      },
    },
    cases: [
      { value: { parts: [{ type: "text", text: "hi" }, { type: "image", url: "u", width: 2 }] } },
      // The const tag `type` picks the branch (an implied discriminator).
      { value: { parts: [{ type: "image", url: "u", width: 0 }] }, errors: ["parts[0].width: expected an integer >= 1, got number 0"] },
      { value: { parts: [{ type: "text" }] }, errors: ["parts[0].text: missing required property (expected string)"] },
      { value: { parts: [{ type: "video", url: "u" }] }, errors: ['parts[0].type: expected "text" or "image", got string "video"'] },
      { value: { parts: [{ url: "u" }] }, errors: ['parts[0].type: missing required property (expected "text" or "image")'] },
      { value: { parts: ["hi"] }, errors: ['parts[0]: expected object (TextPart) or object (ImagePart), got string "hi"'] },
      // An optional union (`| null`) keeps its tag.
      { value: { maybe: { type: "text", url: "u" } }, errors: ["maybe.text: missing required property (expected string)", "maybe.url: unexpected property (known properties: type, text)"] },
      { value: { maybe: null } },
      // No tag: the branch declaring every key the value has.
      { value: { either: { name: 3, exact: true } }, errors: ["either.name: expected string, got number 3"] },
      { value: { either: { id: "7" } }, errors: ['either.id: expected integer, got string "7"'] },
      // Nothing tells them apart: every alternative is named.
      { value: { either: {} }, errors: ["either: expected object (ById) or object (ByName), got an object"] },
    ],
  },
  {
    name: "additionalProperties as boolean and as schema, free-form objects, nullable",
    schema: {
      type: "object",
      properties: {
        scores: { type: "object", additionalProperties: { type: "integer" } },
        meta: { type: "object" },
        loose: { type: "object", properties: { a: { type: "string" } }, additionalProperties: true },
        strict: { type: "object", properties: { a: { type: "string" } }, additionalProperties: false },
        maybe: { type: "string", nullable: true },
        multi: { type: ["string", "null"] },
      },
    },
    cases: [
      { value: { scores: { alice: 3 }, meta: { anything: [1] }, loose: { a: "x", b: 2 }, strict: { a: "y" }, maybe: null, multi: null } },
      { value: { scores: { alice: "three" } }, errors: ['scores.alice: expected integer, got string "three"'] },
      { value: { scores: { "two words": 1.5 } }, errors: ['scores["two words"]: expected integer, got number 1.5'] },
      { value: { strict: { b: 1 } }, errors: ["strict.b: unexpected property (known properties: a)"] },
      { value: { maybe: 1, multi: 2 }, errors: ["maybe: expected string or null, got number 1", "multi: expected string or null, got number 2"] },
    ],
  },
  {
    name: "hostile names and values stay data, never code",
    schema: {
      type: "object",
      properties: {
        'x"]; throw new Error("injected"); //': { type: "string", enum: ['"); throw 1; ("', "a\u2028b"], default: '"); throw 1; ("' },
        "\\": { type: "string", pattern: "^[/*]+$", format: '"); throw 1; ("' },
      },
    },
    cases: [
      { value: {}, after: { 'x"]; throw new Error("injected"); //': '"); throw 1; ("' } },
      { value: { "\\": "/*" }, after: { "\\": "/*", 'x"]; throw new Error("injected"); //': '"); throw 1; ("' } },
      { value: { "\\": "*/ ok" }, errors: ['["\\\\"]: expected a string matching /^[/*]+$/, got string "*/ ok"'] },
    ],
  },
  {
    name: "no parameters",
    schema: { type: "object", properties: {} },
    cases: [{ value: {} }, { value: { x: 1 }, errors: ["x: unexpected argument (this tool takes no arguments)"] }],
  },
];

for (const backend of ["code", "closures"] as const) {
  describe(`validator (${backend})`, () => {
    for (const row of table) {
      it(row.name, () => {
        const validate = compileValidator(row.schema, { backend });
        for (const c of row.cases) {
          const value = structuredClone(c.value);
          const issues = validate(value);
          expect({ value: c.value, errors: issues.length === 0 ? undefined : formatIssues(issues).split("\n") }).toEqual({ value: c.value, errors: c.errors });
          if (!c.errors) expect(value).toEqual(c.after ?? c.value);
        }
      });
    }

    it("gives every call its own copy of a mutable default", () => {
      const validate = compileValidator({ type: "object", properties: { list: { type: "array", items: { type: "integer" }, default: [1] } } }, { backend });
      const first: { list?: number[] } = {};
      const second: { list?: number[] } = {};
      validate(first);
      validate(second);
      first.list!.push(2);
      expect(second.list).toEqual([1]);
    });

    it("allows unknown properties when asked to (JSON Schema's default)", () => {
      const validate = compileValidator(sums, { backend, unknownProperties: "allow" });
      expect(validate({ a: 1, extra: true })).toEqual([]);
    });

    it("reads own properties only, so parameters named like Object.prototype members validate", () => {
      const names = ["valueOf", "toString", "constructor", "__proto__"];
      const schema: JsonSchema = { type: "object", properties: Object.fromEntries(names.map((n) => [n, { type: "integer" }])), required: names };
      const validate = compileValidator(schema, { backend });
      expect(formatIssues(validate(JSON.parse("{}"))).split("\n")).toHaveLength(4);
      const given = JSON.parse('{"valueOf": 1, "toString": 2, "constructor": 3, "__proto__": 4}') as object;
      expect(validate(given)).toEqual([]);
      expect(formatIssues(validate(JSON.parse('{"valueOf": 1, "toString": 2, "constructor": 3, "__proto__": "x"}')))).toMatch(/__proto__/);
      const defaults = compileValidator(JSON.parse('{"type": "object", "properties": {"__proto__": {"type": "object", "default": {"a": 1}}, "valueOf": {"type": "integer", "default": 5}}}') as JsonSchema, { backend });
      const filled = JSON.parse("{}") as object;
      expect(defaults(filled)).toEqual([]);
      expect(Object.getPrototypeOf(filled)).toBe(Object.prototype);
      expect(JSON.stringify(filled)).toBe('{"__proto__":{"a":1},"valueOf":5}');
    });

    it("rejects a __proto__ key the schema does not declare", () => {
      const validate = compileValidator({ type: "object", properties: { path: { type: "string" } }, additionalProperties: false }, { backend });
      expect(formatIssues(validate(JSON.parse('{"__proto__": {"path": "/etc/passwd"}}')))).toMatch(/__proto__: unexpected argument/);
    });

    it("rejects a non-local $ref when compiling", () => {
      expect(() => compileValidator({ type: "object", properties: { x: { $ref: "https://example.com/s.json" } } }, { backend })).toThrow(/only local references/);
    });
  });
}

describe("generated code", () => {
  it("is straight-line: the schema is not consulted per call", () => {
    const source = generatedSource(sums);
    expect(source).toContain('d["a"]');
    expect(source).toContain("Number.isInteger");
    expect(source).not.toContain("properties");
  });
});
