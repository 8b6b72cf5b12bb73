/**
 * A watch's re-read in part (src/file-readings.ts): after a save that touched one function's JSDoc or
 * the body of a function that declares its return type, only that statement's functions are read again,
 * and the analysis is exactly what a fresh analysis of the new files gives - positions after the edit
 * moved, diagnostics included. Every other edit reads the file whole. On both engines.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createAnalyzer, ENGINES, type Analyzer } from "../src/index.js";
import { LineMap, shiftedLocation, textEdit } from "../src/text-edit.js";

const TOOLS = `import type { Mode } from "./types.js";

/** Adds. */
export function add(a: number, b: number = 1): number {
  return a + b;
}

export const adds = add;

/**
 * Scales a value.
 * @param factor How much.
 */
export function scale(value: number, factor: number): number {
  const out = value * factor;
  return out;
}

function helper(value: number): number {
  return value * 2;
}

export const pick = (mode: Mode, count: number): string => {
  return \`\${mode}\${count}\`;
};

export interface Box {
  /** The width. */
  width: number;
}

/** The area. */
export function area(box: Box): number {
  return box.width;
}

export function inferred(x: number) {
  return { x, twice: x * 2 };
}

export function uses(value: ReturnType<typeof inferred>): number {
  return value.x;
}

/** Later: its optional callback is left out, with a warning located after every edit above. */
export function later(label: string, onDone?: () => void): string {
  onDone?.();
  return label;
}
`;

const FIRST = "/** First. */\nexport function first(x: number): number {\n  return x;\n}\n";
const TYPES = 'export type Mode = "a" | "b";\n';

interface Case {
  readonly name: string;
  /** The new text of each edited file. */
  readonly edit: { readonly [file: string]: (text: string) => string };
  /** How many files were re-read in part, and how many functions they read. */
  readonly expected: { readonly inPart: number; readonly functionsRead: number };
}

const replace = (from: string, to: string) => (text: string) => {
  expect(text).toContain(from);
  return text.replace(from, to);
};

const CASES: readonly Case[] = [
  // `adds` is `add` under another name, its JSDoc add's: both are read again.
  { name: "a JSDoc summary", edit: { "tools.ts": replace("/** Adds. */", "/** Adds two numbers. */") }, expected: { inPart: 1, functionsRead: 2 } },
  { name: "a JSDoc grown by lines", edit: { "tools.ts": replace(" * Scales a value.\n", " * Scales a value,\n * by a factor,\n * as asked.\n") }, expected: { inPart: 1, functionsRead: 1 } },
  { name: "a @param tag", edit: { "tools.ts": replace("How much.", "How much to scale by.") }, expected: { inPart: 1, functionsRead: 1 } },
  { name: "a body, lines added", edit: { "tools.ts": replace("  const out = value * factor;\n", "  const out = value * factor;\n  const unused = [out,\n    out];\n") }, expected: { inPart: 1, functionsRead: 1 } },
  { name: "a body, lines removed", edit: { "tools.ts": replace("  const out = value * factor;\n  return out;\n", "  return value * factor;\n") }, expected: { inPart: 1, functionsRead: 1 } },
  { name: "an arrow function's body", edit: { "tools.ts": replace("return `${mode}${count}`;", "return `${count}:${mode}`;") }, expected: { inPart: 1, functionsRead: 1 } },
  // A function that is no tool, whose type is its signature's: no function is read again, all moved.
  { name: "a helper's body", edit: { "tools.ts": replace("  return value * 2;\n", "  const twice = value * 2;\n  return twice;\n") }, expected: { inPart: 1, functionsRead: 0 } },
  { name: "a helper's JSDoc", edit: { "tools.ts": replace("function helper(", "/** Helps. */\nfunction helper(") }, expected: { inPart: 0, functionsRead: 0 } },
  { name: "blank lines between functions", edit: { "tools.ts": replace("\n/**\n * Scales", "\n\n\n/**\n * Scales") }, expected: { inPart: 1, functionsRead: 1 } },
  // Its return type is the body's: `uses` takes it.
  { name: "the body of a function that infers its return type", edit: { "tools.ts": replace("twice: x * 2", "twice: x * 2, label: String(x)") }, expected: { inPart: 0, functionsRead: 0 } },
  { name: "a type's member's JSDoc", edit: { "tools.ts": replace("/** The width. */", "/** The box's width. */") }, expected: { inPart: 0, functionsRead: 0 } },
  { name: "a signature", edit: { "tools.ts": replace("scale(value: number, factor: number)", "scale(value: number, factor: number, round?: boolean)") }, expected: { inPart: 0, functionsRead: 0 } },
  { name: "a comment closed early (a parse error)", edit: { "tools.ts": replace("Scales a value.", "Scales */ a value.") }, expected: { inPart: 0, functionsRead: 0 } },
  { name: "a comment turned into code", edit: { "tools.ts": replace("/** The area. */", "/** The area. */ export const extra = 1;") }, expected: { inPart: 0, functionsRead: 0 } },
  // The first statement's comments may hold directives for the whole file.
  { name: "the JSDoc of a file's first statement", edit: { "first.ts": replace("/** First. */", "/** The first. */") }, expected: { inPart: 0, functionsRead: 0 } },
  // The kept results of one file's functions may depend on the other file.
  { name: "two files saved at once", edit: { "tools.ts": replace("/** Adds. */", "/** Adds up. */"), "types.ts": replace('"b"', '"b" | "c"') }, expected: { inPart: 0, functionsRead: 0 } },
  { name: "a save that changed nothing", edit: { "tools.ts": (text) => text }, expected: { inPart: 0, functionsRead: 0 } },
];

const dirs: string[] = [];
const analyzers: Analyzer[] = [];
afterEach(() => {
  for (const analyzer of analyzers.splice(0)) analyzer.close?.();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): { dir: string; inputs: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), "toolsmith-readings-"));
  dirs.push(dir);
  writeFileSync(path.join(dir, "tools.ts"), TOOLS);
  writeFileSync(path.join(dir, "first.ts"), FIRST);
  writeFileSync(path.join(dir, "types.ts"), TYPES);
  return { dir, inputs: [path.join(dir, "tools.ts"), path.join(dir, "first.ts")] };
}

function opened(engine: (typeof ENGINES)[number], files: string[]): Analyzer {
  const analyzer = createAnalyzer({ engine, files });
  analyzers.push(analyzer);
  return analyzer;
}

describe.each(ENGINES)("engine %s: a watch re-reads only the functions an edit touched", (engine) => {
  it.each(CASES)("$name", ({ edit, expected }) => {
    const { dir, inputs } = project();
    const analyzer = opened(engine, inputs);
    const before = analyzer.analyze();
    expect(before.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining("later(onDone)"));
    const counted = { ...analyzer.rereads };

    const changed = Object.entries(edit).map(([name, change]) => {
      const file = path.join(dir, name);
      writeFileSync(file, change(readFileSync(file, "utf8")));
      return file;
    });
    analyzer.update(changed);
    const after = analyzer.analyze();

    expect(after).toEqual(opened(engine, inputs).analyze());
    expect({
      inPart: (analyzer.rereads?.inPart ?? 0) - (counted.inPart ?? 0),
      functionsRead: (analyzer.rereads?.functionsRead ?? 0) - (counted.functionsRead ?? 0),
    }).toEqual(expected);
    if (expected.inPart) {
      // What was not read again is what was read before (moved, when lines came or went above it).
      const kept = after.tools.filter((tool) => before.tools.some((old) => old === tool)).length;
      expect(kept).toBeGreaterThan(0);
    }
  });

  it("counts positions in UTF-16 code units as the compiler does, after text that is not ASCII", () => {
    const { dir, inputs } = project();
    const file = path.join(dir, "tools.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace("/** Adds. */", "/** Adds: é, ü, 😀, 中文. */"));
    const analyzer = opened(engine, inputs);
    analyzer.analyze();
    const count = analyzer.rereads?.inPart ?? 0;
    writeFileSync(file, replace("Scales a value.", "Scales a value: ß, 🚀.")(readFileSync(file, "utf8")));
    analyzer.update([file]);
    expect(analyzer.analyze()).toEqual(opened(engine, inputs).analyze());
    writeFileSync(file, replace("  const out = value * factor;\n", "  const out = value * factor; // ½\n  void out;\n")(readFileSync(file, "utf8")));
    analyzer.update([file]);
    expect(analyzer.analyze()).toEqual(opened(engine, inputs).analyze());
    expect((analyzer.rereads?.inPart ?? 0) - count).toBe(2);
  });

  it("goes on re-reading in part across saves, and reads whole again after an edit it cannot take", () => {
    const { dir, inputs } = project();
    const analyzer = opened(engine, inputs);
    analyzer.analyze();
    const file = path.join(dir, "tools.ts");
    const steps: [from: string, to: string, inPart: boolean][] = [
      ["/** Adds. */", "/** Adds (1). */", true],
      ["/** Adds (1). */", "/** Adds (2). */", true],
      ["return label;", "return label.trim();", true],
      ["scale(value: number,", "scale(value: number | string,", false],
      ["The area.", "The area (3).", true],
    ];
    for (const [from, to, inPart] of steps) {
      const count = analyzer.rereads?.inPart ?? 0;
      writeFileSync(file, replace(from, to)(readFileSync(file, "utf8")));
      analyzer.update([file]);
      expect(analyzer.analyze()).toEqual(opened(engine, inputs).analyze());
      expect((analyzer.rereads?.inPart ?? 0) - count).toBe(inPart ? 1 : 0);
    }
  });
});

describe("textEdit", () => {
  it.each([
    ["abcdef", "abXYef", { start: 2, end: 4 }, 0],
    ["abc", "abc!", { start: 3, end: 3 }, 1],
    ["aaaa", "aa", { start: 2, end: 4 }, -2],
    ["", "x", { start: 0, end: 0 }, 1],
  ])("%j -> %j", (before, after, old, delta) => {
    const edit = textEdit(before, after);
    expect(edit).toEqual({ old, delta });
    expect(before.slice(0, edit.old.start) + after.slice(edit.old.start, edit.old.end + edit.delta) + before.slice(edit.old.end)).toBe(after);
  });

  it("moves a location after the edit by the lines and columns it added, counting line ends as TypeScript does", () => {
    const before = "a\r\nb\rc\u2028d\ne";
    const after = "a\r\nX\nY b\rc\u2028d\ne";
    const edit = textEdit(before, after);
    const maps = { before: new LineMap(before), after: new LineMap(after) };
    expect(shiftedLocation({ line: 1, column: 1 }, edit, maps.before, maps.after)).toEqual({ line: 1, column: 1 });
    expect(shiftedLocation({ line: 2, column: 1 }, edit, maps.before, maps.after)).toEqual({ line: 3, column: 3 });
    expect(shiftedLocation({ line: 4, column: 1 }, edit, maps.before, maps.after)).toEqual({ line: 5, column: 1 });
    expect(shiftedLocation({ line: 5, column: 1 }, edit, maps.before, maps.after)).toEqual({ line: 6, column: 1 });
  });
});
