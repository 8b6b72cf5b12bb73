/**
 * Watch mode's import scan agrees with TypeScript's `preProcessFile` on every TypeScript file of this
 * repository and on a table of tricky cases (comments, strings, templates, regexes, `import.meta`).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { globSync } from "tinyglobby";
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { importSpecifiers } from "../src/output/import-scan.js";

/** TypeScript's answer; its scan misses `export * as ns from "x"`, which it is told as `export * from "x"`. */
const typescriptSays = (text: string): string[] =>
  ts.preProcessFile(text.replace(/export\s*\*\s*as\s+[\w$]+\s+from/g, "export * from"), true, false).importedFiles.map(({ fileName }) => fileName);

const repo = path.resolve(fileURLToPath(import.meta.url), "../../../..");
const files = globSync(["packages/*/src/**/*.ts", "packages/*/test/**/*.ts", "examples/**/*.ts", "scripts/**/*.ts", "test/**/*.ts"], {
  cwd: repo,
  absolute: true,
  ignore: ["**/node_modules/**", "**/dist/**"],
});

describe("importSpecifiers", () => {
  it("finds what TypeScript finds in every file of this repository", () => {
    expect(files.length).toBeGreaterThan(100);
    const differ = files.filter((file) => {
      const text = readFileSync(file, "utf8");
      return JSON.stringify(importSpecifiers(text)) !== JSON.stringify(typescriptSays(text));
    });
    expect(differ).toEqual([]);
  });

  const cases: [string, string][] = [
    ["every import and export form", 'import a from "./a.js";\nimport { b, c as d } from "./b.js";\nimport * as e from "./e.js";\nimport "./side.js";\nimport type { T } from "./t.js";\nexport { f } from "./f.js";\nexport * from "./g.js";\nexport * as h from "./h.js";\nexport type { U } from "./u.js";\nimport i = require("./i.js");\nconst j = await import("./j.js");\n'],
    ["comments and strings that look like imports", '// import x from "./no1.js"\n/* export * from "./no2.js" */\nconst s = "import y from \'./no3.js\'";\nimport z from "./yes.js";\n'],
    ["templates, nested", 'const t = `a ${`b ${ {}.x } import("./no.js")`} c`;\nimport k from "./k.js";\n'],
    ["regular expressions and division", 'const r = /"import\\/x"/g; const q = a / 2 / b;\nconst w = (1) / /[/"]/.source.length;\nimport l from "./l.js";\n'],
    ["not imports", 'import.meta.url; x.import("./no.js"); export const from = "./no.js"; export default "./no.js";\nexport function f(a = "./no.js") {}\n'],
  ];
  it.each(cases)("%s", (_name, text) => {
    expect(importSpecifiers(text)).toEqual(typescriptSays(text));
  });
});
