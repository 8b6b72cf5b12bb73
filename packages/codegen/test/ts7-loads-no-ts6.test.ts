/**
 * `--engine ts7` must load no TypeScript 6 (ts-morph costs ~0.5 s to load), and it runs the same reader
 * as ts6 (src/reader, src/analyze-file.ts), which takes the compiler as a value from the engine and
 * imports only its types. This walks the modules the CLI loads up front, plus the ts7 engine it imports
 * on demand, through every import that loads a module at run time (under `verbatimModuleSyntax`, all but
 * `import type` / `export type`), and asserts that none of them is TypeScript 6.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src");
const TS6 = /^(ts-morph|@ts-morph\/common|typescript)(\/|$)/;

/** Specifiers the module loads when it is evaluated (static value imports and re-exports). */
function loadedSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly && ts.isStringLiteral(statement.moduleSpecifier)) {
      out.push(statement.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      out.push(statement.moduleSpecifier.text);
    }
  }
  return out;
}

/** Every package specifier the modules reachable from `entries` load, with the module that loads it. */
function packagesLoaded(entries: readonly string[]): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of loadedSpecifiers(file)) {
      if (specifier.startsWith(".")) queue.push(path.resolve(path.dirname(file), specifier.replace(/\.js$/, ".ts")));
      else if (!packages.has(specifier)) packages.set(specifier, path.relative(src, file));
    }
  }
  expect(seen.size).toBeGreaterThan(10);
  return packages;
}

describe("the ts7 engine", () => {
  it("loads no TypeScript 6: no module on its path imports ts-morph or typescript as a value", () => {
    const loaded = packagesLoaded([path.join(src, "cli.ts"), path.join(src, "ts7/analyze.ts")]);
    expect(loaded.has("typescript7/unstable/sync")).toBe(true);
    const ts6 = [...loaded].filter(([specifier]) => TS6.test(specifier)).map(([specifier, by]) => `${by} imports ${specifier}`);
    expect(ts6).toEqual([]);
  });

  it("the check notices one: the ts6 engine's modules do load it", () => {
    const loaded = packagesLoaded([path.join(src, "analyze.ts")]);
    expect([...loaded.keys()].filter((specifier) => TS6.test(specifier))).toContain("ts-morph");
  });
});
