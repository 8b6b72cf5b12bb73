// The sandboxed Python child. Plain JavaScript on purpose: the host starts it with plain `node` under
// the permission model (read access to this file and the pyodide package only, no env, no terminal),
// so it cannot go through a TypeScript loader.
//
// Protocol: newline-delimited JSON on fd 3 (a pipe the host created). The host sends
//   {"type":"run","id":N,"code":"..."} | {"type":"reset","id":N}
// and the child answers {"type":"ready"} once, then one {"type":"result","id":N,...} per request.
// Everything the guest code can reach is locked down below *before* Pyodide is imported, because
// any JS object the guest gets hold of leads back to this realm's globals.

import childProcess from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";

const [pyodideDir, wasmLimitArg, outputLimitArg, maxLineArg] = process.argv.slice(2);
const wasmMemoryLimit = Number(wasmLimitArg);
const outputLimit = Number(outputLimitArg);
const maxLine = Number(maxLineArg);
// Install paths are nobody's business inside the sandbox.
process.argv.length = 1;
process.execArgv.length = 0;

const lockDown = () => {
  // Pyodide's NODEFS asks for the fs constants at load; the permission model denies the real binding.
  const constants = { fs: fs.constants };
  const binding = (name) => {
    if (name === "constants") return constants;
    throw new Error(`process.binding('${name}') is not available in the sandbox`);
  };
  Object.defineProperty(process, "binding", { value: binding, writable: false, configurable: false });

  // No network from JS: Emscripten's socket layer and guest code would otherwise find these.
  for (const name of ["fetch", "WebSocket", "EventSource", "XMLHttpRequest", "navigator"]) {
    try {
      delete globalThis[name];
    } catch {
      // not present or not deletable: shadow it below
    }
    if (name in globalThis) {
      Object.defineProperty(globalThis, name, { value: undefined, writable: false, configurable: false });
    }
  }

  const dangerous = [
    "kill", "_kill", "dlopen", "_linkedBinding", "getBuiltinModule", "chdir",
    "setuid", "setgid", "seteuid", "setegid", "setgroups", "initgroups",
    "_debugProcess", "_debugEnd", "_startProfilerIdleNotifier", "abort", "send", "disconnect",
    "channel", "_channel", "openStdin", "loadEnvFile", "setSourceMapsEnabled",
  ];
  for (const target of [process, Object.getPrototypeOf(process)]) {
    for (const name of dangerous) {
      try {
        Object.defineProperty(target, name, { value: undefined, writable: false, configurable: false });
      } catch {
        // already non-configurable: nothing we can add
      }
    }
  }

  // A JavaScript exception thrown while wasm code is on the stack (a C function Emscripten implements in
  // JavaScript: system(), emscripten_run_script(), a socket syscall) cannot be caught by the C caller:
  // Pyodide calls that a fatal error and the child dies with the guest's state. So what the sandbox switches
  // off in those paths fails the way its C caller expects, never by throwing:
  // - system() -> spawnSync (denied by the permission model): a shell's "command not found" (status 127);
  const noPrograms = () => ({
    pid: 0,
    output: [null, null, null],
    stdout: null,
    stderr: null,
    status: 127,
    signal: null,
    error: Object.assign(new Error("running programs is not available in this sandbox"), { code: "EACCES" }),
  });
  Object.defineProperty(childProcess, "spawnSync", { value: noPrograms, writable: false, configurable: false });
  // - emscripten_run_script*() -> eval (code generation is disallowed): runs nothing, returns nothing;
  Object.defineProperty(globalThis, "eval", { value: function evalIsDisabled() {}, writable: false, configurable: false });
  // - a socket connect (Pyodide's Node socket layer, after useNodeSockFS) -> net connect: a socket that
  //   fails with EACCES a moment later, the way a refused connection fails (see below).
  // Python itself raises for the usual spellings first (the audit hook in the runner).

  // Node's permission model does not cover the network. Nothing here should ever connect or listen
  // (the host channel is an already-open fd), so take those entry points away from everyone, including
  // the lazily imported socket layer of Pyodide. An empty network namespace, where available, is the
  // other wall.
  const refuse = () => {
    throw new Error("network access is not available in this sandbox");
  };
  const refuseConnection = function connect() {
    const socket = this instanceof net.Socket ? this : new net.Socket();
    const error = Object.assign(new Error("connect EACCES: network access is not available in this sandbox"), {
      code: "EACCES",
      syscall: "connect",
    });
    // Nothing may be left to throw as an unhandled 'error' event: the caller's own listeners still see it.
    socket.on("error", () => {});
    process.nextTick(() => socket.destroy(error));
    return socket;
  };
  const entryPoints = [
    [net.Socket.prototype, "connect", refuseConnection],
    [net.Server.prototype, "listen"],
    [net, "connect", refuseConnection],
    [net, "createConnection", refuseConnection],
    [net, "createServer"],
    [dgram, "createSocket"],
    [dgram.Socket.prototype, "bind"],
    [dgram.Socket.prototype, "connect"],
    [dgram.Socket.prototype, "send"],
  ];
  for (const [target, name, replacement = refuse] of entryPoints) {
    Object.defineProperty(target, name, { value: replacement, writable: false, configurable: false });
  }
  syncBuiltinESMExports();

  // JavaScript stack traces reach Python (a JsException's `js_error.stack`) and would show where things are
  // installed: each frame keeps only its file's name.
  const frameText = (frame) => String(frame).replace(/(?:file:\/\/)?(?<![\w.@-])\/(?:[^\s/():]+\/)*([^\s/():]+)(?=:\d)/g, "$1");
  const prepareStackTrace = (error, frames) => {
    let header;
    try {
      header = String(error);
    } catch {
      header = "Error";
    }
    return [header, ...frames.map((frame) => `    at ${frameText(frame)}`)].join("\n");
  };
  Object.defineProperty(Error, "prepareStackTrace", { value: prepareStackTrace, writable: false, configurable: false });

  // Cap the wasm heap: past the limit Python sees a failed allocation (MemoryError), not a dead process.
  const originalGrow = WebAssembly.Memory.prototype.grow;
  const pageSize = 65536;
  const guardedGrow = function grow(delta) {
    const current = this.buffer.byteLength;
    if (current + Number(delta) * pageSize > wasmMemoryLimit) {
      throw new RangeError("WebAssembly.Memory.grow(): sandbox memory limit reached");
    }
    return Reflect.apply(originalGrow, this, [delta]);
  };
  Object.defineProperty(WebAssembly.Memory.prototype, "grow", {
    value: guardedGrow,
    writable: false,
    configurable: false,
  });
};

// The host channel: private references only, never on a global.
const channel = new net.Socket({ fd: 3, readable: true, writable: true });
// The host drops the child on a line longer than maxLine. Texts are capped in characters, but JSON writes a
// control character as six, so the longest text is halved until the serialized line fits.
const send = (message) => {
  let line = JSON.stringify(message);
  const fitted = { ...message };
  const kept = {}; // key -> characters of the original text still sent
  while (line.length > maxLine) {
    let longest;
    for (const [key, value] of Object.entries(message)) {
      if (typeof value !== "string") continue;
      const size = kept[key] ?? value.length;
      if (size >= 64 && (longest === undefined || size > (kept[longest] ?? message[longest].length))) longest = key;
    }
    if (longest === undefined) break;
    const text = message[longest];
    kept[longest] = Math.floor((kept[longest] ?? text.length) / 2);
    fitted[longest] = `${text.slice(0, kept[longest])}\n[truncated: ${text.length - kept[longest]} more characters not shown, too long to send]`;
    line = JSON.stringify(fitted);
  }
  channel.write(`${line}\n`);
};
const exit = process.exit.bind(process);

// Code mode: a tool call from Python is synchronous (`sums(6, 3)` returns its value), so the child writes
// the call and blocks on the channel's fd for the one reply (the event loop is not running meanwhile, so
// nothing else reads it). The fd is non-blocking: poll, backing off while a human decides.
let runningId;
let installedTools;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const replyDecoder = new TextDecoder();
let inbox = "";
const writeAllSync = (text) => {
  let bytes = Buffer.from(text, "utf8");
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(fs.writeSync(3, bytes));
    } catch (error) {
      if (error.code !== "EAGAIN") throw error;
      Atomics.wait(sleeper, 0, 0, 1);
    }
  }
};
const hostCall = (name, json) => {
  // Between runs (a callback the code scheduled) nobody answers, and a blocking read would swallow the next request.
  if (runningId === undefined) return JSON.stringify({ ok: false, kind: "ended", error: `${String(name)} was not called: the code's run has ended` });
  const call = JSON.stringify({ type: "call", id: runningId, name: String(name), args: String(json) });
  // The host drops the child on a line past maxLine: too big a call fails here, in the guest, instead.
  if (call.length > maxLine) {
    return JSON.stringify({ ok: false, kind: "limit", error: `the arguments of ${String(name).slice(0, 100)} are ${String(json).length} characters, too big to pass to the host` });
  }
  writeAllSync(`${call}\n`);
  const buffer = Buffer.alloc(65536);
  const waitingSince = performance.now();
  let pause = 0;
  for (;;) {
    const newline = inbox.indexOf("\n");
    if (newline >= 0) {
      const line = inbox.slice(0, newline);
      inbox = inbox.slice(newline + 1);
      const message = JSON.parse(line);
      if (message.type === "reply" && message.id === runningId && typeof message.reply === "string") return message.reply;
      continue;
    }
    let read = 0;
    try {
      read = fs.readSync(3, buffer, 0, buffer.length, null);
      if (read === 0) exit(0);
    } catch (error) {
      if (error.code !== "EAGAIN") throw error;
    }
    if (read > 0) {
      inbox += replyDecoder.decode(buffer.subarray(0, read), { stream: true });
      pause = 0;
    } else {
      Atomics.wait(sleeper, 0, 0, pause);
      // short naps while a quick tool answers; longer ones once a human is likely deciding
      pause = performance.now() - waitingSince < 50 ? 0.05 : Math.min(pause * 2, 10);
    }
  }
};
channel.on("close", () => exit(0));
channel.on("error", () => exit(0));

lockDown();
// A promise left rejected (by guest code, or by Pyodide's socket layer after a refused connection) must not
// end the process with the guest's state: Node's default for that is to exit.
process.on("unhandledRejection", () => {});

let output = "";
let outputChars = 0;
const decoders = { out: new TextDecoder(), err: new TextDecoder() };
const append = (text) => {
  outputChars += text.length;
  const room = outputLimit - output.length;
  if (room > 0) output += text.length <= room ? text : text.slice(0, room);
};
const capped = (text) =>
  text.length <= outputLimit
    ? text
    : `${text.slice(0, outputLimit)}\n[output truncated: ${text.length - outputLimit} more characters not shown]`;
const writer = (stream) => ({
  write(bytes) {
    append(decoders[stream].decode(bytes, { stream: true }));
    return bytes.length;
  },
  isatty: false,
});

const { loadPyodide } = await import(new URL(`file://${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  // What `import js` sees: nothing of the host.
  jsglobals: Object.freeze(Object.create(null)),
  env: { HOME: "/home/pyodide" },
  stdin: () => null,
  checkAPIVersion: true,
});
// Pyodide keeps its install path where Python reaches it (`pyodide_js._api.config.indexURL` and the like):
// every string of its API and module objects that holds the real directory gets "/pyodide" instead.
const hideInstallPath = (target, depth, seen = new Set()) => {
  if (depth < 0 || target === null || (typeof target !== "object" && typeof target !== "function") || seen.has(target)) return;
  seen.add(target);
  for (const key of Object.getOwnPropertyNames(target)) {
    if (key.startsWith("HEAP")) continue;
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (!descriptor || !("value" in descriptor)) continue;
    const value = descriptor.value;
    if (typeof value === "string" && value.includes(pyodideDir)) {
      try {
        target[key] = value.replaceAll(pyodideDir, "/pyodide");
      } catch {
        // read-only: leave it (none of Pyodide's are)
      }
    } else hideInstallPath(value, depth - 1, seen);
  }
};
hideInstallPath(pyodide._api, 3);
hideInstallPath(pyodide._module, 3);

// Pyodide's Node socket layer (installed by `useNodeSockFS`) fails a call with an Emscripten ErrnoError, which
// is not an Error: Pyodide cannot make a Python exception of it, so Python code awaiting a refused connection
// hung or the child died. Its failures become ordinary Errors, which reach Python as a JsException.
const asError = (failure) =>
  failure instanceof Error
    ? failure
    : Object.assign(new Error(`socket operation failed (errno ${failure?.errno}): network access is not available in this sandbox`), {
        errno: failure?.errno,
      });
const withErrors = (api) => {
  if (api === null || typeof api !== "object") return api;
  for (const [name, operation] of Object.entries(api)) {
    if (typeof operation !== "function") continue;
    api[name] = function (...args) {
      let result;
      try {
        result = Reflect.apply(operation, this, args);
      } catch (failure) {
        throw asError(failure);
      }
      return result && typeof result.then === "function"
        ? result.then(undefined, (failure) => {
            throw asError(failure);
          })
        : result;
    };
  }
  return api;
};
let nodeSock = withErrors(pyodide._api._nodeSock);
Object.defineProperty(pyodide._api, "_nodeSock", {
  get: () => nodeSock,
  set: (api) => {
    nodeSock = withErrors(api);
  },
  configurable: false,
});
pyodide.setStdout(writer("out"));
pyodide.setStderr(writer("err"));
pyodide.setStdin({ stdin: () => null, isatty: false });

// Files: the working directory holds the input copies the host sends and `out/`, whose new or changed
// files go back to the host after each run (symlinks and special files never; sizes and counts capped).
const WORKDIR = "/home/pyodide/work";
const OUTDIR = `${WORKDIR}/out`;
pyodide.FS.mkdirTree(OUTDIR);
pyodide.FS.chdir(WORKDIR);
let outCaps; // set by the host's "files" request; absent: nothing is sent back
const outSeen = new Map(); // path in out/ -> "size:mtime" last sent
const writeInputs = (files) => {
  for (const { name, data } of files) {
    const path = `${WORKDIR}/${name}`;
    pyodide.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    pyodide.FS.writeFile(path, Buffer.from(data, "base64"));
    pyodide.FS.chmod(path, 0o444);
  }
};
const sendOutFiles = (id) => {
  if (!outCaps) return;
  let sent = 0;
  const visit = (folder, prefix, depth) => {
    let names;
    try {
      names = pyodide.FS.readdir(folder).filter((name) => name !== "." && name !== "..").sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = `${folder}/${name}`;
      const relative = prefix ? `${prefix}/${name}` : name;
      const info = pyodide.FS.lstat(path);
      if (pyodide.FS.isDir(info.mode)) {
        if (depth < 6) visit(path, relative, depth + 1);
        continue;
      }
      if (!pyodide.FS.isFile(info.mode)) continue; // symlinks are not followed
      const key = `${info.size}:${Number(info.mtime)}`;
      if (outSeen.get(relative) === key) continue;
      outSeen.set(relative, key);
      if (info.size > outCaps.maxFileBytes || sent >= outCaps.maxFiles) continue;
      sent += 1;
      send({ type: "file", id, name: relative, data: Buffer.from(pyodide.FS.readFile(path)).toString("base64") });
    }
  };
  visit(OUTDIR, "", 0);
};

const runner = pyodide.runPython(`
import asyncio, builtins, collections, errno, linecache, os, sys, traceback, types, weakref
from pyodide.code import eval_code_async
from pyodide.webloop import WebLoop

# Starting a process, or running JavaScript source through Emscripten, is switched off in this child (the
# JavaScript side fails quietly rather than take the interpreter down). An audit hook, which Python code
# cannot remove, turns every spelling that reaches them into a plain error the model can read.
def _refuse_in_sandbox(
    event,
    args,
    programs=frozenset(("os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "subprocess.Popen")),
    symbols=frozenset((
        "system", "popen", "emscripten_run_script", "emscripten_run_script_int",
        "emscripten_run_script_string", "emscripten_async_run_script",
    )),
):
    if event in programs:
        raise OSError(errno.ENOSYS, "running programs is not available in this sandbox")
    if event.startswith("ctypes.dlsym") and len(args) > 1:
        name = args[1].decode("utf-8", "replace") if isinstance(args[1], bytes) else args[1]
        if name in symbols:
            raise OSError(errno.ENOSYS, f"{name}() is not available in this sandbox")
sys.addaudithook(_refuse_in_sandbox)

# The loop callbacks (call_soon / call_later / call_at all end in WebLoop.call_later) scheduled while the
# interpreter lives, so a cell's leftovers can be cancelled when it ends. Weak: a handle that ran is gone.
_scheduled = weakref.WeakSet()
_schedule = WebLoop.call_later
def _tracked_call_later(loop, delay, callback, *args, context=None):
    handle = _schedule(loop, delay, callback, *args, context=context)
    _scheduled.add(handle)
    return handle
WebLoop.call_later = _tracked_call_later

# Tracebacks show the lines of recent cells; older cells' sources are dropped so the cache cannot grow
# with every call (a long session of large cells would otherwise hold all of them).
_KEPT_CELLS = 50
_KEPT_CHARS = 2_000_000

class _Cells:
    def __init__(self):
        self.count = 0
        self.sources = collections.OrderedDict()  # cell filename -> characters, oldest first
        self.source_chars = 0
        self.reset()

    def reset(self):
        self.ns = {"__name__": "__main__", "__builtins__": builtins}
        while self.sources:
            self._forget_oldest_source()

    def _remember_source(self, filename, code):
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        self.sources[filename] = len(code)
        self.source_chars += len(code)
        while len(self.sources) > 1 and (len(self.sources) > _KEPT_CELLS or self.source_chars > _KEPT_CHARS):
            self._forget_oldest_source()

    def _forget_oldest_source(self):
        filename, chars = self.sources.popitem(last=False)
        self.source_chars -= chars
        linecache.cache.pop(filename, None)

    def install_tools(self, source, host_call):
        # Code mode: the guest tools module, generated by the host from the tools' schemas.
        module = types.ModuleType("tools")
        module._host_call = lambda name, arguments: host_call(name, arguments)
        exec(compile(source, "<tools>", "exec"), module.__dict__)
        sys.modules["tools"] = module

    def _cancel_background_tasks(self):
        # Nothing a cell scheduled survives it: a loop callback or background task left running (a busy loop
        # especially) would eat the CPU between calls and get the next call blamed for a timeout it did not
        # cause. First the pending callbacks, except the steps and wake-ups of tasks and the loop's own
        # bookkeeping (bound to a future or to the loop), so that the cancelled tasks can still finish.
        for handle in list(_scheduled):
            owner = getattr(handle._callback, "__self__", None)
            if not isinstance(owner, (asyncio.Future, asyncio.AbstractEventLoop)):
                handle.cancel()
        current = asyncio.current_task()
        for task in asyncio.all_tasks():
            if task is not current and not task.done():
                task.cancel()

    def _trimmed_traceback(self, error):
        tb = error.__traceback__
        # Drop the interpreter's own frames above the first frame of the user's code.
        while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<cell "):
            tb = tb.tb_next
        lines = traceback.format_exception(type(error), error, tb)
        if tb is None:
            lines = traceback.format_exception_only(type(error), error)
        return "".join(lines)

    async def run(self, code):
        self.count += 1
        filename = f"<cell {self.count}>"
        self._remember_source(filename, code)
        try:
            value = await eval_code_async(code, self.ns, return_mode="last_expr", filename=filename)
        except BaseException as error:
            return ("error", self._trimmed_traceback(error), type(error).__name__)
        finally:
            self._cancel_background_tasks()
            sys.stdout.flush()
            sys.stderr.flush()
        if value is None:
            return ("ok", None, None)
        try:
            return ("ok", repr(value), None)
        except BaseException as error:
            return ("error", self._trimmed_traceback(error), type(error).__name__)

_Cells()
`);

const toPlain = (proxy) => {
  const tuple = proxy.toJs();
  proxy.destroy();
  return tuple;
};

const handle = async (message) => {
  if (message.type === "files") {
    writeInputs(message.files);
    outCaps = { maxFileBytes: message.maxFileBytes, maxFiles: message.maxFiles };
    send({ type: "result", id: message.id, ok: true, output: "", outputChars: 0 });
    return;
  }
  if (message.type === "reset") {
    runner.reset();
    send({ type: "result", id: message.id, ok: true, output: "", outputChars: 0 });
    return;
  }
  output = "";
  outputChars = 0;
  runningId = message.id;
  // installed again only when it changed, so classes like tools.ToolError stay the same across runs
  if (typeof message.tools === "string" && message.tools !== installedTools) {
    runner.install_tools(message.tools, hostCall);
    installedTools = message.tools;
  }
  const [status, rawText, errorType] = toPlain(await runner.run(message.code));
  runningId = undefined;
  const text = typeof rawText === "string" ? capped(rawText) : rawText;
  append(decoders.out.decode());
  append(decoders.err.decode());
  sendOutFiles(message.id);
  send({
    type: "result",
    id: message.id,
    ok: status === "ok",
    output,
    outputChars,
    ...(status === "ok" ? (text === null ? {} : { value: text }) : { error: text, errorType }),
  });
};

// Requests are handled one at a time, in order.
let queue = Promise.resolve();
let pending = "";
channel.setEncoding("utf8");
channel.on("data", (chunk) => {
  pending += chunk;
  let newline;
  while ((newline = pending.indexOf("\n")) >= 0) {
    const line = pending.slice(0, newline);
    pending = pending.slice(newline + 1);
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      continue;
    }
    queue = queue.then(() => handle(message)).catch((error) => {
      send({ type: "result", id: message.id, ok: false, output, outputChars, error: String(error), errorType: "InternalError" });
    });
  }
});

send({ type: "ready" });
