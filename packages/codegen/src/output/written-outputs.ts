/**
 * What a watch last wrote to each output, so the next cycle can tell "unchanged" without reading a
 * megabyte back. The memory is trusted only while the file's stat (inode, size, mtime to the
 * nanosecond) is still the one recorded; anything else (an edit, a checkout, a delete behind the watch's
 * back) sends the comparison to the file itself.
 */
import { readIfExists, type OutputFile } from "./atomic-write.js";
import { stampOf } from "./stamp.js";

/** A file's content as it was written: its text, or the pieces of its bytes (OutputFile.pieces). */
interface Written {
  readonly text?: string;
  readonly pieces?: readonly Buffer[];
  readonly stamp: string;
}

export class WrittenOutputs {
  private readonly last = new Map<string, Written>();

  /** Whether the file holds `output` now: from memory while the file is still what was written, else read. */
  holds(output: OutputFile): boolean {
    const known = this.last.get(output.path);
    const stamp = stampOf(output.path);
    if (known !== undefined && stamp !== undefined && known.stamp === stamp) {
      // Pieces kept for tools not read again are the same buffers: only the others are compared.
      if (known.pieces && output.pieces) return samePieces(known.pieces, output.pieces);
      const same = textOf(known) === output.text;
      // Next time, the pieces are compared.
      if (same && output.pieces) this.last.set(output.path, { pieces: output.pieces, stamp });
      return same;
    }
    this.last.delete(output.path);
    const text = readIfExists(output.path);
    // Stamped before reading: a write landing in between makes the stamp stale, so it is read again next time.
    if (text !== undefined && stamp !== undefined) this.last.set(output.path, { text, stamp });
    return text === output.text;
  }

  /** Records `output` as the content of its file, whose stat was taken as `stamp` (see `stampOf`). */
  remember(output: OutputFile, stamp: string | undefined): void {
    if (stamp === undefined) this.last.delete(output.path);
    else this.last.set(output.path, output.pieces ? { pieces: output.pieces, stamp } : { text: output.text, stamp });
  }

  forget(file: string): void {
    this.last.delete(file);
  }
}

function textOf(written: Written): string {
  return written.text ?? Buffer.concat(written.pieces ?? []).toString("utf8");
}

function samePieces(a: readonly Buffer[], b: readonly Buffer[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((piece, index) => piece === b[index] || piece.equals(b[index] as Buffer));
}
