/** Where a node starts, 1-based, as diagnostics give it. */
import type { ts } from "ts-morph";
import type { IrLocation } from "../ir/types.js";

export function locationOf(node: ts.Node, file: ts.SourceFile): IrLocation {
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
  return { line: line + 1, column: character + 1 };
}
