/**
 * All-or-nothing writes of a set of output files: every new text goes to a temporary file beside its
 * target first, then the temporaries are renamed over the targets. If anything fails, the targets that
 * were already replaced are restored from hard-linked backups, so the outputs are either all new or all old.
 * Synchronous: nothing else runs meanwhile in a codegen run or a watch cycle, and a watch's save-to-disk
 * time is spent here (a 4 MB output in one write, not eight thread-pool round trips).
 */
import { randomBytes } from "node:crypto";
import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync, writevSync } from "node:fs";
import path from "node:path";
import { stampOf } from "./stamp.js";
import type { WrittenOutputs } from "./written-outputs.js";

export interface OutputFile {
  /** Absolute path of the target. */
  path: string;
  /** The file's text (a getter may build it only when it is asked for: see `pieces`). */
  readonly text: string;
  /**
   * The text's UTF-8 bytes, in pieces the caller keeps (a watch's JSON: one a tool, made again only for
   * the tools it read again): compared with what was last written piece by piece, and written with
   * `writev`, so that a cycle neither joins nor encodes the whole file.
   */
  readonly pieces?: readonly Buffer[];
}

export interface WriteReport {
  written: string[];
  unchanged: string[];
}

/** The current text of a file, or undefined when it does not exist. */
export function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if (isErrno(error, "ENOENT")) return undefined;
    throw error;
  }
}

/**
 * Whether the file holds `output` already, compared as bytes: its size first (a changed output is most
 * often another length, and then nothing is read), then its bytes against the output's. Decoding a
 * 4 MB output's UTF-8 to compare texts took ~50 ms on the bench host, reading and comparing bytes ~10-30.
 */
export function holdsAlready(output: OutputFile): boolean {
  let size: number;
  try {
    size = statSync(output.path).size;
  } catch (error) {
    if (isErrno(error, "ENOENT")) return false;
    throw error;
  }
  const pieces = output.pieces;
  const length = pieces ? pieces.reduce((sum, piece) => sum + piece.length, 0) : Buffer.byteLength(output.text);
  if (length !== size) return false;
  const existing = readFileSync(output.path);
  if (existing.length !== length) return false;
  if (!pieces) return existing.equals(Buffer.from(output.text));
  let offset = 0;
  for (const piece of pieces) {
    if (!piece.equals(existing.subarray(offset, offset + piece.length))) return false;
    offset += piece.length;
  }
  return true;
}

/**
 * Writes the outputs whose text differs from what is on disk; unchanged files keep their mtime. With
 * `memory` (a watch's), the comparison uses what was last written while the file is still that version,
 * and the memory learns what this call writes.
 */
export function writeOutputsAtomically(outputs: readonly OutputFile[], memory?: WrittenOutputs): WriteReport {
  const changed: OutputFile[] = [];
  const unchanged: string[] = [];
  for (const output of outputs) {
    const same = memory ? memory.holds(output) : holdsAlready(output);
    if (same) unchanged.push(output.path);
    else changed.push(output);
  }
  if (changed.length === 0) return { written: [], unchanged };

  const token = `${process.pid}-${randomBytes(4).toString("hex")}`;
  // Not spread: an output's text may be a getter that builds it, which `pieces` spare.
  const staged = changed.map((output) => ({
    output,
    path: output.path,
    temp: siblingPath(output.path, `tmp-${token}`),
    backup: siblingPath(output.path, `bak-${token}`),
    existed: false,
    replaced: false,
    keepBackup: false,
    stamp: undefined as string | undefined,
  }));
  const createdDirectories: string[] = [];
  // One file is replaced by its rename alone, or not at all: backups are for undoing the earlier renames
  // of a set when a later one fails.
  const needsBackups = staged.length > 1;
  try {
    for (const file of staged) {
      const created = makeDirectories(path.dirname(file.path));
      if (created !== undefined) createdDirectories.push(created);
      if (file.output.pieces) writePieces(file.temp, file.output.pieces);
      else writeFileSync(file.temp, file.output.text, { flag: "wx" });
      // The rename keeps the inode and mtime: stamped here, a write over the target after the rename still shows.
      if (memory) file.stamp = stampOf(file.temp);
    }
    for (const file of staged) {
      if (needsBackups) file.existed = backUp(file.path, file.backup);
      renameSync(file.temp, file.path);
      file.replaced = true;
    }
  } catch (error) {
    for (const file of staged) memory?.forget(file.path);
    restore(staged);
    for (const directory of createdDirectories.reverse()) rmSync(directory, { recursive: true, force: true });
    throw error;
  } finally {
    for (const file of staged) {
      rmSync(file.temp, { force: true });
      if (needsBackups && !file.keepBackup) rmSync(file.backup, { force: true });
    }
  }
  for (const file of staged) memory?.remember(file.output, file.stamp);
  return { written: changed.map((output) => output.path), unchanged };
}

/** At most this many buffers go to one `writev` (Linux's IOV_MAX). */
const IOV_MAX = 1024;

/** Creates `file` (it must not exist) holding `pieces` one after the other. */
function writePieces(file: string, pieces: readonly Buffer[]): void {
  const fd = openSync(file, "wx");
  try {
    for (let start = 0; start < pieces.length; start += IOV_MAX) {
      const batch = pieces.slice(start, start + IOV_MAX);
      const written = writevSync(fd, batch);
      if (written === batch.reduce((sum, piece) => sum + piece.length, 0)) continue;
      // A short write (a full disk fails instead, but nothing promises it): the rest one write at a time.
      const rest = Buffer.concat(batch).subarray(written);
      for (let offset = 0; offset < rest.length; ) offset += writeSync(fd, rest, offset);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * `mkdirSync(directory, { recursive: true })`, returning the first folder it made (undefined: none), but
 * one level at a time: Node's own loops for ever where `mkdir` keeps failing with ENOENT under an
 * existing parent (`/proc/x`), and a codegen run must end with an error there, not spin.
 */
function makeDirectories(directory: string): string | undefined {
  const missing: string[] = [];
  for (let current = path.resolve(directory); !existsSync(current); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing) mkdirSync(folder);
  return missing[0];
}

/** A hard link keeps the old content reachable after the rename replaces the target; false if there is no target. */
function backUp(target: string, backup: string): boolean {
  try {
    linkSync(target, backup);
    return true;
  } catch (error) {
    if (isErrno(error, "ENOENT")) return false;
    // Some file systems have no hard links: a copy is slower but restores just as well.
    if (isErrno(error, "EPERM") || isErrno(error, "ENOTSUP") || isErrno(error, "EXDEV")) {
      copyFileSync(target, backup);
      return true;
    }
    throw error;
  }
}

function restore(staged: { path: string; backup: string; existed: boolean; replaced: boolean; keepBackup: boolean }[]): void {
  for (const file of staged) {
    if (!file.replaced) continue;
    if (!file.existed) {
      rmSync(file.path, { force: true });
      continue;
    }
    // If even the restore fails, the backup stays on disk rather than losing the old content.
    try {
      renameSync(file.backup, file.path);
    } catch {
      file.keepBackup = true;
    }
  }
}

/** `dir/.name.tmp-123-ab12cd34`: hidden, beside the target (same file system, so rename is atomic). */
function siblingPath(target: string, suffix: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${suffix}`);
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
