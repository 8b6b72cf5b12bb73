// Revive plans: a tool whose types say `Date` gets Dates, wherever they sit; everything else stays as parsed.
import { describe, expect, it } from "vitest";
import { createToolbox, defineTool, type ObjectSchema, type RevivePlan, type ToolResult } from "../src/index.js";
import { compileReviver } from "../src/revive.js";

const date = { format: "date-time", type: "string" } as const;
const nullableDate = { anyOf: [date, { type: "null" }], default: null } as const;

interface Row {
  readonly name: string;
  readonly parameters: ObjectSchema;
  readonly revive: RevivePlan;
  readonly args: Record<string, unknown>;
  /** The arguments the function gets: ISO strings written as `Date`s where they must be revived. */
  readonly expected: Record<string, unknown>;
}

const at = (iso: string) => new Date(iso);

const table: readonly Row[] = [
  {
    name: "a top-level parameter, next to a string with format date-time that stays a string",
    parameters: { type: "object", properties: { start: date, label: date }, required: ["start", "label"] },
    revive: { properties: { start: { as: "date" } } },
    args: { start: "2024-05-01T10:00:00+02:00", label: "2024-05-01T10:00:00Z" },
    expected: { start: at("2024-05-01T08:00:00Z"), label: "2024-05-01T10:00:00Z" },
  },
  {
    name: "a nullable optional Date: null stays null",
    parameters: { type: "object", properties: { a: nullableDate, b: nullableDate } },
    revive: { properties: { a: { anyOf: [{ as: "date" }, {}] }, b: { anyOf: [{ as: "date" }, {}] } } },
    args: { a: "2024-05-01T10:00:00Z", b: null },
    expected: { a: at("2024-05-01T10:00:00Z"), b: null },
  },
  {
    name: "array items, tuple members and record values",
    parameters: {
      type: "object",
      properties: {
        list: { type: "array", items: date },
        pair: { type: "array", prefixItems: [{ type: "string" }, date], minItems: 2, maxItems: 2 },
        byName: { type: "object", additionalProperties: date },
      },
    },
    revive: { properties: { list: { items: { as: "date" } }, pair: { prefixItems: [{}, { as: "date" }] }, byName: { additionalProperties: { as: "date" } } } },
    args: { list: ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"], pair: ["x", "2024-01-03T00:00:00Z"], byName: { a: "2024-01-04T00:00:00Z" } },
    expected: {
      list: [at("2024-01-01T00:00:00Z"), at("2024-01-02T00:00:00Z")],
      pair: ["x", at("2024-01-03T00:00:00Z")],
      byName: { a: at("2024-01-04T00:00:00Z") },
    },
  },
  {
    name: "a $defs type, recursive, inside a union of shapes (the branch validation picked)",
    parameters: {
      type: "object",
      properties: { root: { $ref: "#/$defs/Task" }, when: { anyOf: [date, { type: "integer" }, { $ref: "#/$defs/Task" }] } },
      required: ["root"],
      $defs: {
        Task: {
          type: "object",
          properties: { due: date, note: date, subtasks: { type: "array", items: { $ref: "#/$defs/Task" }, default: [] } },
          required: ["due"],
        },
      },
    },
    revive: {
      properties: { root: { $ref: "#/$defs/Task" }, when: { anyOf: [{ as: "date" }, {}, { $ref: "#/$defs/Task" }] } },
      $defs: { Task: { properties: { due: { as: "date" }, subtasks: { items: { $ref: "#/$defs/Task" } } } } },
    },
    args: {
      root: { due: "2024-01-01T00:00:00Z", note: "2024-01-09T00:00:00Z", subtasks: [{ due: "2024-01-02T00:00:00Z", subtasks: [{ due: "2024-01-03T00:00:00Z" }] }] },
      when: { due: "2024-01-04T00:00:00Z" },
    },
    expected: {
      root: {
        due: at("2024-01-01T00:00:00Z"),
        note: "2024-01-09T00:00:00Z",
        subtasks: [{ due: at("2024-01-02T00:00:00Z"), subtasks: [{ due: at("2024-01-03T00:00:00Z"), subtasks: [] }] }],
      },
      when: { due: at("2024-01-04T00:00:00Z"), subtasks: [] },
    },
  },
  {
    name: "a union branch that is not the Date is left alone",
    parameters: { type: "object", properties: { when: { anyOf: [date, { type: "integer" }] } }, required: ["when"] },
    revive: { properties: { when: { anyOf: [{ as: "date" }, {}] } } },
    args: { when: 1714557600 },
    expected: { when: 1714557600 },
  },
];

describe("revive plans", () => {
  for (const row of table) {
    it(row.name, async () => {
      let got: unknown;
      const tool = defineTool<Record<string, unknown>>({ name: "t", parameters: row.parameters, revive: row.revive, invoke: (args) => void (got = args) });
      const result = await createToolbox([tool]).call({ name: "t", arguments: JSON.stringify(row.args) });
      expect(result.ok).toBe(true);
      expect(got).toEqual(row.expected);
    });
  }

  it("leaves dates as strings for a hand-written spec without a plan, and costs a tool without one nothing", async () => {
    expect(compileReviver(undefined, { type: "object", properties: {} })).toBeUndefined();
    expect(compileReviver({ $defs: {} }, { type: "object", properties: {} })).toBeUndefined();
    let got: unknown;
    const plain = defineTool<{ start: string }>({ name: "plain", parameters: { type: "object", properties: { start: date }, required: ["start"] }, invoke: ({ start }) => void (got = start) });
    await createToolbox([plain]).call({ name: "plain", arguments: { start: "2024-05-01T10:00:00Z" } });
    expect(got).toBe("2024-05-01T10:00:00Z");
  });

  it("rejects an invalid date before the function runs, saying what a date-time looks like", async () => {
    let called = false;
    const tool = defineTool({ name: "t", parameters: { type: "object", properties: { start: date }, required: ["start"] }, revive: { properties: { start: { as: "date" } } }, invoke: () => void (called = true) });
    const result: ToolResult = await createToolbox([tool]).call({ name: "t", arguments: { start: "May 1st" } });
    expect(result.ok).toBe(false);
    expect(result.content).toBe('Invalid arguments for t:\nstart: expected a date-time string (RFC 3339 with a time zone offset, e.g. "2024-05-01T10:00:00Z"), got string "May 1st"');
    expect(called).toBe(false);
  });

  it("refuses, when the toolbox is built, a plan that does not fit the schema", () => {
    const parameters: ObjectSchema = { type: "object", properties: { start: date } };
    const misfits: readonly RevivePlan[] = [{ properties: { start: { anyOf: [{ as: "date" }] } } }, { properties: { start: { $ref: "#/$defs/Nope" } } }, { properties: { end: { as: "date" } } }];
    for (const revive of misfits) {
      expect(() => createToolbox([defineTool({ name: "t", parameters, revive, invoke: () => 0 })])).toThrow(/tool "t": cannot compile its revive plan/);
    }
  });
});
