// The JavaScript interpreter's worker thread: one QuickJS runtime and context per session. Plain
// JavaScript so it runs in a worker under any loader (tsx, vitest, compiled dist).
//
// The guest sees only what is defined below (the language built-ins and `console`); nothing of Node
// is passed in. Limits: an interrupt handler at the deadline, QuickJS's own memory limit and stack
// limit, and a wasm memory with a fixed maximum. A built-in that never checks the interrupt flag
// (`'x'.repeat(1e8).indexOf(...)`) is stopped by the host terminating this worker.

import { parentPort, workerData } from "node:worker_threads";
import variant from "@jitl/quickjs-wasmfile-release-sync";
import { newQuickJSWASMModuleFromVariant, newVariant } from "quickjs-emscripten-core";

const { memoryLimitBytes, stackSizeBytes, outputLimit } = workerData;
// Files: the inputs as text by name, and what the guest wrote under out/ (sent back after each run when changed).
const inputFiles = new Map((workerData.files ?? []).map((file) => [file.name, file.text]));
const outFiles = new Map();
const changedOut = new Set();
const maxOutFileChars = workerData.maxOutFileChars ?? 20 * 2 ** 20;
// The host compiles the wasm module once per process and hands it over (absent: compile it here).
const { wasmModule } = await new Promise((resolve) => parentPort.once("message", resolve));
const PAGE = 65536;
// QuickJS's allocator limit plus room for the interpreter itself; the wasm memory can never grow past this.
const wasmMaximumPages = Math.ceil((memoryLimitBytes + 32 * 2 ** 20) / PAGE);
const wasmMemory = new WebAssembly.Memory({ initial: 256, maximum: Math.max(wasmMaximumPages, 256) });
const QuickJS = await newQuickJSWASMModuleFromVariant(
  newVariant(variant, wasmModule instanceof WebAssembly.Module ? { wasmMemory, wasmModule } : { wasmMemory }),
);

const runtime = QuickJS.newRuntime();
runtime.setMemoryLimit(memoryLimitBytes);
runtime.setMaxStackSize(stackSizeBytes);

// Formats values the way a REPL shows them. Runs inside the guest, under the same limits as its code.
const INSPECT = String.raw`(function inspect(value, quoteStrings) {
  const seen = new Set();
  const key = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
  const show = (v, depth) => {
    switch (typeof v) {
      case "string": return depth === 0 && !quoteStrings ? v : JSON.stringify(v);
      case "undefined": return "undefined";
      case "function": return "[Function: " + (v.name || "(anonymous)") + "]";
      case "symbol": return v.toString();
      case "bigint": return v + "n";
      case "number": return Object.is(v, -0) ? "-0" : String(v);
      case "boolean": return String(v);
    }
    if (v === null) return "null";
    if (v instanceof Error) return v.name + ": " + v.message;
    if (v instanceof Date) return isNaN(v) ? "Invalid Date" : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (v instanceof Promise) return "Promise {}";
    if (seen.has(v)) return "[Circular]";
    if (depth > 4) return Array.isArray(v) ? "[Array]" : "[Object]";
    seen.add(v);
    try {
      const limit = (items, total) => (total > 100 ? items.slice(0, 100).concat(["... " + (total - 100) + " more items"]) : items);
      if (Array.isArray(v)) return "[" + limit(v.slice(0, 100).map((x) => show(x, depth + 1)), v.length).join(", ") + "]";
      if (v instanceof Map) return "Map(" + v.size + ") {" + limit(Array.from(v).slice(0, 100).map(([k, x]) => show(k, depth + 1) + " => " + show(x, depth + 1)), v.size).join(", ") + "}";
      if (v instanceof Set) return "Set(" + v.size + ") {" + limit(Array.from(v).slice(0, 100).map((x) => show(x, depth + 1)), v.size).join(", ") + "}";
      if (ArrayBuffer.isView(v)) return (v.constructor ? v.constructor.name : "TypedArray") + "(" + v.length + ") [" + limit(Array.from(v.slice(0, 100)).map(String), v.length).join(", ") + "]";
      const keys = Object.keys(v);
      const proto = Object.getPrototypeOf(v);
      const name = proto && proto !== Object.prototype && proto.constructor && proto.constructor.name ? proto.constructor.name + " " : "";
      if (keys.length === 0) return name + "{}";
      return name + "{ " + limit(keys.slice(0, 100).map((k) => key(k) + ": " + show(v[k], depth + 1)), keys.length).join(", ") + " }";
    } finally {
      seen.delete(v);
    }
  };
  return show(value, 0);
})`;

let output = "";
let outputChars = 0;
const append = (text) => {
  outputChars += text.length;
  const room = outputLimit - output.length;
  if (room > 0) output += text.length <= room ? text : text.slice(0, room);
};

let context;
let inspect;

function newContext() {
  const vm = runtime.newContext();
  const fn = vm.unwrapResult(vm.evalCode(INSPECT, "<inspect>"));
  const consoleHandle = vm.newObject();
  const log = vm.newFunction("log", (...args) => {
    const parts = args.map((arg) => {
      const shown = vm.callFunction(fn, vm.undefined, arg, vm.false);
      if (shown.error) {
        shown.error.dispose();
        return "[uninspectable]";
      }
      const text = vm.getString(shown.value);
      shown.value.dispose();
      return text;
    });
    append(`${parts.join(" ")}\n`);
  });
  for (const name of ["log", "info", "debug", "warn", "error", "trace"]) vm.setProp(consoleHandle, name, log);
  vm.setProp(vm.global, "console", consoleHandle);
  log.dispose();
  consoleHandle.dispose();
  if (workerData.fileAccess) defineFileFunctions(vm);
  context?.dispose();
  context = vm;
  inspect = fn;
}

// readFile(name) / writeFile("out/name", text) / listFiles(): text files only, nothing of the host's disk.
function defineFileFunctions(vm) {
  const outName = (path) => {
    const name = String(path).replace(/^\.\//, "");
    return name.startsWith("out/") && name.length > 4 ? name.slice(4) : undefined;
  };
  const define = (name, fn) => {
    const handle = vm.newFunction(name, fn);
    vm.setProp(vm.global, name, handle);
    handle.dispose();
  };
  define("readFile", (pathHandle) => {
    const path = String(vm.dump(pathHandle)).replace(/^\.\//, "");
    const out = outName(path);
    const text = out !== undefined ? outFiles.get(out) : inputFiles.get(path);
    if (text === undefined) return { error: vm.newError(`ENOENT: no such file: ${path}`) };
    return vm.newString(text);
  });
  define("writeFile", (pathHandle, textHandle) => {
    const path = String(vm.dump(pathHandle));
    const out = outName(path);
    if (out === undefined) return { error: vm.newError(`EACCES: only files under out/ can be written: ${path}`) };
    const text = String(vm.dump(textHandle));
    if (text.length > maxOutFileChars) return { error: vm.newError(`EFBIG: ${path} is over the ${maxOutFileChars}-character limit`) };
    outFiles.set(out, text);
    changedOut.add(out);
    return vm.undefined;
  });
  define("listFiles", () => {
    const names = [...inputFiles.keys(), ...[...outFiles.keys()].map((name) => `out/${name}`)];
    return vm.unwrapResult(vm.evalCode(JSON.stringify(names)));
  });
}

// Deep recursion leaves thousands of identical frames; a few say enough.
function trimStack(stack) {
  const frames = stack.trimEnd().split("\n");
  if (frames.length <= 12) return frames.join("\n");
  return [...frames.slice(0, 10), `    ... ${frames.length - 10} more frames`].join("\n");
}

// An error value as the model should see it: "Name: message" and the guest's own stack frames.
function describeError(vm, handle) {
  const thrown = vm.dump(handle);
  if (thrown && typeof thrown === "object" && typeof thrown.message === "string") {
    const name = typeof thrown.name === "string" ? thrown.name : "Error";
    const stack = typeof thrown.stack === "string" ? trimStack(thrown.stack) : "";
    return { name, message: thrown.message, text: `${name}: ${thrown.message}${stack ? `\n${stack}` : ""}` };
  }
  let shown;
  try {
    shown = JSON.stringify(thrown);
  } catch {
    shown = String(thrown);
  }
  return { name: "Uncaught", message: String(shown), text: `Uncaught ${shown}` };
}

function show(vm, handle) {
  const shown = vm.callFunction(inspect, vm.undefined, handle, vm.true);
  if (shown.error) {
    const error = describeError(vm, shown.error);
    shown.error.dispose();
    return { error };
  }
  const text = vm.getString(shown.value);
  shown.value.dispose();
  return { text };
}

const capped = (text) =>
  text.length <= outputLimit ? text : `${text.slice(0, outputLimit)}\n[output truncated: ${text.length - outputLimit} more characters not shown]`;

// Code mode: the guest's tools call `__toolsmith_call(name, json)`, which returns a promise the host settles.
// The run goes on (settling jobs) until every call it made is answered; the code's clock stops meanwhile.
let runningId;
let callCount = 0;
const waiting = new Map(); // call id -> QuickJS deferred promise
const replies = [];
let replyArrived;
const nextReply = () =>
  replies.length > 0 ? Promise.resolve(replies.shift()) : new Promise((resolve) => (replyArrived = resolve));
let preludeIn; // the context and prelude source the tools were defined for

function defineTools(vm, prelude) {
  if (preludeIn && preludeIn.vm === vm && preludeIn.prelude === prelude) return undefined;
  const call = vm.newFunction("__toolsmith_call", (nameHandle, jsonHandle) => {
    const name = String(vm.dump(nameHandle));
    const json = vm.typeof(jsonHandle) === "string" ? vm.getString(jsonHandle) : "";
    const deferred = vm.newPromise();
    const callId = ++callCount;
    waiting.set(callId, deferred);
    parentPort.postMessage({ type: "call", id: runningId, callId, name, args: json });
    return deferred.handle;
  });
  vm.setProp(vm.global, "__toolsmith_call", call);
  call.dispose();
  const defined = vm.evalCode(prelude, "<tools>");
  if (defined.error) {
    const error = describeError(vm, defined.error);
    defined.error.dispose();
    return error;
  }
  defined.value.dispose();
  preludeIn = { vm, prelude };
  return undefined;
}

async function settleCalls(vm, moveDeadline) {
  while (waiting.size > 0) {
    const waitStarted = Date.now();
    const { callId, reply } = await nextReply();
    moveDeadline(Date.now() - waitStarted);
    const deferred = waiting.get(callId);
    if (!deferred) continue;
    waiting.delete(callId);
    const text = vm.newString(typeof reply === "string" ? reply : JSON.stringify({ ok: false, kind: "threw", error: "no reply" }));
    deferred.resolve(text);
    text.dispose();
    deferred.dispose();
    const jobs = runtime.executePendingJobs();
    if (jobs.error) return jobs.error;
  }
  return undefined;
}

const JS_EVAL_FLAG_ASYNC = 1 << 7;
let cellCount = 0;
async function run(code, timeoutMs, prelude) {
  output = "";
  outputChars = 0;
  // The deadline moves on while a call from code is out (the code's clock stops meanwhile).
  let deadline = Date.now() + timeoutMs;
  // An interrupt inside a promise job only rejects that job's promise, and the job queue then runs dry as if
  // all went well (an endless microtask chain): whether the deadline struck is remembered here instead.
  let interruptedAtDeadline = false;
  runtime.setInterruptHandler(() => {
    if (Date.now() <= deadline) return false;
    interruptedAtDeadline = true;
    return true;
  });
  const vm = context;
  const toolsFailed = typeof prelude === "string" ? defineTools(vm, prelude) : undefined;
  if (toolsFailed) return { ok: false, output, outputChars, error: capped(toolsFailed.text), errorKind: "exception" };
  // With tools, the code may `await` at the top level (QuickJS's async script flag: the result is a promise
  // of `{ value }`, top-level declarations still persist).
  const topLevelAwait = typeof prelude === "string";
  const result = vm.evalCode(code, `<cell ${++cellCount}>`, topLevelAwait ? JS_EVAL_FLAG_ASYNC : undefined);
  let value;
  let error;
  if (result.error) {
    error = describeError(vm, result.error);
    result.error.dispose();
  } else {
    let handle = result.value;
    // Settle promises the code started (there are no timers, so pending jobs are all there is to wait for).
    const jobs = runtime.executePendingJobs();
    const failed = jobs.error ?? (await settleCalls(vm, (ms) => (deadline += ms)));
    if (failed) {
      error = describeError(vm, failed);
      failed.dispose();
    }
    // calls the code started but that were never answered (it failed first): forgotten with the run
    for (const deferred of waiting.values()) deferred.dispose();
    waiting.clear();
    const settle = () => {
      if (error || vm.typeof(handle) !== "object") return;
      const state = vm.getPromiseState(handle);
      if (state.type === "fulfilled" && !state.notAPromise) {
        handle.dispose();
        handle = state.value;
      } else if (state.type === "rejected") {
        error = describeError(vm, state.error);
        state.error.dispose();
      }
      // (a non-promise comes back as the same handle, which is disposed below)
    };
    settle();
    if (topLevelAwait && !error && vm.typeof(handle) === "object") {
      const last = vm.getProp(handle, "value");
      handle.dispose();
      handle = last;
      settle();
    }
    if (!error && vm.typeof(handle) !== "undefined") {
      const shown = show(vm, handle);
      if (shown.error) error = shown.error;
      else value = shown.text;
    }
    handle.dispose();
  }
  runtime.removeInterruptHandler();
  if (interruptedAtDeadline && !error) {
    error = { name: "InternalError", message: "interrupted", text: "InternalError: interrupted" };
    value = undefined;
  }
  const interrupted = error && error.name === "InternalError" && error.message === "interrupted";
  const outOfMemory = error && /out of memory/i.test(error.message);
  // What a failed allocation leaves behind (a half-built array in a variable) would fail every later call
  // too. When the heap is still mostly full, the host replaces this worker (QuickJS offers no way to collect
  // the old globals' cycles here) and the result says the variables went.
  const memoryFull = Boolean(outOfMemory) && heapStillFull();
  return {
    ok: !error,
    output,
    outputChars,
    ...(value === undefined ? {} : { value: capped(value) }),
    ...(error ? { error: capped(error.text), errorKind: interrupted ? "timeout" : outOfMemory ? "memory" : "exception" } : {}),
    ...(memoryFull ? { memoryFull: true } : {}),
  };
}

/** Whether more than half of the memory limit is still in use (or the usage cannot even be computed). */
function heapStillFull() {
  let handle;
  try {
    handle = runtime.computeMemoryUsage();
    const usage = context.dump(handle);
    const used = usage && typeof usage === "object" ? Number(usage.memory_used_size) : Number.NaN;
    return !(used < memoryLimitBytes / 2);
  } catch {
    return true;
  } finally {
    handle?.dispose();
  }
}

newContext();

let queue = Promise.resolve();
parentPort.on("message", (message) => {
  if (message.type === "reply") {
    if (message.id !== runningId) return;
    if (replyArrived) {
      const arrived = replyArrived;
      replyArrived = undefined;
      arrived(message);
    } else replies.push(message);
    return;
  }
  queue = queue.then(() => handle(message));
});

async function handle(message) {
  if (message.type === "reset") {
    newContext();
    parentPort.postMessage({ type: "result", id: message.id, ok: true, output: "", outputChars: 0 });
    return;
  }
  try {
    runningId = message.id;
    replies.length = 0;
    const result = await run(message.code, message.timeoutMs, message.tools);
    const written = [...changedOut].map((name) => ({ name, text: outFiles.get(name) }));
    changedOut.clear();
    parentPort.postMessage({ type: "result", id: message.id, ...result, ...(written.length > 0 ? { written } : {}) });
  } catch (failure) {
    // The wasm module itself failed (e.g. its memory could not grow): this runtime is unusable now.
    parentPort.postMessage({ type: "fatal", id: message.id, message: String(failure && failure.message) });
  }
}
parentPort.postMessage({ type: "ready" });
