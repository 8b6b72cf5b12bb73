/**
 * Our reading of a JSDoc comment's text (src/reader/jsdoc-text.ts) against TypeScript 6's own JSDoc, on
 * comments both read whole (no code fence): the same summary and tags. Then what only ours reads: fenced
 * code blocks, and a comment on the same line as the member after it.
 */
import path from "node:path";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { ts } from "ts-morph";
import { afterAll, describe, expect, it } from "vitest";
import { compilerDoc, type Doc } from "../src/reader/jsdoc.js";
import { docFromText } from "../src/reader/jsdoc-text.js";
import { analyze, ENGINES } from "../src/index.js";

const COMMENTS: readonly string[] = [
  "/** One line. */",
  "/**\n * Two\n * lines.\n */",
  "/**\n * Para one.\n *\n * Para two.\n */",
  "/**\n *   Indented first.\n *      deeper\n * back\n */",
  "/** Email a@b.com and @remarks foo */",
  "/** The size. @minimum 1 */",
  "/** @minimum 1 */",
  "/**\n * Sum.\n * @param x the x @minimum 2 more\n * @param {string} [y=3] - the y\n *   continued\n * @returns {number} r\n */",
  "/**\n * @param {Array<{ a: string }>} items the items\n * @param opts.limit - at most\n * @param [maybe] optional one\n */",
  "/**\n * @param x\n * the x on the next line\n */",
  "/**\n * Reads {@link Other#m} and {@link\n * module:foo/bar across lines}.\n * @param a see {@linkcode A | code}\n */",
  "/**\n * Tabs\there.\n * @default 3\n * @example {\"a\": 1}\n * @example\n * {\"b\": 2}\n */",
  "/**\r\n * Windows\r\n * lines.\r\n * @param a text\r\n */",
  "/**\n No stars\n here.\n */",
  "/**\n * Escaped *\\/ end.\n */",
  "/** */",
  "/**\n * @deprecated\n * @internal\n */",
  "/**\n * Trailing spaces   \n * @param a -\n */",
  "/**\n * Uses `inline code` and @ sign.\n * @param a a `b` c\n */",
];

const dir = mkdtempSync(path.join(tmpdir(), "toolsmith-jsdoc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The comment in front of a function, read by TypeScript 6 (readDoc) and by us (docFromText). */
function bothReadings(comment: string): { compiler: Doc | undefined; ours: Doc } {
  const text = `${comment}\nexport function f(a: number, x: number, y: number, items: unknown[], opts: object, maybe?: number): void {}\n`;
  const file = ts.createSourceFile(path.join(dir, "a.ts"), text, ts.ScriptTarget.Latest, true);
  const fn = file.statements[0] as ts.FunctionDeclaration & { jsDoc?: ts.JSDoc[] };
  const block = fn.jsDoc?.at(-1);
  return { compiler: block && compilerDoc(block, file, ts), ours: docFromText(comment, 0, file) };
}

describe("a JSDoc comment's text, read as TypeScript 6 reads it", () => {
  it.each(COMMENTS.map((comment) => [JSON.stringify(comment).slice(0, 60), comment]))("%s", (_label, comment) => {
    const { compiler, ours } = bothReadings(comment);
    expect(ours).toEqual(compiler ?? { tags: [] });
  });
});

describe.each(ENGINES)("engine %s: what the compilers read apart", (engine) => {
  const tools = [
    "interface Opts { /** The size. @minimum 1 */ size: number; name: string }",
    "/**",
    " * Formats text.",
    " * ```ts",
    " * @param x is example code, not a tag",
    " * ```",
    " * One ``` mid-line does not open a block.",
    " * @param text the text",
    " */",
    "export function fmt(text: string, opts: Opts): string { return text; }",
    "",
  ].join("\n");

  it("a fenced block's lines stay in the text, and a member's doc on the line of `{` is its own", () => {
    const file = path.join(dir, `${engine}-tools.ts`);
    writeFileSync(file, tools);
    const result = analyze({ engine, files: [file] });
    expect(result.diagnostics).toEqual([]);
    const [tool] = result.tools;
    expect(tool?.description).toBe("Formats text.\n```ts\n@param x is example code, not a tag\n```\nOne ``` mid-line does not open a block.");
    const parameters = tool?.parameters as unknown as { properties: { text: { description?: string } }; $defs: { Opts: unknown } };
    expect(parameters.properties.text.description).toBe("the text");
    expect(parameters.$defs.Opts).toEqual({
      properties: { size: { description: "The size.", minimum: 1, type: "number" }, name: { type: "string" } },
      required: ["size", "name"],
      type: "object",
    });
  });
});
