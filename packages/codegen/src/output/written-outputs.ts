/**
 * What a watch last wrote to each output, so the next cycle can tell "unchanged" without reading a
 * megabyte back. The memory is trusted only while the file's stat (inode, size, mtime to the
 * nanosecond) is still the one recorded; anything else (an edit, a checkout, a delete behind the watch's
 * back) sends the comparison to the file itself.
 */
import { readIfExists } from "./atomic-write.js";
import { stampOf } from "./stamp.js";

export class WrittenOutputs {
  private readonly last = new Map<string, { text: string; stamp: string }>();

  /** The file's current text (undefined when it does not exist): from memory when it is still ours. */
  current(file: string): string | undefined {
    const known = this.last.get(file);
    const stamp = stampOf(file);
    if (known !== undefined && stamp !== undefined && known.stamp === stamp) return known.text;
    this.last.delete(file);
    const text = readIfExists(file);
    // Stamped before reading: a write landing in between makes the stamp stale, so it is read again next time.
    if (text !== undefined && stamp !== undefined) this.last.set(file, { text, stamp });
    return text;
  }

  /** Records `text` as the content of `file` whose stat was taken as `stamp` (see `stampOf`). */
  remember(file: string, text: string, stamp: string | undefined): void {
    if (stamp === undefined) this.last.delete(file);
    else this.last.set(file, { text, stamp });
  }

  forget(file: string): void {
    this.last.delete(file);
  }
}
