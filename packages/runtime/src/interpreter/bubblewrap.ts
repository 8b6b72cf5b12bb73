// The OS sandbox for native interpreters (CPython, a Jupyter kernel): the argument list that starts a
// command inside bubblewrap with nothing of the host but the system directories it needs. Kept apart
// from any one backend so every native backend wraps its process the same way.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Where things are inside the sandbox. */
export const SANDBOX_HOME = "/home/user";
/** The code's working directory: input files (read-only) and `out/` (writable). */
export const SANDBOX_WORKDIR = `${SANDBOX_HOME}/work`;

/** A host path made visible inside the sandbox. */
export interface Mount {
  readonly host: string;
  readonly sandbox: string;
}

/** Resource limits applied inside the sandbox (setrlimit via `prlimit`), per process of the sandbox. */
export interface SandboxLimits {
  /** RLIMIT_CPU: CPU seconds a process may use over its whole life (the host kills at each call's deadline). */
  readonly cpuSeconds: number;
  /** RLIMIT_AS: address space per process, in bytes. */
  readonly addressSpaceBytes: number;
  /** RLIMIT_NPROC: processes (and threads) of the sandbox's user inside its namespace. */
  readonly processes: number;
  /** RLIMIT_FSIZE: the largest file a process may write, in bytes. */
  readonly fileSizeBytes: number;
  /** RLIMIT_NOFILE: open files per process. Default 256. */
  readonly openFiles?: number;
}

export interface BubblewrapOptions {
  /** Host folder shown read-only as the working directory (`SANDBOX_WORKDIR`). */
  readonly workdir: string;
  /** Host folders shown writable (e.g. `out/` inside the working directory). Must already exist. */
  readonly writable?: readonly Mount[];
  /** Further host files/folders shown read-only (e.g. the runner script). */
  readonly readOnly?: readonly Mount[];
  /** The whole environment inside (nothing is inherited from the host). */
  readonly env?: Readonly<Record<string, string>>;
  readonly limits: SandboxLimits;
  /** Size of the private `/tmp` (a tmpfs), in bytes; the home folder and `/dev/shm` get at most 64 MiB each. Default 256 MiB. */
  readonly tmpSizeBytes?: number;
  /** A file descriptor the spawner fills with `seccompFilter()` (bwrap `--seccomp FD`); absent: no filter. */
  readonly seccompFd?: number;
}

/** Raised where bubblewrap is not installed or cannot create its namespaces: never fall back to running unsandboxed. */
export class SandboxUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxUnavailableError";
  }
}

/** What to install, said once wherever bubblewrap is missing. */
export const BUBBLEWRAP_HINT =
  "install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install bubblewrap`)";

// System files a dynamically linked interpreter and Debian's scientific stack read: the loader cache, the
// alternatives symlinks (libblas.so.3 -> OpenBLAS), matplotlib's Debian config and fontconfig. No
// passwd, hosts, resolv.conf or anything about the host's users and network.
const SYSTEM_FILES = ["/etc/ld.so.cache", "/etc/alternatives", "/etc/matplotlibrc", "/etc/fonts", "/etc/localtime"];
// Merged-/usr systems have these as symlinks into /usr; others have real folders.
const ROOT_LINKS = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

/** The unprivileged user the sandbox runs as when the host runs as root (`nobody`). */
export const SANDBOX_UID = 65534;

/** Whether the host process is root, in which case the sandbox drops to `SANDBOX_UID` first. */
export function hostIsRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * The command line that runs `command` (absolute path inside the sandbox, plus arguments) inside
 * bubblewrap: new user, pid, network (empty), ipc, uts and cgroup namespaces; `/usr` and the few system
 * files above read-only; a private `/proc` and `/dev`, a size-capped `/tmp`, an empty home, the working
 * directory; `--clearenv`; no capabilities; rlimits via `prlimit` inside. As root, it first drops to
 * `nobody` (`setpriv`): root is exempt from RLIMIT_NPROC, and the sandbox should be no one on the host.
 */
export function bubblewrapArgs(command: readonly string[], options: BubblewrapOptions): readonly string[] {
  const { limits } = options;
  const args: string[] = [];
  if (hostIsRoot()) {
    args.push("setpriv", `--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_UID}`, "--clear-groups", "--inh-caps=-all", "--");
  }
  args.push(
    "bwrap",
    "--unshare-all", // pid, net (empty: only its own loopback), ipc, uts, cgroup
    "--unshare-user", // --unshare-all only tries this one
    "--disable-userns", // no further user namespaces inside (they would give back capabilities there)
    "--die-with-parent",
    "--new-session", // no TIOCSTI into a terminal
    "--cap-drop", "ALL",
    "--hostname", "sandbox",
    "--clearenv",
    ...(options.seccompFd !== undefined ? ["--seccomp", String(options.seccompFd)] : []),
    "--ro-bind", "/usr", "/usr",
  );
  for (const link of ROOT_LINKS) {
    if (!existsSync(link)) continue;
    args.push("--ro-bind", link, link);
  }
  for (const file of SYSTEM_FILES) {
    if (existsSync(file)) args.push("--ro-bind", file, file);
  }
  // Every writable place is a size-capped tmpfs (or a given folder): the sandbox's root is made read-only
  // at the end, so no file can fill the host's memory through bubblewrap's own (unbounded) root tmpfs.
  const tmpSize = options.tmpSizeBytes ?? 256 * 2 ** 20;
  args.push(
    "--proc", "/proc", // this pid namespace only: the host's processes are not there
    "--dev", "/dev",
    "--size", String(Math.min(tmpSize, 64 * 2 ** 20)), "--tmpfs", "/dev/shm",
    "--size", String(tmpSize), "--tmpfs", "/tmp",
    "--size", String(Math.min(tmpSize, 64 * 2 ** 20)), "--tmpfs", SANDBOX_HOME,
    "--ro-bind", options.workdir, SANDBOX_WORKDIR,
  );
  for (const mount of options.writable ?? []) args.push("--bind", mount.host, mount.sandbox);
  for (const mount of options.readOnly ?? []) args.push("--ro-bind", mount.host, mount.sandbox);
  args.push("--remount-ro", "/dev", "--remount-ro", "/");
  const env = { HOME: SANDBOX_HOME, PATH: "/usr/bin:/bin", LANG: "C.UTF-8", ...options.env };
  for (const [name, value] of Object.entries(env)) args.push("--setenv", name, value);
  args.push("--chdir", SANDBOX_WORKDIR, "--");
  args.push(
    "/usr/bin/prlimit",
    `--cpu=${limits.cpuSeconds}`,
    `--as=${limits.addressSpaceBytes}`,
    `--nproc=${limits.processes}`,
    `--fsize=${limits.fileSizeBytes}`,
    `--nofile=${limits.openFiles ?? 256}`,
    "--core=0",
    "--",
    ...command,
  );
  return args;
}

let checked: Error | null | undefined;

/**
 * Throws SandboxUnavailableError unless bubblewrap is installed and can start a sandbox here (it needs
 * unprivileged user namespaces, or root). Checked once per host process by running `true` inside.
 */
export function assertBubblewrapWorks(): void {
  if (checked === undefined) checked = probe();
  if (checked) throw checked;
}

function probe(): Error | null {
  if (process.platform !== "linux") return new SandboxUnavailableError(`the cpython backend needs Linux with bubblewrap (this is ${process.platform})`);
  const which = spawnSync("bwrap", ["--version"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
  if (which.error || which.status !== 0) {
    return new SandboxUnavailableError(`the cpython backend runs Python inside bubblewrap, which is not installed: ${BUBBLEWRAP_HINT}`);
  }
  const root = hostIsRoot();
  if (root && spawnSync("setpriv", ["--version"], { stdio: "ignore" }).status !== 0) {
    return new SandboxUnavailableError("the cpython backend, run as root, needs `setpriv` (Debian package util-linux) to drop to an unprivileged user");
  }
  const args = bubblewrapArgs(["/usr/bin/true"], {
    workdir: "/usr",
    limits: { cpuSeconds: 5, addressSpaceBytes: 2 ** 30, processes: 16, fileSizeBytes: 2 ** 20 },
  });
  const [command, ...rest] = args as [string, ...string[]];
  const run = spawnSync(command, rest, { encoding: "utf8", timeout: 10_000, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
  if (run.status !== 0) {
    const why = (run.stderr || run.error?.message || `exit ${run.status}`).trim();
    return new SandboxUnavailableError(
      `bubblewrap is installed but cannot start a sandbox here (${why}); it needs unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1 / user.max_user_namespaces > 0)`,
    );
  }
  return null;
}

/**
 * Splits a `bubblewrapArgs` command line so bubblewrap's options travel through a pipe (`--args FD`) and
 * only the command after its `--` stays visible: otherwise every host path in them (the workspace, the
 * mounts) shows in the sandbox's `/proc/1/cmdline`. Spawn `argv` with a pipe at `fd` and write `payload`
 * to it (then end it). A command line without bubblewrap comes back unchanged with no payload.
 */
export function argsThroughPipe(argv: readonly string[], fd: number): { argv: readonly string[]; payload?: string } {
  const bwrap = argv.indexOf("bwrap");
  const commandStart = bwrap >= 0 ? argv.indexOf("--", bwrap) : -1;
  if (bwrap < 0 || commandStart <= bwrap) return { argv };
  return {
    argv: [...argv.slice(0, bwrap + 1), "--args", String(fd), ...argv.slice(commandStart)],
    payload: argv.slice(bwrap + 1, commandStart).map((arg) => `${arg}\0`).join(""),
  };
}
