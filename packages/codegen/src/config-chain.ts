/**
 * The tsconfig an analysis uses and every config it extends: what watch mode follows for compiler option
 * changes. Read without a compiler (tsconfig is JSON with comments and trailing commas; `extends` is a
 * path or a package specifier, or a list of them), so a ts7 watch loads no TypeScript 6 for it.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { configFor } from "./tsconfig-path.js";

/** Absolute paths, the tsconfig first; none without a tsconfig. A link that does not resolve ends the chain there. */
export function configChain(files: readonly string[], tsconfig: string | undefined): string[] {
  const config = configFor(files, tsconfig);
  if (!config) return [];
  const chain: string[] = [];
  const visit = (file: string): void => {
    if (chain.includes(file)) return;
    chain.push(file);
    for (const specifier of extendsOf(file)) {
      const resolved = resolveExtends(specifier, file);
      if (resolved) visit(resolved);
    }
  };
  visit(path.resolve(config));
  return chain;
}

function extendsOf(file: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripJsonc(readFileSync(file, "utf8")));
  } catch {
    return [];
  }
  const value = (parsed as { extends?: unknown } | null)?.extends;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((entry): entry is string => typeof entry === "string" && entry.length > 0);
}

/** As TypeScript resolves `extends`: a relative or absolute path (`.json` optional), else a package's file. */
function resolveExtends(specifier: string, from: string): string | undefined {
  const dir = path.dirname(from);
  if (specifier.startsWith(".") || path.isAbsolute(specifier)) {
    const base = path.resolve(dir, specifier);
    // A missing file stays in the chain (as TypeScript keeps it): its appearing changes the options.
    const withJson = base.endsWith(".json") ? base : `${base}.json`;
    return existsSync(base) && base.endsWith(".json") ? base : withJson;
  }
  const require = createRequire(from);
  for (const candidate of [specifier, `${specifier}.json`, `${specifier}/tsconfig.json`]) {
    try {
      return require.resolve(candidate);
    } catch {
      // next candidate
    }
  }
  return undefined;
}

/** JSON with comments and trailing commas -> JSON (strings kept intact). */
export function stripJsonc(text: string): string {
  return scan(scan(text, dropComment), dropTrailingComma);
}

type Rule = (text: string, at: number) => { skip: number; put: string } | undefined;

/** Copies `text`, strings whole, applying `rule` outside strings. */
function scan(text: string, rule: Rule): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      out += text.slice(i, end + 1);
      i = end;
      continue;
    }
    const change = rule(text, i);
    if (change) {
      out += change.put;
      i += change.skip - 1;
    } else {
      out += text[i];
    }
  }
  return out;
}

const dropComment: Rule = (text, at) => {
  if (text[at] !== "/") return undefined;
  if (text[at + 1] === "/") {
    const end = text.indexOf("\n", at);
    return { skip: (end < 0 ? text.length : end) - at, put: "" };
  }
  if (text[at + 1] === "*") {
    const end = text.indexOf("*/", at + 2);
    return { skip: (end < 0 ? text.length : end + 2) - at, put: " " };
  }
  return undefined;
};

const dropTrailingComma: Rule = (text, at) => (text[at] === "," && /^\s*[}\]]/.test(text.slice(at + 1)) ? { skip: 1, put: "" } : undefined);
