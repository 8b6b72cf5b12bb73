// The sandboxed Python child. Plain JavaScript on purpose: the host starts it with plain `node` under
// the permission model (read access to this file and the pyodide package only, no env, no terminal),
// so it cannot go through a TypeScript loader.
//
// Protocol: newline-delimited JSON on fd 3 (a pipe the host created). The host sends
//   {"type":"run","id":N,"code":"..."} | {"type":"reset","id":N}
// and the child answers {"type":"ready"} once, then one {"type":"result","id":N,...} per request.
// Everything the guest code can reach is locked down below *before* Pyodide is imported, because
// any JS object the guest gets hold of leads back to this realm's globals.

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

  // Node's permission model does not cover the network. Nothing here should ever connect or listen
  // (the host channel is an already-open fd), so take those entry points away from everyone, including
  // the lazily imported socket layer of Pyodide. An empty network namespace, where available, is the
  // other wall.
  const refuse = () => {
    throw new Error("network access is not available in this sandbox");
  };
  const entryPoints = [
    [net.Socket.prototype, "connect"],
    [net.Server.prototype, "listen"],
    [net, "connect"],
    [net, "createConnection"],
    [net, "createServer"],
    [dgram, "createSocket"],
    [dgram.Socket.prototype, "bind"],
    [dgram.Socket.prototype, "connect"],
    [dgram.Socket.prototype, "send"],
  ];
  for (const [target, name] of entryPoints) {
    Object.defineProperty(target, name, { value: refuse, writable: false, configurable: false });
  }
  syncBuiltinESMExports();

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
channel.on("close", () => exit(0));
channel.on("error", () => exit(0));

lockDown();

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
import asyncio, builtins, errno, linecache, os, sys, traceback
from pyodide.code import eval_code_async

# Starting a process is denied by the permission model, and Pyodide treats that as fatal (the host then
# restarts this child). Answer the common spelling with a plain error instead, so the model can go on.
def _no_processes(*args, **kwargs):
    raise OSError(errno.ENOSYS, "running programs is not available in this sandbox")
os.system = _no_processes

class _Cells:
    def __init__(self):
        self.count = 0
        self.reset()

    def reset(self):
        self.ns = {"__name__": "__main__", "__builtins__": builtins}

    def _cancel_background_tasks(self):
        # Background tasks do not survive their cell: one left running (a busy loop especially) would eat
        # the CPU between calls and get the next call blamed for a timeout it did not cause.
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
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
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
  const [status, rawText, errorType] = toPlain(await runner.run(message.code));
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
