/**
 * JSDoc reading: summaries (D7) and the tags that become schema keywords (D8, D9, D15).
 */
import type { ts } from "ts-morph";
import type { ConstraintKeyword, IrAnnotations, IrType, JsonValue } from "../ir/types.js";
import type { DefinitionLookup } from "./judgments.js";
import { inertConstraints, withoutConstraints } from "../ir/constraint-fit.js";
import type { Compiler, Problem, ReadContext, SourceLocation } from "./context.js";
import { locationOf } from "./location.js";
import { docFromText, sameLineComment, stripTsdocSeparator, unescapeDoc } from "./jsdoc-text.js";

export interface DocTag {
  readonly name: string;
  readonly text: string;
  /** For `@param x` / `@param opts.x`: the dotted name as written. */
  readonly paramName?: string;
  /** Where the tag is written (its `@`). */
  readonly location: SourceLocation;
}

export interface Doc {
  /** Text before the first block tag, trimmed; undefined when empty. */
  readonly summary?: string;
  readonly tags: readonly DocTag[];
}

/**
 * A JSDoc comment's text, its `{@link ...}` parts as the source writes them (one line): the compilers
 * rebuild a link each in its own way (`{@link A#b}` is `A.b` on TypeScript 7, `{@link ./x}` gains a
 * space on 6), and TypeScript 7's client throws on a link to no name (`{@link ./file.js}`).
 */
function commentText(comment: string | readonly ts.JSDocComment[] | undefined, ts: Compiler): string | undefined {
  if (comment === undefined || typeof comment === "string") return comment;
  return comment
    .map((part) => (part.kind === ts.SyntaxKind.JSDocText ? part.text : part.getText().replace(/\s*\n\s*(?:\*\s*)?/g, " ")))
    .join("");
}

/**
 * The JSDoc block attached directly to `node` (the last one, as TypeScript does), if any; one holding a
 * fenced code block, and a member's written on its own line before it, read from the text (jsdoc-text.ts).
 */
export function readDoc(node: ts.Node, ts: Compiler): Doc | undefined {
  const blocks = (node as { jsDoc?: readonly ts.JSDoc[] }).jsDoc;
  const block = blocks?.at(-1);
  const file = node.getSourceFile();
  if (!block) {
    const member = ts.isPropertySignature(node) || ts.isPropertyDeclaration(node) || ts.isEnumMember(node);
    const written = member ? sameLineComment(node, file) : undefined;
    return written && docFromText(written.raw, written.start, file);
  }
  // A JSDoc node's range may start before its `/**` (the whitespace ahead of it).
  const open = file.text.indexOf("/**", block.pos);
  const raw = file.text.slice(open, block.end);
  return FENCED.test(raw) ? docFromText(raw, open, file) : compilerDoc(block, file, ts);
}

/** A JSDoc block as the compiler parsed it. */
export function compilerDoc(block: ts.JSDoc, file: ts.SourceFile, ts: Compiler): Doc {
  const comment = commentText(block.comment, ts);
  const summary = comment === undefined ? undefined : unescapeDoc(comment).trim();
  const tags = (block.tags ?? []).map((tag): DocTag => {
    const text = unescapeDoc(commentText(tag.comment, ts) ?? "").trim();
    const location = { file: file.fileName, ...locationOf(tag, file) };
    if (ts.isJSDocParameterTag(tag)) {
      return { name: "param", text: stripTsdocSeparator(text), paramName: entityNameText(tag.name, ts), location };
    }
    return { name: tag.tagName.text, text, location };
  });
  return { ...(summary ? { summary } : {}), tags };
}

/**
 * A comment the compilers read apart: one with a code fence (`` ``` `` anywhere: TypeScript 7 counts its
 * backticks even mid-line) or a `~~~` fence opening a line.
 */
const FENCED = /```|(?:^|\n)[\t ]*\*?[\t ]*~~~/;

export function hasTag(doc: Doc | undefined, ...names: string[]): boolean {
  return doc?.tags.some((tag) => names.includes(tag.name)) ?? false;
}

function entityNameText(name: ts.EntityName, ts: Compiler): string {
  return ts.isIdentifier(name) ? name.text : `${entityNameText(name.left, ts)}.${name.right.text}`;
}

const numericConstraints: readonly ConstraintKeyword[] = [
  "multipleOf",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
];

/** A tag that sets a constraint keyword (`@minimum`, `@maxLength`, `@pattern`, ...). */
export function isConstraintTag(name: string): boolean {
  return name === "pattern" || numericConstraints.includes(name as ConstraintKeyword);
}

/**
 * Schema keywords from the tags of a parameter's or property's JSDoc. Bad values are reported and
 * left out rather than guessed.
 */
export function annotationsFromTags(tags: readonly DocTag[], reportAt: (problem: Problem) => void): IrAnnotations {
  const constraints: { [K in ConstraintKeyword]?: JsonValue } = {};
  const examples: JsonValue[] = [];
  let result: {
    -readonly [K in keyof IrAnnotations]: IrAnnotations[K];
  } = {};
  for (const tag of tags) {
    const report = (problem: Problem) => reportAt({ ...problem, at: tag.location });
    const keyword = tag.name as ConstraintKeyword;
    if (numericConstraints.includes(keyword)) {
      const value = Number(tag.text);
      if (tag.text === "" || !Number.isFinite(value)) {
        report({
          severity: "error",
          message: `@${tag.name} needs a number, got ${JSON.stringify(tag.text)}`,
          hint: `write e.g. \`@${tag.name} 1\``,
        });
        continue;
      }
      if (keyword === "multipleOf" && !(value > 0)) {
        report({
          severity: "error",
          message: `@multipleOf needs a number above 0, got ${tag.text}`,
          hint: "write e.g. `@multipleOf 0.5`",
        });
        continue;
      }
      if (keyword.endsWith("Length") || keyword.endsWith("Items")) {
        if (!Number.isInteger(value) || value < 0) {
          report({
            severity: "error",
            message: `@${tag.name} needs a non-negative integer, got ${tag.text}`,
            hint: `write e.g. \`@${tag.name} 1\``,
          });
          continue;
        }
      }
      constraints[keyword] = value;
    } else if (tag.name === "pattern") {
      const pattern = stringValue(tag.text);
      try {
        new RegExp(pattern, "u");
      } catch (error) {
        report({
          severity: "error",
          message: `@pattern is not a valid regular expression: ${(error as Error).message}`,
          hint: "write the pattern bare, e.g. `@pattern ^[a-z]+$`",
        });
        continue;
      }
      constraints.pattern = pattern;
    } else if (((tag.name === "format" || tag.name === "title") && stringValue(tag.text) === "") || (tag.name === "default" && tag.text.trim() === "")) {
      report({
        severity: "error",
        message: `@${tag.name} needs a value`,
        hint: tag.name === "format" ? "write e.g. `@format email`" : tag.name === "title" ? "write e.g. `@title Name`" : 'write it as JSON, e.g. `@default 3` or `@default "text"`',
      });
    } else if (tag.name === "format") {
      result.format = stringValue(tag.text);
    } else if (tag.name === "title") {
      result.title = stringValue(tag.text);
    } else if (tag.name === "deprecated") {
      result.deprecated = true;
    } else if (tag.name === "default") {
      // `@default undefined` documents that there is none.
      if (tag.text.trim() !== "undefined") result.default = jsonValue(tag.text);
    } else if (tag.name === "example" || tag.name === "examples") {
      examples.push(jsonValue(tag.text));
    } else if (tag.name === "description") {
      result.description = tag.text;
    }
  }
  if (Object.keys(constraints).length) result = { ...result, constraints };
  if (examples.length) result = { ...result, examples };
  return result;
}

/**
 * The annotations without the constraint tags no value of `type` is subject to (`@minimum` on a string),
 * each reported as a warning at its tag (ir/constraint-fit.ts).
 */
export function withoutInertConstraints(
  annotations: IrAnnotations,
  type: IrType,
  tags: readonly DocTag[],
  lookup: DefinitionLookup,
  reportAt: (problem: Problem) => void,
): IrAnnotations {
  const inert = inertConstraints(annotations, type, lookup);
  for (const { keyword, message, hint } of inert) {
    const tag = tags.findLast((candidate) => candidate.name === keyword);
    reportAt({ severity: "warning", message, hint, ...(tag ? { at: tag.location } : {}) });
  }
  return withoutConstraints(annotations, inert);
}

/**
 * JSON when the text parses as JSON (`@default 3`, `@example {"a":1}`); a string in single quotes, as
 * JavaScript writes it (`@default 'en-US'`, common in libraries' declarations), is that string; else the
 * text itself.
 */
function jsonValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    const quoted = /^'([^'\\]*)'$/.exec(text);
    return quoted ? (quoted[1] as string) : text;
  }
}

/** A bare string, or a JSON string literal for values with leading/trailing spaces. */
function stringValue(text: string): string {
  if (text.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "string") return parsed;
    } catch {
      // not JSON: take it as written
    }
  }
  return text;
}
