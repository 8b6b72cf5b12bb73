/**
 * Watch mode follows the tsconfig and every config it extends, read without a compiler: checked against
 * TypeScript's own reading of the same chains (relative paths with and without `.json`, a package's
 * tsconfig, a list of `extends`, comments and trailing commas, a link that does not resolve).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ts } from "ts-morph";
import { afterAll, describe, expect, it } from "vitest";
import { configChain, stripJsonc } from "../src/config-chain.js";

const root = mkdtempSync(path.join(tmpdir(), "toolsmith-config-chain-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text: string): string {
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

/** TypeScript's answer: the config and the keys of the extended-config cache its parse fills. */
function typescriptChain(config: string): string[] {
  const read = ts.readConfigFile(config, ts.sys.readFile);
  const extended = new Map<string, ts.ExtendedConfigCacheEntry>();
  ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(config), undefined, config, undefined, undefined, extended);
  return [config, ...[...extended.keys()].map((file) => path.resolve(file))];
}

describe("configChain", () => {
  write("node_modules/@tsconfig/strictest/tsconfig.json", '{ "compilerOptions": { "strict": true } }');
  write("node_modules/@tsconfig/strictest/package.json", '{ "name": "@tsconfig/strictest", "version": "1.0.0" }');
  write("base/common.json", '{\n  // shared\n  "compilerOptions": { "target": "es2022", },\n}\n');
  write("base/node.json", '{ "extends": "./common", /* no .json */ "compilerOptions": { "module": "nodenext" } }');
  const cases: [string, string, string][] = [
    ["a relative path, then one without .json", "rel/tsconfig.json", '{ "extends": "../base/node.json" }'],
    ["a package's tsconfig", "pkg/tsconfig.json", '{ "extends": "@tsconfig/strictest/tsconfig.json" }'],
    ["a list of configs", "list/tsconfig.json", '{ "extends": ["../base/common.json", "@tsconfig/strictest/tsconfig.json"], }'],
    ["a link that does not resolve", "broken/tsconfig.json", '{ "extends": "./missing.json" }'],
    ["no extends", "plain/tsconfig.json", '{ "compilerOptions": {} }'],
  ];
  it.each(cases)("%s: as TypeScript reads it", (_name, file, text) => {
    const config = write(file, text);
    const input = write(path.join(path.dirname(file), "tool.ts"), "export const x = 1;\n");
    expect(configChain([input], undefined).sort()).toEqual(typescriptChain(config).sort());
  });

  it("is empty without a tsconfig", () => {
    expect(configChain([path.join(tmpdir(), "nowhere", "tool.ts")], undefined)).toEqual([]);
  });
});

describe("stripJsonc", () => {
  it("drops comments and trailing commas, and keeps them inside strings", () => {
    const text = '{ // line\n "a": "x // y, }", /* block */ "b": [1, 2,], "c": { "d": "\\"q\\",]", },\n}';
    expect(JSON.parse(stripJsonc(text))).toEqual({ a: "x // y, }", b: [1, 2], c: { d: '"q",]' } });
  });
});
