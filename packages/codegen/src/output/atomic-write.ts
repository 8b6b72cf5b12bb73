/**
 * All-or-nothing writes of a set of output files: every new text goes to a temporary file beside its
 * target first, then the temporaries are renamed over the targets. If anything fails, the targets that
 * were already replaced are restored from hard-linked backups, so the outputs are either all new or all old.
 */
import { randomBytes } from "node:crypto";
import { copyFile, link, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { stampOf } from "./stamp.js";
import type { WrittenOutputs } from "./written-outputs.js";

export interface OutputFile {
  /** Absolute path of the target. */
  path: string;
  text: string;
}

export interface WriteReport {
  written: string[];
  unchanged: string[];
}

/** The current text of a file, or undefined when it does not exist. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if (isErrno(error, "ENOENT")) return undefined;
    throw error;
  }
}

/**
 * Writes the outputs whose text differs from what is on disk; unchanged files keep their mtime. With
 * `memory` (a watch's), the comparison uses what was last written while the file is still that version,
 * and the memory learns what this call writes.
 */
export async function writeOutputsAtomically(outputs: readonly OutputFile[], memory?: WrittenOutputs): Promise<WriteReport> {
  const changed: OutputFile[] = [];
  const unchanged: string[] = [];
  for (const output of outputs) {
    const current = memory ? await memory.current(output.path) : await readIfExists(output.path);
    if (current === output.text) unchanged.push(output.path);
    else changed.push(output);
  }
  if (changed.length === 0) return { written: [], unchanged };

  const token = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const staged = changed.map((output) => ({
    ...output,
    temp: siblingPath(output.path, `tmp-${token}`),
    backup: siblingPath(output.path, `bak-${token}`),
    existed: false,
    replaced: false,
    keepBackup: false,
    stamp: undefined as string | undefined,
  }));
  const createdDirectories: string[] = [];
  try {
    for (const file of staged) {
      const created = await mkdir(path.dirname(file.path), { recursive: true });
      if (created !== undefined) createdDirectories.push(created);
      await writeFile(file.temp, file.text, { flag: "wx" });
      // The rename keeps the inode and mtime: stamped here, a write over the target after the rename still shows.
      if (memory) file.stamp = stampOf(file.temp);
    }
    for (const file of staged) {
      file.existed = await backUp(file.path, file.backup);
      await rename(file.temp, file.path);
      file.replaced = true;
    }
  } catch (error) {
    for (const file of staged) memory?.forget(file.path);
    await restore(staged);
    for (const directory of createdDirectories.reverse()) await rm(directory, { recursive: true, force: true });
    throw error;
  } finally {
    const leftovers = staged.flatMap((file) => (file.keepBackup ? [file.temp] : [file.temp, file.backup]));
    await Promise.all(leftovers.map((leftover) => rm(leftover, { force: true })));
  }
  for (const file of staged) memory?.remember(file.path, file.text, file.stamp);
  return { written: changed.map((output) => output.path), unchanged };
}

/** A hard link keeps the old content reachable after the rename replaces the target; false if there is no target. */
async function backUp(target: string, backup: string): Promise<boolean> {
  try {
    await link(target, backup);
    return true;
  } catch (error) {
    if (isErrno(error, "ENOENT")) return false;
    // Some file systems have no hard links: a copy is slower but restores just as well.
    if (isErrno(error, "EPERM") || isErrno(error, "ENOTSUP") || isErrno(error, "EXDEV")) {
      await copyFile(target, backup);
      return true;
    }
    throw error;
  }
}

async function restore(
  staged: { path: string; backup: string; existed: boolean; replaced: boolean; keepBackup: boolean }[],
): Promise<void> {
  for (const file of staged) {
    if (!file.replaced) continue;
    if (!file.existed) {
      await rm(file.path, { force: true });
      continue;
    }
    // If even the restore fails, the backup stays on disk rather than losing the old content.
    await rename(file.backup, file.path).catch(() => {
      file.keepBackup = true;
    });
  }
}

/** `dir/.name.tmp-123-ab12cd34`: hidden, beside the target (same file system, so rename is atomic). */
function siblingPath(target: string, suffix: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${suffix}`);
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
