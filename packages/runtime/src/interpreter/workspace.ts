// Files in and out of a sandbox, host side. In: the user's files and folders, read once, each under its
// own name. Out: what the code wrote into `out/`, copied to the host's output folder under sanitised
// names, sizes and counts capped, symlinks never followed, nothing ever written outside that folder.
import { constants, lstatSync, readdirSync, statSync, type Dirent } from "node:fs";
import { chmod, chown, copyFile, lstat, mkdir, mkdtemp, open, readdir, readFile, readlink, realpath, rm, stat, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve, sep } from "node:path";
import type { InputFile, ProducedFile } from "./session.js";

/** Caps on what comes out of a sandbox per run. */
export interface OutputLimits {
  /** Largest file copied out, in bytes (bigger ones are listed as skipped). Default 20 MiB. */
  readonly maxFileBytes: number;
  /** Files copied out per run. Default 50. */
  readonly maxFiles: number;
  /** Bytes copied out per run. Default 100 MiB. */
  readonly maxTotalBytes: number;
}

export const DEFAULT_OUTPUT_LIMITS: OutputLimits = { maxFileBytes: 20 * 2 ** 20, maxFiles: 50, maxTotalBytes: 100 * 2 ** 20 };
/** Input files are read into memory (Pyodide, QuickJS) or copied (native backends): cap them. */
export const MAX_INPUT_BYTES = 512 * 2 ** 20;
const MAX_DEPTH = 6;

/** One input file on the host and its name inside the sandbox (forward slashes). */
export interface InputEntry extends InputFile {
  readonly hostPath: string;
}

/**
 * Resolves `--files` paths: a file is `basename`, a folder contributes its files as `basename/...`
 * (symlinks inside folders are skipped; the paths given are the user's own choice and are followed).
 * Throws with the offending path when one is missing, two share a name, or the total is too large.
 * Synchronous: it runs once, when the tools are made, so a bad path is an error before any conversation.
 */
export function resolveInputs(paths: readonly string[]): InputEntry[] {
  const entries: InputEntry[] = [];
  const seen = new Set<string>();
  const add = (entry: InputEntry) => {
    if (seen.has(entry.name)) throw new Error(`two input files would both be named ${entry.name} in the sandbox (${entry.hostPath})`);
    seen.add(entry.name);
    entries.push(entry);
  };
  for (const given of paths) {
    const path = resolve(given);
    let info;
    try {
      info = statSync(path);
    } catch {
      throw new Error(`input file not found: ${given}`);
    }
    const name = sanitizeName(basename(path));
    if (name === undefined) throw new Error(`input file has no usable name: ${given}`);
    if (info.isFile()) add({ name, hostPath: path, bytes: info.size });
    else if (info.isDirectory()) for (const entry of walkFolder(path, name, 0)) add(entry);
    else throw new Error(`not a file or folder: ${given}`);
  }
  const total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  if (total > MAX_INPUT_BYTES) throw new Error(`input files total ${formatBytes(total)}, over the ${formatBytes(MAX_INPUT_BYTES)} limit`);
  return entries;
}

function walkFolder(folder: string, prefix: string, depth: number): InputEntry[] {
  if (depth > MAX_DEPTH) return [];
  const found: InputEntry[] = [];
  for (const dirent of readdirSync(folder, { withFileTypes: true })) {
    const name = sanitizeName(dirent.name);
    if (name === undefined) continue;
    const hostPath = join(folder, dirent.name);
    if (dirent.isFile()) found.push({ name: `${prefix}/${name}`, hostPath, bytes: lstatSync(hostPath).size });
    else if (dirent.isDirectory()) found.push(...walkFolder(hostPath, `${prefix}/${name}`, depth + 1));
  }
  return found;
}

/**
 * A safe file name component: letters, digits, `.`, `-`, `_`, space, `+`, `=`, `,`, `@` kept, anything
 * else `_`; no leading dot (so neither `..` nor hidden files), at most 120 characters. Undefined when
 * nothing usable remains.
 */
export function sanitizeName(name: string): string | undefined {
  const cleaned = name.normalize("NFC").replace(/[^\p{L}\p{N}._\- +=,@]/gu, "_").replace(/^[.\s]+/, "").trim().slice(0, 120);
  return cleaned === "" ? undefined : cleaned;
}

/** A relative path from the sandbox, each component sanitised; undefined if nothing usable remains. */
export function sanitizePath(path: string): string | undefined {
  const parts = path.split(/[\\/]+/).filter((part) => part !== "" && part !== ".");
  if (parts.length === 0 || parts.length > MAX_DEPTH || parts.includes("..")) return undefined;
  const clean = parts.map(sanitizeName);
  return clean.every((part): part is string => part !== undefined) ? clean.join("/") : undefined;
}

export function mediaTypeOf(name: string): string | undefined {
  const extension = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  return (
    {
      png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", gif: "image/gif", svg: "image/svg+xml", webp: "image/webp",
      csv: "text/csv", txt: "text/plain", json: "application/json", html: "text/html", md: "text/markdown", pdf: "application/pdf",
    } as Record<string, string>
  )[extension];
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > PNG_SIGNATURE.length && Buffer.from(bytes.subarray(0, 8)).equals(PNG_SIGNATURE);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 2 ** 20) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** What the tool description says about the files, so the model knows it has them. */
export function describeFiles(inputs: readonly InputFile[], hasOutDir: boolean, language: "python" | "javascript"): string {
  if (inputs.length === 0 && !hasOutDir) return "";
  const listed = inputs.slice(0, 30).map((file) => `${file.name} (${formatBytes(file.bytes)})`).join(", ");
  const more = inputs.length > 30 ? ` and ${inputs.length - 30} more` : "";
  const have = inputs.length > 0 ? ` The working directory holds these input files (read-only): ${listed}${more}.` : "";
  if (language === "javascript") {
    return `${have} Read them with readFile(name); write text files for the user with writeFile("out/name", text); listFiles() lists both.`;
  }
  return `${have} Save files for the user into the \`out/\` folder of the working directory; open matplotlib figures are saved there as PNG after each run, and images there are shown to the user.`;
}

/**
 * The host side of an output folder: receives files by name (from a native sandbox's `out/` folder, or
 * as bytes from Pyodide/QuickJS), writing only inside `dir`.
 */
export class OutputFolder {
  private readonly produced = new Map<string, ProducedFile>();
  private realDir: string | undefined;

  constructor(
    readonly dir: string,
    readonly limits: OutputLimits = DEFAULT_OUTPUT_LIMITS,
  ) {}

  list(): ProducedFile[] {
    return [...this.produced.values()];
  }

  private async root(): Promise<string> {
    if (this.realDir === undefined) {
      await makeFolders(this.dir);
      this.realDir = await realpath(this.dir);
    }
    return this.realDir;
  }

  /** Writes one file's bytes under its sanitised name; undefined when the name is unusable. */
  async write(name: string, bytes: Uint8Array, source: ProducedFile["source"] = "written"): Promise<ProducedFile | undefined> {
    const clean = sanitizePath(name);
    if (clean === undefined) return undefined;
    const root = await this.root();
    const target = join(root, ...clean.split("/"));
    const parent = target.slice(0, target.lastIndexOf(sep));
    await makeFolders(parent);
    // A subfolder that is a symlink (placed by anyone) must not carry the write elsewhere.
    const realParent = await realpath(parent);
    if (realParent !== root && !realParent.startsWith(root + sep)) return undefined;
    // Replace, never write through, whatever is there (a symlink at the name included).
    await unlink(target).catch(() => {});
    await writeFile(target, bytes, { flag: "wx", mode: 0o644 });
    const mediaType = isPng(bytes) ? "image/png" : mediaTypeOf(clean);
    const file: ProducedFile = { name: clean, path: target, bytes: bytes.length, ...(mediaType ? { mediaType } : {}), source };
    this.produced.set(clean, file);
    return file;
  }
}

/** A snapshot of a native sandbox's `out/` folder: name -> size and mtime, to find what a run changed. */
export type FolderState = Map<string, string>;

/**
 * Copies the files a run created or changed in `sandboxOut` (a host folder the sandbox can write) into
 * `output`. Reads with O_NOFOLLOW and checks the opened file's real path, so a symlink swapped in at any
 * level never leads outside `sandboxOut`. Returns the copied files and notes about skipped ones.
 */
export async function collectOutputs(
  sandboxOut: string,
  previous: FolderState,
  output: OutputFolder | undefined,
  figures: ReadonlySet<string> = new Set(),
): Promise<{ files: ProducedFile[]; skipped: string[]; state: FolderState }> {
  const state: FolderState = new Map();
  const files: ProducedFile[] = [];
  const skipped: string[] = [];
  const realOut = await realpath(sandboxOut);
  let total = 0;
  const visit = async (folder: string, prefix: string, depth: number) => {
    let dirents: Dirent[];
    try {
      dirents = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const dirent of dirents.sort((a, b) => a.name.localeCompare(b.name))) {
      const relative = prefix ? `${prefix}/${dirent.name}` : dirent.name;
      const path = join(folder, dirent.name);
      if (dirent.isDirectory()) {
        if (depth < MAX_DEPTH) await visit(path, relative, depth + 1);
        continue;
      }
      if (!dirent.isFile()) {
        if (dirent.isSymbolicLink()) {
          state.set(relative, "symlink");
          if (previous.get(relative) !== "symlink") skipped.push(`${relative} (a symlink: not followed)`);
        }
        continue;
      }
      const info = await lstat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      const key = `${info.size}:${info.mtimeMs}`;
      state.set(relative, key);
      if (previous.get(relative) === key || output === undefined) continue;
      if (files.length >= output.limits.maxFiles) {
        skipped.push(`${relative} (over the ${output.limits.maxFiles}-file limit per run)`);
        continue;
      }
      if (info.size > output.limits.maxFileBytes || total + info.size > output.limits.maxTotalBytes) {
        skipped.push(`${relative} (${formatBytes(info.size)}: over the ${formatBytes(output.limits.maxFileBytes)} size limit)`);
        continue;
      }
      const bytes = await readInside(path, realOut, output.limits.maxFileBytes);
      if (bytes === undefined) {
        skipped.push(`${relative} (not a regular file inside out/)`);
        continue;
      }
      total += bytes.length;
      const written = await output.write(relative, bytes, figures.has(relative) ? "figure" : "written");
      if (written) files.push(written);
      else skipped.push(`${relative} (unusable name)`);
    }
  };
  await visit(sandboxOut, "", 0);
  return { files, skipped, state };
}

/** Reads a file only if, opened without following a final symlink, it really lies inside `root`. */
async function readInside(path: string, root: string, maxBytes: number): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > maxBytes) return undefined;
    const real = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    if (real === undefined || !real.startsWith(root + sep)) return undefined;
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** A host folder laid out as the sandbox's working directory: input copies (read-only) and `out/`. */
export interface NativeWorkspace {
  readonly dir: string;
  readonly outDir: string;
  remove(): Promise<void>;
}

/**
 * Copies the inputs into a fresh temporary folder and creates `out/` there, owned by `ownerUid` when
 * given (the sandbox's unprivileged user, when the host is root).
 */
export async function createNativeWorkspace(inputs: readonly InputEntry[], ownerUid?: number): Promise<NativeWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), "toolsmith-ws-"));
  // the sandbox's user (maybe not this one) lists and reads it; only `out/` is writable, and only there
  await chmod(dir, 0o755);
  for (const input of inputs) {
    const target = join(dir, ...input.name.split("/"));
    await mkdir(target.slice(0, target.lastIndexOf(sep)), { recursive: true });
    await copyFile(input.hostPath, target);
  }
  const outDir = join(dir, "out");
  await mkdir(outDir, { mode: 0o755 });
  if (ownerUid !== undefined) await chown(outDir, ownerUid, ownerUid);
  return { dir, outDir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Reads the inputs into memory, for sandboxes that get files as bytes (Pyodide, QuickJS). */
export async function readInputs(inputs: readonly InputEntry[]): Promise<{ name: string; data: Buffer }[]> {
  return Promise.all(inputs.map(async (input) => ({ name: input.name, data: await readFile(input.hostPath) })));
}

/**
 * `mkdir(folder, { recursive: true })` one level at a time: Node's own spins for ever where mkdir keeps
 * answering ENOENT under an existing parent (a folder under /proc), and a run must end with an error.
 */
async function makeFolders(folder: string): Promise<void> {
  const parent = dirname(folder);
  if (parent !== folder) await stat(parent).catch(() => makeFolders(parent));
  await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
}
