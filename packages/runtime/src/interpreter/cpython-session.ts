import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname } from "node:path";
import { bubblewrapArgs, assertBubblewrapWorks, hostIsRoot, SANDBOX_UID, SANDBOX_WORKDIR, type Mount } from "./bubblewrap.js";
import type { HostBridge } from "./bridge.js";
import { capText, TRUNCATION_NOTE, type CellResult, type RunOptions } from "./cell.js";
import { ChannelProcess, type ChannelReply } from "./cpython-process.js";
import { oneAtATime } from "./one-at-a-time.js";
import { maxMessageChars, type ChildDeath } from "./sandbox-process.js";
import { entryFile } from "./sandbox-paths.js";
import { seccompFilter } from "./seccomp.js";
import { sandboxLimits, type ResolvedSandboxLimits } from "./sandbox-limits.js";
import type { InterpreterSession, ProducedFile, SandboxSessionOptions, SessionFiles } from "./session.js";
import {
  collectOutputs,
  createNativeWorkspace,
  DEFAULT_OUTPUT_LIMITS,
  OutputFolder,
  resolveInputs,
  type FolderState,
  type InputEntry,
  type NativeWorkspace,
} from "./workspace.js";

/** The cpython backend's options: the sandbox's (shared with a local Jupyter kernel) and its own. */
export interface CPythonSessionOptions extends SandboxSessionOptions {
  /** The interpreter to run (inside the sandbox, at the same path). Default `/usr/bin/python3`. */
  readonly python?: string;
  /** Keep a started sandbox ready so a restart does not wait for a new one. Default true. */
  readonly warmSpare?: boolean;
}

const deathMessages: Record<ChildDeath, (detail: string) => string> = {
  timeout: (detail) => `TimeoutError: ${detail}; the code was stopped.`,
  memory: (detail) => `MemoryError: ${detail}; the code was stopped.`,
  crashed: (detail) => `SystemError: ${detail}.`,
  protocol: (detail) => `SystemError: ${detail}; it was stopped.`,
};
const STATE_LOST = "The Python interpreter was restarted: every variable, function and import from earlier calls is gone.";
const STATE_LOST_SINCE =
  "The Python interpreter stopped after the previous call and was restarted: every variable, function and import from earlier calls is gone.";

interface Prepared {
  readonly inputs: readonly InputEntry[];
  readonly workspace: NativeWorkspace;
  readonly output: OutputFolder | undefined;
  readonly argv: readonly string[];
  readonly runner: string;
  readonly seccomp?: Buffer;
}

/**
 * A CPython session: the host's own `python3` (with whatever packages it has) inside bubblewrap, one
 * long-lived process per session, so variables persist across calls. The sandbox sees `/usr` and a few
 * system files read-only, a private /tmp, an empty home and the working directory (input copies,
 * read-only, and `out/`); nothing else of the host, no network (an empty namespace), no environment,
 * rlimits on CPU, memory, processes and file size. Where bubblewrap is missing it fails with a message
 * naming the package; it never runs unsandboxed.
 */
export class CPythonSession implements InterpreterSession {
  readonly language = "python" as const;
  readonly backend = "cpython" as const;
  private readonly options: CPythonSessionOptions;
  private readonly timeoutMs: number;
  private readonly outputLimit: number;
  private readonly sandbox: ResolvedSandboxLimits;
  private prepared: Promise<Prepared> | undefined;
  private preparedValue: Prepared | undefined;
  private current: ChannelProcess | undefined;
  private spare: ChannelProcess | undefined;
  private outState: FolderState = new Map();
  private readonly enqueue = oneAtATime();
  private closed = false;

  constructor(options: CPythonSessionOptions = {}) {
    this.options = options;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.outputLimit = options.outputLimit ?? 20_000;
    this.sandbox = sandboxLimits(options, { maxProcesses: 32 });
  }

  /** Checks the sandbox and starts the interpreter now; rejects (e.g. bubblewrap missing) with the reason. */
  async start(): Promise<void> {
    await this.prepare();
    await this.process().whenReady();
  }

  run(code: string, options: RunOptions = {}): Promise<CellResult> {
    return this.enqueue(() => this.runNow(code, options.signal, options.bridge));
  }

  reset(): Promise<void> {
    return this.enqueue(async () => {
      const process = this.current;
      if (!process?.alive) return;
      await process.whenReady().catch(() => {});
      const reply = await process.request({ type: "reset" }, this.timeoutMs);
      if (reply.kind === "died") this.discard();
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
    if (this.closed) return;
    this.closed = true;
    this.discard();
    this.spare?.kill();
    this.spare = undefined;
    const prepared = this.prepared;
    if (prepared) {
      void prepared.then(
        async (ready) => {
          // the sandbox still holds the folder until it has exited
          await Promise.all([this.current?.exitedPromise()]);
          await ready.workspace.remove();
        },
        () => {},
      );
    }
  }

  private prepare(): Promise<Prepared> {
    this.prepared ??= (async () => {
      assertBubblewrapWorks();
      const python = this.options.python ?? "/usr/bin/python3";
      if (!existsSync(python)) throw new Error(`the cpython backend's interpreter ${python} does not exist (Debian: apt-get install python3)`);
      const inputs = resolveInputs(this.options.files ?? []);
      const workspace = await createNativeWorkspace(inputs, hostIsRoot() ? SANDBOX_UID : undefined);
      const limits = { ...DEFAULT_OUTPUT_LIMITS, ...this.options.outputLimits };
      const output = this.options.outDir !== undefined ? new OutputFolder(this.options.outDir, limits) : undefined;
      const readOnly: Mount[] = [];
      const runner = readFileSync(entryFile("cpython-runner.py"), "utf8");
      // An interpreter outside /usr brings its own prefix (e.g. /opt/python3.12), read-only.
      const prefix = dirname(dirname(realpathSync(python)));
      if (!prefix.startsWith("/usr/") && prefix !== "/usr") readOnly.push({ host: prefix, sandbox: prefix });
      const seccomp = seccompFilter();
      const argv = bubblewrapArgs([python, "-I", "-", String(this.outputLimit), String(maxMessageChars(this.outputLimit))], {
        workdir: workspace.dir,
        writable: [{ host: workspace.outDir, sandbox: `${SANDBOX_WORKDIR}/out` }],
        readOnly,
        env: {
          MPLBACKEND: "Agg",
          MPLCONFIGDIR: "/tmp/matplotlib",
          // one BLAS thread: predictable CPU use, and threads count against the process limit
          OPENBLAS_NUM_THREADS: "1",
          OMP_NUM_THREADS: "1",
          PYTHONDONTWRITEBYTECODE: "1",
        },
        tmpSizeBytes: this.sandbox.tmpSizeBytes,
        ...(seccomp ? { seccompFd: 5 } : {}),
        limits: this.sandbox.limits,
      });
      const prepared = { inputs, workspace, output, argv, runner, ...(seccomp ? { seccomp } : {}) };
      this.preparedValue = prepared;
      return prepared;
    })();
    return this.prepared;
  }

  private newProcess(): ChannelProcess {
    const prepared = this.preparedValue;
    if (!prepared) throw new Error("CPythonSession: not prepared");
    return new ChannelProcess({
      argv: prepared.argv,
      stdin: prepared.runner,
      ...(prepared.seccomp ? { seccomp: prepared.seccomp } : {}),
      outputLimit: this.outputLimit,
      startupTimeoutMs: this.options.startupTimeoutMs ?? 30_000,
      label: "Python",
      treeMemoryLimitBytes: this.sandbox.totalMemoryBytes,
    });
  }

  private process(): ChannelProcess {
    if (this.closed) throw new Error("CPythonSession is closed");
    if (this.current?.alive) return this.current;
    const spare = this.spare;
    this.spare = undefined;
    this.current = spare?.alive ? spare : this.newProcess();
    if (spare && !spare.alive) spare.kill();
    if (this.options.warmSpare ?? true) {
      const current = this.current;
      // start the spare only once this one is up, so two starts never compete for the CPU
      current.ready.then(
        () => {
          if (!this.closed && this.current === current && !this.spare?.alive) this.spare = this.newProcess();
        },
        () => {},
      );
    }
    return this.current;
  }

  private discard(): void {
    this.current?.kill();
    this.current = undefined;
  }

  private async runNow(code: string, signal: AbortSignal | undefined, bridge?: HostBridge): Promise<CellResult> {
    if (signal?.aborted) return { ok: false, output: "", error: "Cancelled before it ran.", errorKind: "crashed" };
    let prepared: Prepared;
    try {
      prepared = await this.prepare();
    } catch (error) {
      return { ok: false, output: "", error: `SystemError: the cpython backend cannot run: ${(error as Error).message}`, errorKind: "crashed" };
    }
    const diedSinceLastCall = this.current !== undefined && !this.current.alive;
    const process = this.process();
    const cancel = () => process.kill("crashed", "the call was cancelled");
    signal?.addEventListener("abort", cancel, { once: true });
    try {
      const cell = await this.runIn(process, code, prepared, bridge);
      return diedSinceLastCall && !cell.stateLost ? { ...cell, notice: `[${STATE_LOST_SINCE}]`, stateLost: true } : cell;
    } finally {
      signal?.removeEventListener("abort", cancel);
    }
  }

  private async runIn(process: ChannelProcess, code: string, prepared: Prepared, bridge?: HostBridge): Promise<CellResult> {
    try {
      await process.whenReady();
    } catch (error) {
      this.discard();
      return { ok: false, output: "", error: `SystemError: the Python interpreter could not start: ${(error as Error).message}`, errorKind: "crashed" };
    }
    const reply = await process.request({ type: "run", code, ...(bridge ? { tools: bridge.pythonModule } : {}) }, this.timeoutMs, bridge);
    const collected = await this.collect(prepared, reply.kind === "result" ? reply.figures : []);
    if (reply.kind === "died") {
      this.discard();
      return {
        ok: false,
        output: collected.note,
        error: `${deathMessages[reply.reason](reply.detail)}\n${STATE_LOST}`,
        errorKind: reply.reason === "timeout" || reply.reason === "memory" ? reply.reason : "crashed",
        stateLost: true,
        ...(collected.files.length > 0 ? { files: collected.files } : {}),
      };
    }
    const cell = this.cellOf(reply);
    return {
      ...cell,
      ...(collected.note ? { output: `${cell.output}${cell.output && !cell.output.endsWith("\n") ? "\n" : ""}${collected.note}` } : {}),
      ...(collected.files.length > 0 ? { files: collected.files } : {}),
    };
  }

  private async collect(prepared: Prepared, figures: readonly string[]): Promise<{ files: ProducedFile[]; note: string }> {
    try {
      const { files, skipped, state } = await collectOutputs(prepared.workspace.outDir, this.outState, prepared.output, new Set(figures));
      this.outState = state;
      return { files, note: skipped.length > 0 ? `[not copied out of out/: ${skipped.slice(0, 10).join("; ")}]\n` : "" };
    } catch (error) {
      return { files: [], note: `[the files in out/ could not be copied: ${(error as Error).message}]\n` };
    }
  }

  private cellOf(reply: Extract<ChannelReply, { kind: "result" }>): CellResult {
    const limit = this.outputLimit;
    const output = capText(reply.output, limit);
    const hidden = reply.outputChars - reply.output.length;
    const outputText = hidden > 0 && !output.truncated ? `${reply.output}\n[output truncated: ${hidden} more characters not shown]\n` : output.text;
    const value = reply.value === undefined ? undefined : capText(reply.value, limit + 200);
    const error = reply.error === undefined ? undefined : capText(reply.error, limit + 200);
    const memoryError = reply.error !== undefined && /^MemoryError\b/m.test(reply.error);
    return {
      ok: reply.ok,
      output: outputText,
      ...(value ? { value: value.text } : {}),
      ...(error ? { error: error.text, errorKind: memoryError ? ("memory" as const) : ("exception" as const) } : {}),
      ...(hidden > 0 || output.truncated || value?.truncated || reply.value?.includes(TRUNCATION_NOTE) ? { truncated: true } : {}),
    };
  }
}
