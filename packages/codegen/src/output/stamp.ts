/** One version of a file's content, told apart without reading it. */
import { statSync } from "node:fs";

/**
 * Changes whenever the file's content can have changed: a write moves mtime (ns) or size, an atomic
 * save (rename over) the inode. Undefined when there is no such file (or it is not a regular file).
 */
export function stampOf(file: string): string | undefined {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  return stat?.isFile() ? `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}` : undefined;
}
