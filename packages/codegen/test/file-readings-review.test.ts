/**
 * The watch's re-read in part (src/file-readings.ts) under attack: edits made to slip through the
 * edit-safe regions, each compared - after every save - with a fresh analysis of the same files, on both
 * engines (as test/file-readings.test.ts does), and the number of saves re-read in part checked.
 *
 * "found": edits a review found kept stale results; each is now read whole (inPart 0), or, for the
 * memo's problem paths, read in part and said as a fresh reading says it.
 * "holds": the strongest of the tried cases that were right all along.
 * "the watch's refresh": the ts6 watch reads a saved file as it read it first (BOM, CRLF).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAnalyzer, ENGINES, type Analyzer } from "../src/index.js";

type Edit = (text: string) => string;

interface Scenario {
  readonly name: string;
  /** The files, by name, as they are before the first save. */
  readonly files: { readonly [name: string]: string };
  /** The inputs (names among `files`); default `tools.ts`. */
  readonly inputs?: readonly string[];
  /** The saves, one after the other: each the new text of each file it saves. */
  readonly saves: readonly { readonly [name: string]: Edit }[];
  /**
   * How many saves should be re-read in part (checked first, to show which path the result took).
   * Undefined: not checked.
   */
  readonly inPart?: number;
}

const replace = (from: string, to: string): Edit => (text) => {
  expect(text).toContain(from);
  return text.replace(from, to);
};
const crlf = (text: string): string => text.replace(/\n/g, "\r\n");

const dirs: string[] = [];
const analyzers: Analyzer[] = [];
afterEach(() => {
  for (const analyzer of analyzers.splice(0)) analyzer.close?.();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function opened(engine: (typeof ENGINES)[number], files: string[]): Analyzer {
  const analyzer = createAnalyzer({ engine, files });
  analyzers.push(analyzer);
  return analyzer;
}

function run(engine: (typeof ENGINES)[number], scenario: Scenario): void {
  const dir = mkdtempSync(path.join(tmpdir(), "toolsmith-readings-review-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(scenario.files)) writeFileSync(path.join(dir, name), text);
  const inputs = (scenario.inputs ?? ["tools.ts"]).map((name) => path.join(dir, name));
  const analyzer = opened(engine, inputs);
  analyzer.analyze();
  const start = analyzer.rereads?.inPart ?? 0;
  const results: { after: unknown; fresh: unknown }[] = [];
  for (const save of scenario.saves) {
    const changed = Object.entries(save).map(([name, edit]) => {
      const file = path.join(dir, name);
      writeFileSync(file, edit(readFileSync(file, "utf8")));
      return file;
    });
    analyzer.update(changed);
    results.push({ after: analyzer.analyze(), fresh: opened(engine, inputs).analyze() });
  }
  if (scenario.inPart !== undefined) expect((analyzer.rereads?.inPart ?? 0) - start).toBe(scenario.inPart);
  for (const { after, fresh } of results) expect(after).toEqual(fresh);
}

// ---------------------------------------------------------------------------------------------------
// Found: edits whose kept results differed from a fresh analysis.
// ---------------------------------------------------------------------------------------------------

const FOUND: readonly Scenario[] = [
  {
    // A region starts at the statement's `pos`, the end of the statement before it. Without semicolons,
    // text typed at the end of the previous line extends that statement, and every boundary after it
    // moves by the edit's length: the shape check passed, and `refill` was kept with the old enum. An edit
    // that touches a boundary between two top-level statements is read whole now.
    name: "a union member appended to the type alias before a tool (no semicolons)",
    files: {
      "tools.ts": `export type Size = "s" | "m"

/** Orders a coffee. */
export function order(size: Size): string {
  return size
}

/** Refills a cup. */
export function refill(size: Size): string {
  return size
}
`,
    },
    saves: [{ "tools.ts": replace(`"s" | "m"\n`, `"s" | "m" | "l"\n`) }],
    inPart: 0,
  },
  {
    // The same gap: `10` -> `100` is an insertion at the end of `MAX`'s statement, which is where the next
    // tool's leading-comment region starts. `page` kept `default: 10`.
    name: "a constant used as a default, edited at the end of its line (no semicolons)",
    files: {
      "tools.ts": `export const MAX = 10

/** Lists items. */
export function list(limit: number = MAX): number {
  return limit
}

/** Pages through items. */
export function page(size: number = MAX): number {
  return size
}
`,
    },
    saves: [{ "tools.ts": replace("MAX = 10\n", "MAX = 100\n") }],
    inPart: 0,
  },
  {
    // With semicolons, a whole statement glued to the previous one's end (no line break first) starts at
    // the region's start too: here an interface merged into `Box`. `perimeter` kept Box without `height`.
    name: "a declaration inserted right after the statement before a tool (merging into an interface)",
    files: {
      "tools.ts": `export interface Box {
  width: number;
}

/** The area. */
export function area(box: Box): number {
  return box.width;
}

/** The perimeter. */
export function perimeter(box: Box): number {
  return box.width * 4;
}
`,
    },
    saves: [{ "tools.ts": replace("}\n\n/** The area. */", "} export interface Box { height: number }\n\n/** The area. */") }],
    inPart: 0,
  },
  {
    // A `$defs` entry's description is the JSDoc of its symbol's first declaration (definitions.ts
    // `named`): a factory function declared before the interface it merges with. Its JSDoc is a tool's
    // own region, so only `Point` was read again and `norm` kept the old description of `Point`. A tool
    // whose name another top-level declaration of the file shares has no JSDoc region now.
    name: "the JSDoc of a function merged with the interface another tool takes",
    files: {
      "tools.ts": `/** Units. */
export type Unit = "m" | "km";

/** A point on the plane. */
export function Point(x: number, y: number): Point {
  return { x, y };
}

export interface Point {
  x: number;
  y: number;
}

/** How far a point is from the origin. */
export function norm(p: Point): number {
  return Math.hypot(p.x, p.y);
}
`,
    },
    saves: [{ "tools.ts": replace("/** A point on the plane. */", "/** A point in two dimensions. */") }],
    inPart: 0,
  },
  {
    // A declared return type can name a `const` (or function) of the body (`typeof base`): TypeScript
    // resolves a return type annotation in the function's locals. The helper's body edit reads no
    // function again; `configure`, whose parameter is `ReturnType<typeof defaults>`, was kept stale. A
    // signature that names a value (`typeof`, a computed name) makes the body no region now
    // (src/private-body.ts), and the one-shot ts6 program no longer empties it.
    name: "a helper's body, when its declared return type is `typeof` a const of that body",
    files: {
      "tools.ts": `/** Units. */
export type Unit = "m" | "km";

function defaults(): typeof base {
  const base = { retries: 3 };
  return base;
}

/** Configures the client. */
export function configure(options: ReturnType<typeof defaults>): number {
  return options.retries;
}
`,
    },
    saves: [{ "tools.ts": replace("{ retries: 3 }", "{ retries: 3, verbose: true }") }],
    inPart: 0,
  },
  {
    // A body's `import()` (a call, or an `import("...")` type) adds the module to the program: here one
    // augmenting `Settings`. The helper's body edit read no function again; `apply` was kept without
    // `size`. A body that holds `import` is no region now.
    name: "a helper's body that starts importing a module (which augments a type a tool takes)",
    files: {
      "tools.ts": `import type { Settings } from "./types.js";

/** Applies the settings. */
export function apply(settings: Settings): string {
  return settings.color;
}

async function load(): Promise<void> {
  // later
}
`,
      "types.ts": "export interface Settings {\n  color: string;\n}\n",
      "aug.ts": 'import "./types.js";\n\ndeclare module "./types.js" {\n  interface Settings {\n    /** The size. */\n    size: number;\n  }\n}\n',
    },
    saves: [{ "tools.ts": replace("  // later\n", '  await import("./aug.js");\n') }],
    inPart: 0,
  },
  {
    // The definition memo replayed a definition's problems as they were first reported, with the path of
    // the function that read it first (`(property \`inner\` > property \`data\`)`): a fresh analysis
    // read `b` after `a` and replayed; the re-read in part read `b` with no memo and said
    // `(property \`data\`)`. The memo keeps each definition's reading and replays it at the new path.
    name: "a JSDoc edit of a tool whose type's problem an earlier tool's reading memoized",
    files: {
      "tools.ts": `/** Units. */
export type Unit = "m" | "km";

export interface Inner {
  data: unknown;
}

export interface Outer {
  inner: Inner;
}

/** A. */
export function a(o: Outer): number {
  return 1;
}

/** B. */
export function b(i: Inner): number {
  return 2;
}
`,
    },
    saves: [{ "tools.ts": replace("/** B. */", "/** B, reworded. */") }],
    inPart: 1,
  },
];

// ---------------------------------------------------------------------------------------------------
// Holds: tried, and right.
// ---------------------------------------------------------------------------------------------------

const HOLDS: readonly Scenario[] = [
  {
    name: "overload JSDoc: @tool added to the last overload, then @hidden on the first, then back",
    files: {
      "tools.ts": `/** Units. */
export type Unit = "m" | "km";

/** Formats a number. */
export function format(value: number): string;
/** Formats a string. */
export function format(value: string): string;
export function format(value: number | string): string {
  return String(value);
}

/** Later. */
export function later(label: string, onDone?: () => void): string {
  return label;
}
`,
    },
    saves: [
      { "tools.ts": replace("/** Formats a string. */", "/**\n * Formats a string.\n * @tool\n */") },
      { "tools.ts": replace("/** Formats a number. */", "/**\n * Formats a number.\n * @hidden\n */") },
      { "tools.ts": replace("/**\n * Formats a number.\n * @hidden\n */", "/** Formats a number. */") },
    ],
    inPart: 3,
  },
  {
    name: "@hidden on a function exported under three names (const alias, export list)",
    files: {
      "tools.ts": `/** Units. */
export type Unit = "m" | "km";

/** Adds. */
export function add(a: number, b: number): number {
  return a + b;
}

export const plus = add;
export { add as sum };

/** Later. */
export function later(label: string, onDone?: () => void): string {
  return label;
}
`,
    },
    saves: [{ "tools.ts": replace("/** Adds. */", "/**\n * Adds.\n * @hidden\n */") }],
    inPart: 1,
  },
  {
    name: "CRLF, BOM and tabs: a JSDoc grown by lines, a body edit, then the original text again",
    files: {
      "tools.ts": `\uFEFF${crlf(`// Tools.
import type { Mode } from "./types.js";

/**
\t * Picks a mode.
\t */
export function pick(mode: Mode): string {
\treturn mode;
}

/** Later. */
export function later(\tlabel: string,\tonDone?: () => void): string {
\treturn label;
}

/** Rest. */
export function rest(...items: string[]): number {
\treturn items.length;
}
`)}`,
      "types.ts": 'export type Mode = "a" | "b";\n',
    },
    saves: [
      { "tools.ts": replace("\t * Picks a mode.\r\n", "\t * Picks a mode,\r\n\t * in \u00e9 two\u2028lines.\r\n") },
      { "tools.ts": replace("\treturn label;\r\n", "\tconst out = label;\r\n\r\n\treturn out;\r\n") },
      { "tools.ts": replace("\t * Picks a mode,\r\n\t * in \u00e9 two\u2028lines.\r\n", "\t * Picks a mode.\r\n") },
    ],
    // ts7: 3 in part. ts6: 2 - ts-morph's refreshFromFileSystemSync gives the first save's text with LF
    // line ends and the BOM kept (the first read had CRLF and no BOM), so that save differs everywhere.

  },
  {
    name: "a const of two arrow functions: its JSDoc, then one expression body",
    files: {
      "tools.ts": `/** Units. */
export type Unit = "m" | "km";

/** Steps a counter. */
export const inc = (x: number): number => x + 1,
  dec = (x: number): number => x - 1;

/** Later. */
export function later(label: string, onDone?: () => void): string {
  return label;
}
`,
    },
    saves: [{ "tools.ts": replace("/** Steps a counter. */", "/**\n * Steps a counter\n * by one.\n */") }, { "tools.ts": replace("x + 1", "x + 1 + 0") }],
    inPart: 2,
  },
  {
    // `caller` infers its return type from `base`, whose return type is declared: a body edit of `base`
    // changes nothing another declaration sees.
    name: "the body of a typed helper that an inferred-return function calls",
    files: {
      "tools.ts": `/** Units. */
export type Unit = "m" | "km";

function base(x: number): { x: number } {
  return { x };
}

export function caller(x: number) {
  return base(x);
}

/** Uses it. */
export function uses(v: ReturnType<typeof caller>): number {
  return v.x;
}
`,
    },
    saves: [{ "tools.ts": replace("  return { x };\n", "  const y = { x, label: String(x) };\n  return y;\n") }],
    inPart: 1,
  },
  {
    name: "comments opened and closed inside regions; a JSDoc turned into a plain comment",
    files: {
      "tools.ts": `/** Units. */
export type Unit = "m" | "km";

/** The area. */
export function area(width: number): number {
  return width;
}

/** Later. */
export function later(label: string, onDone?: () => void): string {
  return label;
}
`,
    },
    saves: [
      { "tools.ts": replace("/** The area. */", "/* a note */ /** The area. */") },
      { "tools.ts": replace("  return width;\n", "  /* } */ return width; // }\n") },
      { "tools.ts": replace("/** The area. */", "/* The area. */") },
    ],
    inPart: 3,
  },
  {
    name: "the very edges of a block body: right after `{` and right before `}`",
    files: {
      "tools.ts": `/** Units. */
export type Unit = "m" | "km";

/** Scales. */
export const scale = function (value: number): number {return value * 2;};

/** Later. */
export function later(label: string, onDone?: () => void): string {
  return label;
}
`,
    },
    // The first save replaces the block's whole inside: the region's start is in the replaced range, so
    // `shifted` has no place for it and the file is read whole (conservative). The second inserts right
    // before `}` and is read in part.
    saves: [{ "tools.ts": replace("{return value * 2;}", "{ const k = 2; return value * k; }") }, { "tools.ts": replace("value * k; }", "value * k; /* end */}") }],
    inPart: 1,
  },
  {
    // The importer (another input, re-exporting the function) is read whole.
    name: "a region edit in a file another input re-exports from",
    files: {
      "tools.ts": `/** Units. */
export type Unit = "m" | "km";

/** Scales a value. */
export function scale(value: number): number {
  return value * 2;
}
`,
      "barrel.ts": 'export { scale as twice } from "./tools.js";\n',
    },
    inputs: ["tools.ts", "barrel.ts"],
    saves: [{ "tools.ts": replace("/** Scales a value. */", "/** Scales a value by two. */") }],
    inPart: 1,
  },
];

// ---------------------------------------------------------------------------------------------------
// Side findings, not the re-read in part: the ts6 watch's own refresh (ts-morph's
// refreshFromFileSystemSync) changed the text it read after a save - LF line ends, and a BOM the first
// read did not have - so a watch on ts6 differed from a fresh analysis. It reads the file as at first now.
// ---------------------------------------------------------------------------------------------------

const SIDE: readonly Scenario[] = [
  {
    name: "a BOM file whose tool is on line 1: columns on line 1 after a save",
    files: { "tools.ts": "\uFEFF/** Adds one. */ export function inc(x: number, onDone?: () => void): number {\n  return x + 1;\n}\n" },
    saves: [{ "tools.ts": replace("return x + 1;", "return x + 2;") }],
  },
  {
    name: "a CRLF file: a multi-line default quoted in a warning after a save",
    files: { "tools.ts": crlf("/** Clamps. */\nexport function clamp(x: number = Math.max(\n  1,\n  2,\n)): number {\n  return x;\n}\n") },
    saves: [{ "tools.ts": replace("return x;", "return x + 0;") }],
  },
];

describe.each(ENGINES)("engine %s: re-read in part, reviewed", (engine) => {
  describe("side: the watch's refresh", () => {
    it.each(SIDE)("$name", (scenario) => run(engine, scenario));
  });
  describe("found", () => {
    it.each(FOUND)("$name", (scenario) => run(engine, scenario));
  });
  describe("holds", () => {
    it.each(HOLDS)("$name", (scenario) => run(engine, scenario));
  });
});
