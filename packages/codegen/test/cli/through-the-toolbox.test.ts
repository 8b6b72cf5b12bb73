/**
 * Generated registries through the runtime, end to end: `toolsmith codegen` writes the module, the toolbox
 * calls it with the arguments a model sends, and the functions get what their types say - `Date`s where
 * they declare Date, their own defaults where a strict model sent `null` for "omitted".
 */
import { pathToFileURL } from "node:url";
import { createToolbox, type Registry, type Toolbox } from "@toolsmith/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TempProject } from "./support.js";

const DATES = `
export interface Task {
  title: string;
  due: Date;
  /** @format date-time */
  label?: string;
  subtasks?: Task[];
}

export type Reminder = { at: Date | null; repeat: Reminder[] } | string;

export class Meeting {
  at: Date = new Date(0);
  room = "A";
}

const iso = (d: unknown) => (d instanceof Date ? "Date(" + d.toISOString() + ")" : d === undefined ? "undefined" : JSON.stringify(d));

/** The finding's reproducer: start must be a Date. */
export function createEvent(title: string, start: Date): string {
  return \`\${title} at \${start.toISOString()}\`;
}

/** Dates in every position the codegen can put one. */
export function plan(
  start: Date,
  end?: Date,
  tasks: Task[] = [],
  pair?: [string, Date],
  byName?: Record<string, Date>,
  reminder?: Reminder,
  meeting?: Meeting,
  /** @format date-time */ label?: string,
  when: Date | number = 0,
): string {
  const walk = (t: Task): string => \`\${t.title}:\${iso(t.due)}:\${iso(t.label)}[\${(t.subtasks ?? []).map(walk).join(",")}]\`;
  const remind = (r: Reminder | undefined): string => (r === undefined || typeof r === "string" ? iso(r) : \`\${iso(r.at)}[\${r.repeat.map(remind).join(",")}]\`);
  return [
    iso(start),
    iso(end),
    tasks.map(walk).join(";"),
    pair ? pair[0] + ":" + iso(pair[1]) : "-",
    byName ? Object.entries(byName).map(([k, v]) => k + "=" + iso(v)).join(",") : "-",
    remind(reminder),
    meeting ? iso(meeting.at) + ":" + meeting.room : "-",
    iso(label),
    iso(when),
  ].join(" | ");
}

/** An object-style tool with a Date member. */
export function book({ room, from }: { room: string; from: Date }): string {
  return room + "@" + from.toISOString();
}
`;

const STRICT = `import type { Int } from "@toolsmith/runtime";

/** The finding's reproducer: defaults, not null. */
export function listProducts(limit: Int = 20, unit: "metric" | "imperial" = "metric"): string {
  return \`\${limit} \${unit}\`;
}

export interface Query {
  text: string;
  /** How many. */
  limit?: Int;
  page: Int;
}

export class Options {
  verbose = false;
  depth: Int = 3;
}

/** Nested defaults, a boolean-or-literal with a default, and an optional without one. */
export function search(query: Query, options: Options = { verbose: false, depth: 3 }, stream: boolean | "auto" = "auto", tag?: string): string {
  return JSON.stringify({ query, options, stream, tag: tag === undefined ? "undefined" : tag });
}
`;

async function generate(project: TempProject, source: string, ...flags: string[]): Promise<Toolbox> {
  const run = await project.run("codegen", source, "--out", "registry.ts", ...flags);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  const { registry } = (await import(pathToFileURL(project.path("registry.ts")).href)) as { registry: Registry };
  return createToolbox(registry);
}

async function value(box: Toolbox, name: string, args: object): Promise<unknown> {
  const result = await box.call({ name, arguments: JSON.stringify(args) });
  if (!result.ok) throw new Error(result.content);
  return result.value;
}

describe("Date parameters reach the function as Dates", () => {
  let project: TempProject;
  let box: Toolbox;
  beforeAll(async () => {
    project = new TempProject({ "tools.ts": DATES });
    box = await generate(project, "tools.ts");
  });
  afterAll(() => project.dispose());

  it("the finding's createEvent", async () => {
    expect(await value(box, "createEvent", { title: "standup", start: "2024-05-01T10:00:00Z" })).toBe("standup at 2024-05-01T10:00:00.000Z");
  });

  it("top level, nullable, in arrays, tuples, records, $defs, recursive types, classes and unions; @format strings stay strings", async () => {
    const got = await value(box, "plan", {
      start: "2024-01-01T00:00:00+01:00",
      end: null,
      tasks: [{ title: "a", due: "2024-01-02T00:00:00Z", label: "2024-01-09T00:00:00Z", subtasks: [{ title: "b", due: "2024-01-03T00:00:00Z" }] }],
      pair: ["p", "2024-01-04T00:00:00Z"],
      byName: { x: "2024-01-05T00:00:00Z" },
      reminder: { at: "2024-01-06T00:00:00Z", repeat: [{ at: null, repeat: [] }, "later"] },
      meeting: { at: "2024-01-07T00:00:00Z" },
      label: "2024-01-08T00:00:00Z",
      when: "2024-01-10T00:00:00Z",
    });
    expect(got).toBe(
      [
        "Date(2023-12-31T23:00:00.000Z)",
        "undefined",
        'a:Date(2024-01-02T00:00:00.000Z):"2024-01-09T00:00:00Z"[b:Date(2024-01-03T00:00:00.000Z):undefined[]]',
        "p:Date(2024-01-04T00:00:00.000Z)",
        "x=Date(2024-01-05T00:00:00.000Z)",
        'Date(2024-01-06T00:00:00.000Z)[null[],"later"]',
        "Date(2024-01-07T00:00:00.000Z):A",
        '"2024-01-08T00:00:00Z"',
        "Date(2024-01-10T00:00:00.000Z)",
      ].join(" | "),
    );
  });

  it("the other branch of a union stays what it is", async () => {
    expect(await value(box, "plan", { start: "2024-01-01T00:00:00Z", when: 5, reminder: "soon" })).toMatch(/\| "soon" \| - \| undefined \| 5$/);
  });

  it("an object-style tool's Date member", async () => {
    expect(await value(box, "book", { room: "B", from: "2024-02-29T12:00:00-01:00" })).toBe("B@2024-02-29T13:00:00.000Z");
  });

  it("an invalid date is refused before the call, with what a date-time looks like", async () => {
    const result = await box.call({ name: "createEvent", arguments: { title: "x", start: "2024-05-01 10am" } });
    expect(result.content).toBe(
      'Invalid arguments for createEvent:\nstart: expected a date-time string (RFC 3339 with a time zone offset, e.g. "2024-05-01T10:00:00Z"), got string "2024-05-01 10am"',
    );
  });

  it("a tool without dates carries no plan", () => {
    expect(box.get("createEvent")?.revive).toEqual({ properties: { start: { as: "date" } } });
    expect(project.read("registry.ts").match(/revive:/g)).toHaveLength(3);
  });
});

describe("--strict registries apply defaults where a strict model sends null", () => {
  let project: TempProject;
  let box: Toolbox;
  beforeAll(async () => {
    project = new TempProject({ "tools.ts": STRICT });
    box = await generate(project, "tools.ts", "--strict");
  });
  afterAll(() => project.dispose());

  it("offers the strict form by default", () => {
    const tools = box.chatCompletionsTools();
    expect(tools.map((t) => t.function.strict)).toEqual([true, true]);
    expect(tools[0]?.function.parameters).toMatchObject({ additionalProperties: false, required: ["limit", "unit"] });
  });

  it("the finding's listProducts gets its defaults", async () => {
    expect(await value(box, "listProducts", { limit: null, unit: null })).toBe("20 metric");
    expect(await value(box, "listProducts", { limit: 5, unit: "imperial" })).toBe("5 imperial");
  });

  it("nested class field defaults, a boolean-or-literal default, and an optional without a default", async () => {
    const got = await value(box, "search", { query: { text: "q", limit: null, page: 2 }, options: { verbose: null, depth: null }, stream: null, tag: null });
    expect(JSON.parse(got as string)).toEqual({ query: { text: "q", page: 2 }, options: { verbose: false, depth: 3 }, stream: "auto", tag: "undefined" });
    const whole = await value(box, "search", { query: { text: "q", limit: null, page: 1 }, options: null, stream: true, tag: "t" });
    expect(JSON.parse(whole as string)).toEqual({ query: { text: "q", page: 1 }, options: { verbose: false, depth: 3 }, stream: true, tag: "t" });
  });

  it("null is still refused where the function needs a value", async () => {
    const result = await box.call({ name: "search", arguments: { query: { text: null, limit: null, page: 1 } } });
    expect(result.content).toBe("Invalid arguments for search:\nquery.text: expected string, got null");
  });

  it("--json still writes the strict schema", async () => {
    const run = await project.run("codegen", "tools.ts", "--json", "schemas.json", "--strict");
    expect(run.status).toBe(0);
    const [listProducts] = JSON.parse(project.read("schemas.json")) as { parameters: { required?: string[]; additionalProperties?: boolean } }[];
    expect(listProducts?.parameters).toMatchObject({ required: ["limit", "unit"], additionalProperties: false });
  });
});
