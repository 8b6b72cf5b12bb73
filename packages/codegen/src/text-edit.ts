/**
 * One save of a file seen as a single edit: the range of the old text that was replaced, and what the
 * positions after it become. A watch uses it to keep what it read outside the edit (src/file-readings.ts).
 * Pure text work: no compiler.
 */

/** Offsets are UTF-16 code units, as TypeScript counts them; `end` is exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface TextEdit {
  /** The old text's replaced range (empty for an insertion). */
  readonly old: Span;
  /** How much longer the new text is (negative: shorter). */
  readonly delta: number;
}

/** The smallest single range whose replacement turns `before` into `after` (its common prefix and suffix kept). */
export function textEdit(before: string, after: string): TextEdit {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < shorter - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { old: { start, end: before.length - suffix }, delta: after.length - before.length };
}

/** Where an old offset is in the new text; undefined inside the replaced range, which has no counterpart. */
export function shifted(offset: number, edit: TextEdit): number | undefined {
  if (offset < edit.old.start) return offset;
  if (offset >= edit.old.end) return offset + edit.delta;
  return undefined;
}

/**
 * Line starts as TypeScript computes them (`\r\n`, `\r`, `\n`, U+2028 and U+2029 end a line), so that a
 * 1-based line and column convert to and from an offset the way the compiler gave them.
 */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (code === 10 || code === 13 || code === 0x2028 || code === 0x2029) this.starts.push(i + 1);
    }
  }

  offsetOf(line: number, column: number): number | undefined {
    const start = this.starts[line - 1];
    return start === undefined ? undefined : start + column - 1;
  }

  locationOf(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.starts[low] as number) + 1 };
  }
}

/**
 * Moves a 1-based location in the old text to where it is in the new one; undefined when it was inside
 * the replaced range (or is not a location in the old text at all).
 */
export function shiftedLocation(
  location: { line: number; column: number },
  edit: TextEdit,
  before: LineMap,
  after: LineMap,
): { line: number; column: number } | undefined {
  const offset = before.offsetOf(location.line, location.column);
  if (offset === undefined) return undefined;
  const moved = shifted(offset, edit);
  if (moved === undefined) return undefined;
  return moved === offset && offset < edit.old.start ? location : after.locationOf(moved);
}
