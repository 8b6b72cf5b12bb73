// A private Jupyter Server on this machine (Debian's jupyter-server + ipykernel for /usr/bin/python3)
// whose only kernel runs sandboxed in bubblewrap, like the cpython backend: no network (its own empty
// namespace), so the kernel's ZMQ sockets use the `ipc` transport (Unix sockets in a folder bound into
// the sandbox). The server itself listens on a Unix socket in a private folder: no TCP port, and the
// token never appears on a command line. Stopping it leaves no process behind.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seccompFilter } from "../seccomp.js";
import { argsThroughPipe, assertBubblewrapWorks, bubblewrapArgs, hostIsRoot, SANDBOX_HOME, SANDBOX_UID, type Mount, type SandboxLimits } from "../bubblewrap.js";
import { treeRssBytes } from "../tree-memory-watch.js";
import { JupyterServerConnection, type ServerAddress } from "./connection.js";

export const PYTHON = "/usr/bin/python3";
export const SANDBOXED_KERNEL = "toolsmith-sandboxed-python";

export interface LocalServerOptions {
  /** Host folder shown read-only as the kernel's working directory (the input files). */
  readonly workdir: string;
  /** Host folders shown writable inside (the working directory's `out/`). */
  readonly writable?: readonly Mount[];
  readonly limits: SandboxLimits;
  /** More environment for the kernel (nothing of the host's is inherited). */
  readonly env?: Readonly<Record<string, string>>;
  /** Size of the kernel's private /tmp, bytes. */
  readonly tmpSizeBytes?: number;
  /** How long the server may take to answer. Default 30000. */
  readonly startupTimeoutMs?: number;
}

/** Thrown when the local server cannot start; says what to install where that is the cause. */
export class JupyterUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JupyterUnavailableError";
  }
}

export const JUPYTER_HINT =
  "the jupyter backend without --jupyter-url starts a local Jupyter Server for /usr/bin/python3: install it (Debian/Ubuntu: `apt-get install python3-jupyter-server python3-ipykernel`), or pass --jupyter-url and JUPYTER_TOKEN for a server you run";

let checked: Error | null | undefined;

/** Throws unless bubblewrap works and /usr/bin/python3 has jupyter_server and ipykernel (checked once). */
export function assertLocalJupyterWorks(): void {
  assertBubblewrapWorks();
  if (checked === undefined) {
    const probe = spawnSync(PYTHON, ["-c", "import jupyter_server, ipykernel, jupyter_client"], {
      stdio: "ignore",
      env: {},
      timeout: 30_000,
    });
    checked = probe.status === 0 ? null : new JupyterUnavailableError(JUPYTER_HINT);
  }
  if (checked) throw checked;
}

// The server launches the kernel through this: it copies the connection file to where the sandbox is
// given it (one file bound writable: ipykernel rewrites it at start) in a folder the sandbox never sees,
// so nothing the kernel does can redirect the copy; then it becomes the sandbox, handing bubblewrap its
// seccomp filter on fd 5 and its options on fd 6 (read from files there: no host path of the options
// shows in the sandbox's /proc/1/cmdline; bubblewrap closes both descriptors after reading).
const KERNEL_LAUNCH =
  'umask 077 && rm -f -- "$2" && cp -- "$1" "$2" && filter="$3" && options="$4" && shift 4 && exec "$@" 5<"$filter" 6<"$options"';

/** Where the kernel finds its connection file inside the sandbox. */
const SANDBOX_CONNECTION_FILE = `${SANDBOX_HOME}/.kernel/connection.json`;

const FOLDER_PREFIX = "toolsmith-jupyter-";
/** Names the host process that made a server folder, so a later start can remove it once that process is gone. */
const OWNER_FILE = "owner-pid";

/** Where the local server's token and sockets live (kept short: a Unix socket path has ~107 bytes). */
function privateFolder(): string {
  const parent = tmpdir().length <= 40 ? tmpdir() : "/tmp";
  removeStaleFolders(parent);
  const folder = mkdtempSync(join(parent, FOLDER_PREFIX));
  writeFileSync(join(folder, OWNER_FILE), String(process.pid));
  return folder;
}

/**
 * A host process killed by a signal runs no exit handler: its server died with it (parent-death signal),
 * but the folder stayed. Remove such folders of processes that no longer exist.
 */
function removeStaleFolders(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent).filter((name) => name.startsWith(FOLDER_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const folder = join(parent, name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(folder, OWNER_FILE), "utf8"));
    } catch {
      continue; // not ours to judge (or not readable)
    }
    if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || processExists(owner)) continue;
    rmSync(folder, { recursive: true, force: true });
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class LocalJupyterServer {
  private exited = false;
  private readonly exitedPromise: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly folder: string,
    readonly address: ServerAddress,
    private readonly log: () => string,
  ) {
    this.exitedPromise = new Promise((resolve) => child.once("exit", () => resolve()));
    child.once("exit", () => (this.exited = true));
  }

  /** The process id of the server (its process group: the server runs detached). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Resident memory of the server's kernels with everything they started (the server's process tree
   * without the server itself), in bytes; undefined once the server is gone.
   */
  async kernelsRssBytes(): Promise<number | undefined> {
    const pid = this.child.pid;
    if (pid === undefined || this.exited) return undefined;
    const [tree, own] = await Promise.all([
      treeRssBytes(pid),
      readFile(`/proc/${pid}/statm`, "utf8").then((statm) => Number(statm.split(" ")[1]) * 4096, () => undefined),
    ]);
    return tree === undefined || own === undefined ? undefined : Math.max(0, tree - own);
  }

  /** The end of the server's own log (its stdout and stderr), for error messages. */
  recentLog(): string {
    return this.log();
  }

  get alive(): boolean {
    return !this.exited;
  }

  static async start(options: LocalServerOptions): Promise<LocalJupyterServer> {
    assertLocalJupyterWorks();
    const folder = privateFolder();
    try {
      return await LocalJupyterServer.startIn(folder, options);
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  }

  private static async startIn(folder: string, options: LocalServerOptions): Promise<LocalJupyterServer> {
    // As root, the server itself runs as the sandbox's user (`nobody`) too: a bug in it reached through
    // kernel messages, or a link the kernel plants where the server connects to its ipc sockets, then
    // gets nobody's rights, not root's. Everything of the server's is that user's, mode 0700; the kernel
    // sees none of it but its own two mounts.
    const root = hostIsRoot();
    const dirs = {
      runtime: join(folder, "runtime"),
      config: join(folder, "config"),
      data: join(folder, "data"),
      home: join(folder, "home"),
      ipc: join(folder, "ipc"),
      connection: join(folder, "connection"),
    };
    for (const dir of Object.values(dirs)) mkdirSync(dir, { mode: 0o700 });
    const connectionCopy = join(dirs.connection, "connection.json");

    const seccomp = seccompFilter();
    const dropped = bubblewrapArgs(["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", SANDBOX_CONNECTION_FILE], {
      workdir: options.workdir,
      writable: [
        ...(options.writable ?? []),
        { host: dirs.ipc, sandbox: dirs.ipc },
        { host: connectionCopy, sandbox: SANDBOX_CONNECTION_FILE },
      ],
      env: { PYTHONDONTWRITEBYTECODE: "1", MPLBACKEND: "module://matplotlib_inline.backend_inline", ...options.env },
      limits: options.limits,
      ...(options.tmpSizeBytes !== undefined ? { tmpSizeBytes: options.tmpSizeBytes } : {}),
      ...(seccomp ? { seccompFd: 5 } : {}),
    });
    // The server already runs as that user: the builder's own drop (`setpriv ... --`) would fail there.
    const direct = dropped[0] === "setpriv" ? dropped.slice(dropped.indexOf("--") + 1) : dropped;
    const { argv: sandbox, payload } = argsThroughPipe(direct, 6);
    const filterFile = join(dirs.connection, "seccomp.bpf");
    const optionsFile = join(dirs.connection, "bwrap-options");
    writeFileSync(filterFile, seccomp ?? Buffer.alloc(0), { mode: 0o600 });
    writeFileSync(optionsFile, payload ?? "", { mode: 0o600 });
    const kernelDir = join(dirs.data, "kernels", SANDBOXED_KERNEL);
    mkdirSync(kernelDir, { recursive: true, mode: 0o700 });
    writeFileSync(
      join(kernelDir, "kernel.json"),
      JSON.stringify({
        argv: ["/bin/sh", "-c", KERNEL_LAUNCH, "toolsmith-kernel", "{connection_file}", connectionCopy, filterFile, optionsFile, ...sandbox],
        display_name: "Python 3 (toolsmith sandbox)",
        language: "python",
        // The server's SIGINT would reach bubblewrap, not Python: ask the kernel itself (its control thread).
        interrupt_mode: "message",
      }),
    );

    const token = randomBytes(32).toString("hex");
    const socketPath = join(folder, "server.sock");
    writeFileSync(
      join(dirs.config, "jupyter_server_config.json"),
      JSON.stringify({
        ServerApp: {
          sock: socketPath,
          sock_mode: "0600",
          token,
          password: "",
          open_browser: false,
          allow_root: true,
          root_dir: dirs.home,
          terminals_enabled: false,
          // Output is capped by the client; the server must not drop a cell's output on its own.
          iopub_data_rate_limit: 0,
          iopub_msg_rate_limit: 0,
          shutdown_no_activity_timeout: 0,
        },
        KernelManager: { transport: "ipc", ip: join(dirs.ipc, "kernel"), shutdown_wait_time: 2 },
        KernelSpecManager: { allowed_kernelspecs: [SANDBOXED_KERNEL], ensure_native_kernel: false },
        MappingKernelManager: { default_kernel_name: SANDBOXED_KERNEL },
      }),
      { mode: 0o600 },
    );

    const env = {
      PATH: "/usr/bin:/bin",
      HOME: dirs.home,
      LANG: "C.UTF-8",
      PYTHONNOUSERSITE: "1",
      JUPYTER_CONFIG_DIR: dirs.config,
      JUPYTER_DATA_DIR: dirs.data,
      JUPYTER_PATH: dirs.data,
      JUPYTER_RUNTIME_DIR: dirs.runtime,
    };
    if (root) chownTree(folder, SANDBOX_UID);
    // Dies with this process even if it is killed (the kernels die with the server: --die-with-parent).
    const drop = root ? [`--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_UID}`, "--clear-groups", "--inh-caps=-all"] : [];
    const prefix = root || hasSetpriv() ? ["setpriv", ...drop, "--pdeathsig", "KILL", "--"] : [];
    const command = [...prefix, PYTHON, "-m", "jupyter_server", "--no-browser"];
    const child = spawn(command[0]!, command.slice(1), { env, cwd: dirs.home, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let log = "";
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString("utf8")).slice(-8000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.unref();
    (child.stdout as { unref?: () => void } | null)?.unref?.();
    (child.stderr as { unref?: () => void } | null)?.unref?.();

    const server = new LocalJupyterServer(child, folder, { url: "http://localhost/", token, socketPath }, () => log);
    running.add(server);
    try {
      await server.waitUntilReady(options.startupTimeoutMs ?? 30_000);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const connection = new JupyterServerConnection(this.address);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.exited) throw new JupyterUnavailableError(`the local Jupyter server exited at start:\n${this.log().slice(-2000)}`);
      try {
        await connection.request("GET", "api/kernelspecs", undefined, 2_000);
        return;
      } catch {
        // not listening yet
      }
      if (performance.now() > deadline) {
        throw new JupyterUnavailableError(`the local Jupyter server did not answer within ${timeoutMs} ms:\n${this.log().slice(-2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Stops the server and its kernels and removes its folder. The server shuts its kernels down on SIGTERM;
   * whatever is left after `graceMs` is killed (its process group; each kernel's sandbox dies with it).
   */
  async stop(graceMs = 3_000): Promise<void> {
    const pid = this.child.pid;
    running.delete(this);
    if (!this.exited && pid !== undefined) {
      this.child.ref(); // keep this process alive until the server is gone
      signalGroup(pid, "SIGTERM");
      const killed = await Promise.race([
        this.exitedPromise.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), graceMs).unref()),
      ]);
      if (killed) signalGroup(pid, "SIGKILL");
      await this.exitedPromise;
    }
    // A kernel outlives the server only if it ignored its parent's death; its group would be gone with it.
    rmSync(this.folder, { recursive: true, force: true });
  }

  /** Last resort when this process exits without stopping the server: kill it and remove its folder. */
  killNow(): void {
    if (!this.exited && this.child.pid !== undefined) signalGroup(this.child.pid, "SIGKILL");
    rmSync(this.folder, { recursive: true, force: true });
  }
}

const running = new Set<LocalJupyterServer>();
process.on("exit", () => {
  for (const server of running) server.killNow();
});

function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, uid);
    else chownSync(child, uid, uid);
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

let setprivWorks: boolean | undefined;
function hasSetpriv(): boolean {
  setprivWorks ??= spawnSync("setpriv", ["--pdeathsig", "KILL", "--", "/bin/true"], { stdio: "ignore", env: { PATH: "/usr/bin:/bin" } }).status === 0;
  return setprivWorks;
}
