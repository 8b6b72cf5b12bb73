// The `jupyter` backend: Python in a Jupyter kernel, over the Jupyter Server REST + WebSocket protocol.
// Given a URL (and token) it uses that server - Jupyter Server, Kernel Gateway or Enterprise Gateway -
// and moves files through the kernel itself; given none it starts a private local server whose kernel
// runs in bubblewrap like the cpython backend, sharing that backend's workspace (input copies, out/).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { hostIsRoot, SANDBOX_UID, SANDBOX_WORKDIR } from "../bubblewrap.js";
import type { HostBridge } from "../bridge.js";
import { capText, type CellResult, type RunOptions } from "../cell.js";
import { oneAtATime } from "../one-at-a-time.js";
import { sandboxLimits } from "../sandbox-limits.js";
import type { InterpreterSession, ProducedFile, SandboxSessionOptions, SessionFiles } from "../session.js";
import {
  collectOutputs,
  createNativeWorkspace,
  DEFAULT_OUTPUT_LIMITS,
  OutputFolder,
  readInputs,
  resolveInputs,
  type FolderState,
  type InputEntry,
  type NativeWorkspace,
} from "../workspace.js";
import { CellCalls, PausableDeadline } from "./bridge.js";
import { KernelChannels } from "./channels.js";
import { JupyterServerConnection, JupyterServerError } from "./connection.js";
import { execute, type CapturedImage, type ExecuteLimits, type ExecuteOutcome } from "./execute.js";
import { assertLocalJupyterWorks, LocalJupyterServer, SANDBOXED_KERNEL, type LocalServerOptions } from "./local-server.js";
import { FILES_MIME, helperCall, preludeCode } from "./prelude.js";

/** The jupyter backend's options: the sandbox's (for a local kernel; shared with cpython) and its own. */
export interface JupyterSessionOptions extends SandboxSessionOptions {
  /** A running Jupyter Server, Kernel Gateway or Enterprise Gateway. Absent: a private local server is started. */
  readonly url?: string;
  /** The server's token (default: the `JUPYTER_TOKEN` environment variable, when `url` is given). */
  readonly token?: string;
  /** The kernelspec to start on a remote server (default: the server's default). */
  readonly kernelName?: string;
  /** How long an interrupted cell may take to stop before the kernel is restarted (state lost). Default 3000. */
  readonly interruptGraceMs?: number;
}

const MiB = 2 ** 20;
/** A kernel starts more processes and threads than the cpython runner. */
const JUPYTER_SANDBOX_DEFAULTS = { maxProcesses: 64 } as const;
const STATE_LOST = "The Python kernel was restarted: every variable, function and import from earlier calls is gone.";
const STATE_LOST_SINCE =
  "The Python kernel stopped after the previous call and was restarted: every variable, function and import from earlier calls is gone.";
/** Input files go to a remote kernel in pieces of this many bytes (base64 in an execute request). */
const UPLOAD_CHUNK = 2 * MiB;

interface Kernel {
  readonly id: string;
  readonly channels: KernelChannels;
  /** Settles with the reason when the server reports the kernel restarting or dead, or the socket closes. */
  readonly lost: Promise<string>;
  lostReason?: string;
  /** Gives the kernel up (the next call restarts it); `lost` settles with `reason`. */
  lose(reason: string): void;
  /** Code mode: the `tools` module source installed in this kernel, if any. */
  toolsSource?: string;
}

interface Prepared {
  readonly inputs: readonly InputEntry[];
  readonly output: OutputFolder | undefined;
  connection: JupyterServerConnection;
  readonly kernelName: string | undefined;
  /** Local: the private server (replaced if it dies), how to start it, and the folder the sandbox works in. */
  server?: LocalJupyterServer;
  readonly serverOptions?: LocalServerOptions;
  readonly workspace?: NativeWorkspace;
  /** Remote: the kernel's own working folder on the server's machine. */
  remoteDir?: string;
}

type Race = { kind: "done"; outcome: ExecuteOutcome } | { kind: "failed"; reason: string } | { kind: "timeout" } | { kind: "lost"; reason: string } | { kind: "cancelled" };

/**
 * A Python session in a Jupyter kernel: state persists across `run` calls until `reset` or a restart.
 * At the deadline the kernel is interrupted (state kept); if the cell does not stop, the kernel is
 * restarted (state lost, said in the result). `close()` stops the kernel, and the local server if any;
 * `shutdown()` does the same and resolves when everything has exited.
 */
export class JupyterSession implements InterpreterSession {
  readonly language = "python" as const;
  readonly backend = "jupyter" as const;
  private readonly timeoutMs: number;
  private readonly outputLimit: number;
  private readonly limits: ExecuteLimits;
  private prepared: Promise<Prepared> | undefined;
  private preparedValue: Prepared | undefined;
  private kernel: Kernel | undefined;
  private outState: FolderState = new Map();
  private remoteOutState: Record<string, string> = {};
  private imageCount = 0;
  private readonly enqueue = oneAtATime();
  private closed = false;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: JupyterSessionOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.outputLimit = options.outputLimit ?? 20_000;
    this.limits = { outputChars: this.outputLimit, valueChars: this.outputLimit + 200, images: 20, imageBytes: 20 * MiB };
  }

  /** Whether this session runs on a server given by URL (files then travel through the kernel). */
  get remote(): boolean {
    return this.options.url !== undefined;
  }

  /** The local server's process id (its process group), when this session started one. */
  get localServerPid(): number | undefined {
    return this.preparedValue?.server?.pid;
  }

  async start(): Promise<void> {
    await this.enqueue(() => this.prepare());
  }

  run(code: string, options: RunOptions = {}): Promise<CellResult> {
    return this.enqueue(() => this.runNow(code, options.signal, options.bridge));
  }

  /** Forgets every variable (IPython's `%reset -f`); input files and `out/` stay. */
  reset(): Promise<void> {
    return this.enqueue(async () => {
      const kernel = this.kernel;
      if (!kernel || kernel.lostReason !== undefined) return;
      await this.housekeeping(kernel, "get_ipython().reset(new_session=False)").catch(() => this.markLost(kernel, "reset failed"));
    });
  }

  files(): SessionFiles {
    const prepared = this.preparedValue;
    return {
      inputs: prepared?.inputs.map(({ name, bytes }) => ({ name, bytes })) ?? [],
      ...(this.options.outDir !== undefined ? { outDir: this.options.outDir } : {}),
      produced: prepared?.output?.list() ?? [],
    };
  }

  close(): void {
    void this.shutdown();
  }

  /** Stops the kernel (and the local server, removing its folders); resolves when all of it has exited. */
  shutdown(): Promise<void> {
    this.closed = true;
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    const prepared = await this.prepared?.catch(() => undefined);
    const kernel = this.kernel;
    this.kernel = undefined;
    if (!prepared) return;
    if (prepared.server) {
      kernel?.channels.close();
      await prepared.server.stop();
      await prepared.workspace?.remove();
      return;
    }
    if (kernel) {
      if (prepared.remoteDir !== undefined && kernel.lostReason === undefined) {
        await this.housekeeping(kernel, helperCall("remove_workdir", prepared.remoteDir), 5_000).catch(() => {});
      }
      kernel.channels.close();
      await prepared.connection.deleteKernel(kernel.id).catch(() => {});
    }
  }

  private prepare(): Promise<Prepared> {
    if (this.closed) return Promise.reject(new Error("JupyterSession is closed"));
    this.prepared ??= this.prepareNow().then((prepared) => {
      this.preparedValue = prepared;
      return prepared;
    });
    return this.prepared;
  }

  private async prepareNow(): Promise<Prepared> {
    const options = this.options;
    const inputs = await resolveInputs(options.files ?? []);
    const output = options.outDir !== undefined ? new OutputFolder(options.outDir, { ...DEFAULT_OUTPUT_LIMITS, ...options.outputLimits }) : undefined;
    let prepared: Prepared;
    if (options.url !== undefined) {
      const token = options.token ?? process.env.JUPYTER_TOKEN;
      const connection = new JupyterServerConnection({ url: options.url, ...(token ? { token } : {}) });
      prepared = { inputs, output, connection, kernelName: options.kernelName };
    } else {
      assertLocalJupyterWorks();
      const workspace = await createNativeWorkspace(inputs, hostIsRoot() ? SANDBOX_UID : undefined);
      let server: LocalJupyterServer;
      const sandbox = sandboxLimits(options, JUPYTER_SANDBOX_DEFAULTS);
      const serverOptions: LocalServerOptions = {
          workdir: workspace.dir,
          writable: [{ host: workspace.outDir, sandbox: `${SANDBOX_WORKDIR}/out` }],
          env: { OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MPLCONFIGDIR: "/tmp/matplotlib" },
          tmpSizeBytes: sandbox.tmpSizeBytes,
          limits: sandbox.limits,
          startupTimeoutMs: options.startupTimeoutMs ?? 60_000,
      };
      try {
        server = await LocalJupyterServer.start(serverOptions);
      } catch (error) {
        await workspace.remove();
        throw error;
      }
      prepared = { inputs, output, connection: new JupyterServerConnection(server.address), kernelName: SANDBOXED_KERNEL, server, serverOptions, workspace };
      this.watchMemory(prepared);
    }
    // Visible to close() from here on, so a failure below still stops the server.
    this.preparedValue = prepared;
    this.prepared = Promise.resolve(prepared);
    this.kernel = await this.startKernel(prepared);
    if (options.url !== undefined) await this.setUpRemoteFiles(prepared, this.kernel);
    return prepared;
  }

  private async startKernel(prepared: Prepared): Promise<Kernel> {
    const startup = this.options.startupTimeoutMs ?? 60_000;
    const model = await prepared.connection.startKernel(prepared.kernelName, startup);
    try {
      return await this.connect(prepared, model.id);
    } catch (error) {
      await prepared.connection.deleteKernel(model.id).catch(() => {});
      throw error;
    }
  }

  /**
   * Opens the kernel's channels and prepares a fresh kernel (helpers, display settings, working folder).
   * Right after a restart the server may still be bringing the kernel up (it says "restarting" before it
   * does), so this waits for a kernel that answers, trying again until the startup time is over.
   */
  private async connect(prepared: Prepared, id: string): Promise<Kernel> {
    const startup = this.options.startupTimeoutMs ?? 60_000;
    const deadline = performance.now() + startup;
    for (;;) {
      let channels: KernelChannels | undefined;
      try {
        channels = await KernelChannels.open(prepared.connection, id, startup);
        await channels.kernelInfo(Math.min(10_000, startup));
        return await this.prepareKernel(prepared, id, channels);
      } catch (error) {
        channels?.close();
        if (this.closed || performance.now() > deadline || (error instanceof JupyterServerError && error.status === 404)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async prepareKernel(prepared: Prepared, id: string, channels: KernelChannels): Promise<Kernel> {
    let markLost!: (reason: string) => void;
    const lost = new Promise<string>((resolve) => (markLost = resolve));
    const kernel: Kernel = {
      id,
      channels,
      lost,
      lose(reason) {
        kernel.lostReason ??= reason;
        markLost(kernel.lostReason);
      },
    };
    channels.onStatus = (state) => kernel.lose(`the kernel ${state === "dead" ? "died" : "died and is restarting"}`);
    channels.onClose((reason) => kernel.lose(reason));
    await this.housekeeping(kernel, preludeCode());
    if (prepared.remoteDir !== undefined) await this.housekeeping(kernel, helperCall("enter", prepared.remoteDir));
    return kernel;
  }

  private markLost(kernel: Kernel, reason: string): void {
    kernel.lose(reason);
  }

  /**
   * Each process in the sandbox has its own address-space limit; together they must stay bounded too.
   * Past `limitBytes` the kernel is given up: a running cell ends with a MemoryError, and the kernel is
   * restarted (which ends everything it started).
   */
  private watchMemory(prepared: Prepared): void {
    const limitBytes = sandboxLimits(this.options, JUPYTER_SANDBOX_DEFAULTS).totalMemoryBytes;
    let checking = false;
    const timer = setInterval(() => {
      if (checking || !prepared.server?.alive) return;
      if (this.closed) {
        clearInterval(timer);
        return;
      }
      checking = true;
      void prepared.server
        .kernelsRssBytes()
        .then((rss) => {
          const kernel = this.kernel;
          if (rss !== undefined && rss > limitBytes && kernel && kernel.lostReason === undefined) {
            kernel.lose(`MemoryError: the kernel's processes used ${Math.round(rss / MiB)} MiB together, over the ${Math.round(limitBytes / MiB)} MiB limit`);
          }
        })
        .finally(() => (checking = false));
    }, 250);
    timer.unref();
  }

  /** Runs the client's own code silently; rejects with the kernel's error or after `timeoutMs`. */
  private async housekeeping(kernel: Kernel, code: string, timeoutMs = this.options.startupTimeoutMs ?? 60_000): Promise<readonly unknown[]> {
    const cell = execute(kernel.channels, code, { limits: this.limits, silent: true, captureMime: FILES_MIME });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        cell.stop("timed out");
        reject(new Error(`the kernel did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      const outcome = await Promise.race([cell.done, timeout]);
      if (outcome.status !== "ok") throw new Error(`the kernel's setup failed: ${outcome.error ?? outcome.status}`);
      return outcome.captured;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A remote kernel works in a fresh folder of its own (input files, `out/`), removed on close. */
  private async setUpRemoteFiles(prepared: Prepared, kernel: Kernel): Promise<void> {
    const [dir] = await this.housekeeping(kernel, helperCall("make_workdir"));
    if (typeof dir !== "string") throw new Error("the kernel did not say where its working folder is");
    prepared.remoteDir = dir;
    await this.housekeeping(kernel, helperCall("enter", dir));
    for (const { name, data } of await readInputs(prepared.inputs)) {
      for (let offset = 0; offset === 0 || offset < data.length; offset += UPLOAD_CHUNK) {
        const chunk = data.subarray(offset, offset + UPLOAD_CHUNK).toString("base64");
        await this.housekeeping(kernel, helperCall("put", name, chunk, offset > 0));
      }
    }
  }

  /**
   * Replaces a kernel that died or would not stop. When the server already restarts it by itself (it
   * said "restarting"), wait for it to come back; otherwise ask for a restart, and start a new kernel if
   * even that fails.
   */
  private async restart(prepared: Prepared, reason: string, serverRestarts = false): Promise<void> {
    const old = this.kernel;
    this.kernel = undefined;
    const startup = this.options.startupTimeoutMs ?? 60_000;
    const serverWorks = async (server: LocalJupyterServer) =>
      server.alive && (await prepared.connection.request("GET", "api/kernels", undefined, 5_000).then(() => true, () => false));
    if (prepared.server && prepared.serverOptions && !(await serverWorks(prepared.server))) {
      // The private server itself is gone or hung (killed from outside): a new one, same workspace.
      old?.channels.close();
      await prepared.server.stop();
      if (this.closed) throw new Error(`JupyterSession is closed (${reason})`);
      prepared.server = await LocalJupyterServer.start(prepared.serverOptions);
      prepared.connection = new JupyterServerConnection(prepared.server.address);
      this.kernel = await this.startKernel(prepared);
      return;
    }
    if (old) {
      old.channels.close();
      try {
        if (!serverRestarts) await prepared.connection.restartKernel(old.id, startup);
        // Opening the channels waits until the kernel answers (the server asks it for kernel_info).
        this.kernel = await this.connect(prepared, old.id);
        return;
      } catch {
        await prepared.connection.deleteKernel(old.id).catch(() => {});
      }
    }
    if (this.closed) throw new Error(`JupyterSession is closed (${reason})`);
    this.kernel = await this.startKernel(prepared);
  }

  private async runNow(code: string, signal: AbortSignal | undefined, bridge?: HostBridge): Promise<CellResult> {
    if (signal?.aborted) return { ok: false, output: "", error: "Cancelled before it ran.", errorKind: "crashed" };
    let prepared: Prepared;
    try {
      prepared = await this.prepare();
    } catch (error) {
      return { ok: false, output: "", error: `SystemError: the jupyter backend cannot run: ${(error as Error).message}`, errorKind: "crashed" };
    }
    let notice: string | undefined;
    if (!this.kernel || this.kernel.lostReason !== undefined) {
      try {
        const reason = this.kernel?.lostReason;
        await this.restart(prepared, reason ?? "no kernel", reason !== undefined && /restarting/.test(reason));
      } catch (error) {
        return { ok: false, output: "", error: `SystemError: the Python kernel could not be restarted: ${(error as Error).message}`, errorKind: "crashed", stateLost: true };
      }
      notice = `[${STATE_LOST_SINCE}]`;
    }
    if (bridge) {
      const failed = await this.installTools(this.kernel!, bridge);
      if (failed) return { ok: false, output: "", error: `SystemError: the tools could not be set up in the kernel: ${failed}`, errorKind: "crashed", ...(notice ? { notice } : {}) };
    }
    const cell = await this.runIn(prepared, this.kernel!, code, signal, bridge);
    const withFiles = await this.withFiles(prepared, cell.result, cell.images);
    return notice && !withFiles.stateLost ? { ...withFiles, notice, stateLost: true } : withFiles;
  }

  /**
   * Code mode: installs the `tools` module in the kernel before its first cell with these tools (a fresh
   * kernel, after a restart, has none; later cells find it in place, and `import tools` rebuilds it should
   * the code delete it). Should the code have broken the helper module, it is loaded again once; if even
   * that fails, the kernel is given up (the next call restarts it, saying so). Returns why it failed.
   */
  private async installTools(kernel: Kernel, bridge: HostBridge): Promise<string | undefined> {
    const source = bridge.pythonModule;
    if (kernel.toolsSource === source) return undefined;
    const install = helperCall("install_tools", source);
    try {
      await this.housekeeping(kernel, install, this.timeoutMs);
    } catch {
      try {
        await this.housekeeping(kernel, preludeCode(), this.timeoutMs);
        await this.housekeeping(kernel, install, this.timeoutMs);
      } catch (error) {
        kernel.lose("the tools could not be set up in it");
        return (error as Error).message;
      }
    }
    kernel.toolsSource = source;
    return undefined;
  }

  private async runIn(
    prepared: Prepared,
    kernel: Kernel,
    code: string,
    signal: AbortSignal | undefined,
    bridge?: HostBridge,
  ): Promise<{ result: CellResult; images: readonly CapturedImage[] }> {
    // The deadline stops while a tool call is out: the bridge counts (and limits) that time.
    let expire!: () => void;
    const timeout = new Promise<Race>((resolve) => (expire = () => resolve({ kind: "timeout" })));
    const deadline = new PausableDeadline(this.timeoutMs, () => expire());
    const calls = bridge ? new CellCalls(kernel.channels, bridge, (busy) => (busy ? deadline.pause() : deadline.resume())) : undefined;
    const cell = execute(kernel.channels, code, { limits: this.limits, ...(calls ? { onInput: (request) => calls.handle(request) } : {}) });
    const done = cell.done.then(
      (outcome): Race => ({ kind: "done", outcome }),
      (error: Error): Race => ({ kind: "failed", reason: error.message }),
    );
    const lost = kernel.lost.then((reason): Race => ({ kind: "lost", reason }));
    let onAbort: (() => void) | undefined;
    const cancelled = new Promise<Race>((resolve) => {
      onAbort = () => resolve({ kind: "cancelled" });
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    try {
      const first = await Promise.race([done, lost, timeout, cancelled]);
      // Whatever ended the run, calls still out from threads are answered now (the main thread's wait,
      // if any, ends with the interrupt below), and later ones are told the run is over.
      calls?.end(first.kind !== "done");
      if (first.kind === "done") return { result: this.cellOf(first.outcome), images: first.outcome.images };
      if (first.kind === "failed" || first.kind === "lost") {
        cell.stop(first.reason);
        await this.restart(prepared, first.reason, first.kind === "lost" && /restarting/.test(first.reason)).catch(() => {});
        const memory = first.reason.startsWith("MemoryError");
        return { result: this.lostCell(memory ? `${first.reason}; the code was stopped.` : `SystemError: ${first.reason}.`, memory ? "memory" : "crashed"), images: [] };
      }
      // Past the deadline (or cancelled): interrupt, as a notebook user would; restart if that fails.
      const why = first.kind === "timeout" ? `the code ran longer than ${formatSeconds(this.timeoutMs)}` : "the call was cancelled";
      await prepared.connection.interruptKernel(kernel.id).catch(() => {});
      let graceTimer: NodeJS.Timeout | undefined;
      const grace = new Promise<Race>((resolve) => (graceTimer = setTimeout(() => resolve({ kind: "timeout" }), this.options.interruptGraceMs ?? 3_000)));
      const second = await Promise.race([done, lost, grace]);
      clearTimeout(graceTimer);
      const errorKind = first.kind === "timeout" ? ("timeout" as const) : ("crashed" as const);
      if (second.kind === "done") {
        const cell = this.cellOf(second.outcome);
        const error = `${first.kind === "timeout" ? "TimeoutError" : "Cancelled"}: ${why} and was interrupted; variables from earlier calls are kept.`;
        return { result: { ...cell, ok: false, error, errorKind }, images: second.outcome.images };
      }
      cell.stop("restarted");
      await this.restart(prepared, why).catch(() => {});
      const error = `${first.kind === "timeout" ? "TimeoutError" : "Cancelled"}: ${why} and did not stop when interrupted, so the kernel was restarted.`;
      return { result: this.lostCell(error, errorKind), images: [] };
    } finally {
      deadline.clear();
      calls?.end(true);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  }

  private lostCell(error: string, errorKind: CellResult["errorKind"]): CellResult {
    return { ok: false, output: "", error: `${error}\n${STATE_LOST}`, ...(errorKind ? { errorKind } : {}), stateLost: true };
  }

  private cellOf(outcome: ExecuteOutcome): CellResult {
    const output = capText(outcome.output, this.outputLimit);
    const outputText =
      outcome.hiddenOutput > 0 && !output.truncated
        ? `${outcome.output}\n[output truncated: ${outcome.hiddenOutput} more characters not shown]\n`
        : output.text;
    const failed = outcome.status !== "ok";
    const error = failed ? (outcome.error ?? `Error: the kernel answered ${outcome.status}`) : undefined;
    const memoryError = error !== undefined && /^MemoryError\b/m.test(error);
    const dropped = outcome.droppedImages > 0 ? `[${outcome.droppedImages} image(s) not kept: over the count or size limit]\n` : "";
    return {
      ok: !failed,
      output: `${outputText}${dropped && outputText && !outputText.endsWith("\n") ? "\n" : ""}${dropped}`,
      ...(outcome.value !== undefined && !failed ? { value: outcome.value } : {}),
      ...(error !== undefined ? { error, errorKind: memoryError ? ("memory" as const) : ("exception" as const) } : {}),
      ...(outcome.hiddenOutput > 0 || output.truncated || /\n\[output truncated: /.test(outcome.value ?? "") ? { truncated: true } : {}),
    };
  }

  /** Copies what the cell wrote into out/ and the images it displayed to the host's output folder. */
  private async withFiles(prepared: Prepared, cell: CellResult, images: readonly CapturedImage[]): Promise<CellResult> {
    const files: ProducedFile[] = [];
    const notes: string[] = [];
    try {
      if (prepared.workspace) {
        const collected = await collectOutputs(prepared.workspace.outDir, this.outState, prepared.output);
        this.outState = collected.state;
        files.push(...collected.files);
        notes.push(...collected.skipped);
      } else if (this.kernel && this.kernel.lostReason === undefined && prepared.output) {
        const collected = await this.collectRemote(prepared.output);
        files.push(...collected.files);
        notes.push(...collected.skipped);
      }
      if (prepared.output) {
        for (const image of images) {
          const written = await prepared.output.write(this.imageName(prepared, image.source), image.png, image.source);
          if (written) files.push(written);
        }
      }
    } catch (error) {
      notes.push(`the files could not be copied: ${(error as Error).message}`);
    }
    const note = notes.length > 0 ? `[not copied out of out/: ${notes.slice(0, 10).join("; ")}]\n` : "";
    return {
      ...cell,
      ...(note ? { output: `${cell.output}${cell.output && !cell.output.endsWith("\n") ? "\n" : ""}${note}` } : {}),
      ...(files.length > 0 ? { files } : {}),
    };
  }

  /** A name for a captured image that no file of this session (written or captured) has. */
  private imageName(prepared: Prepared, source: CapturedImage["source"]): string {
    const taken = new Set(prepared.output?.list().map((file) => file.name));
    for (;;) {
      const name = `${source}-${++this.imageCount}.png`;
      if (taken.has(name)) continue;
      if (prepared.workspace && existsSync(join(prepared.workspace.outDir, name))) continue;
      if (this.remoteOutState[name] !== undefined) continue;
      return name;
    }
  }

  /** Asks a remote kernel for what changed in its out/ folder; the host checks names and sizes again. */
  private async collectRemote(output: OutputFolder): Promise<{ files: ProducedFile[]; skipped: string[] }> {
    const kernel = this.kernel!;
    const { maxFiles, maxFileBytes, maxTotalBytes } = output.limits;
    const [answer] = await this.housekeeping(kernel, helperCall("collect", this.remoteOutState, maxFiles, maxFileBytes, maxTotalBytes), 60_000);
    const listing = answer as { state?: unknown; files?: unknown; skipped?: unknown } | undefined;
    if (!listing || typeof listing !== "object") return { files: [], skipped: [] };
    if (listing.state && typeof listing.state === "object") this.remoteOutState = listing.state as Record<string, string>;
    const files: ProducedFile[] = [];
    const skipped = Array.isArray(listing.skipped) ? listing.skipped.filter((item): item is string => typeof item === "string").slice(0, 20) : [];
    let total = 0;
    for (const entry of Array.isArray(listing.files) ? listing.files.slice(0, maxFiles) : []) {
      const { name, data } = (entry ?? {}) as { name?: unknown; data?: unknown };
      if (typeof name !== "string" || typeof data !== "string") continue;
      const bytes = Buffer.from(data, "base64");
      if (bytes.length > maxFileBytes || total + bytes.length > maxTotalBytes) {
        skipped.push(`${name.slice(0, 120)} (over the size limit)`);
        continue;
      }
      total += bytes.length;
      const written = await output.write(name, bytes, "written");
      if (written) files.push(written);
      else skipped.push(`${name.slice(0, 120)} (unusable name)`);
    }
    return { files, skipped };
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
