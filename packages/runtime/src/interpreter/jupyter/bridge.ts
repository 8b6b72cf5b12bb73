// Code mode on a Jupyter kernel: the guest's synchronous channel to the host is the kernel's own stdin
// channel, which works the same on the local sandboxed kernel and on a remote server or gateway. A cell
// run with a bridge is executed with `allow_stdin`; the `tools` module's `_host_call` sends an
// `input_request` whose prompt is a marked JSON request (tool name, arguments as JSON text), blocks in
// the kernel's own input machinery, and reads the host's `input_reply`: the JSON text of the bridge's
// reply. Everything in a prompt is untrusted: the host only ever turns it into `bridge.call(name, json)`,
// which is what the code could ask for anyway.
import type { HostBridge } from "../bridge.js";
import { END_OF_INPUT, type KernelChannels } from "./channels.js";
import { text, type KernelMessage } from "./messages.js";

/** Starts the prompt of a tool call (a NUL: no prompt a person would type). */
export const CALL_MARK = "\u0000toolsmith:call\u0000";
/** Characters of a marked request the guest sends at most (the bridge's own argument limit is lower). */
const MAX_REQUEST_CHARS = 8_000_000;
/**
 * Seconds a request waits in the kernel for the host's stdin socket to connect (normally well under one,
 * right after a restart). A main-thread call's wait also ends at the cell's deadline (the interrupt); past
 * this, a thread's call fails instead of holding the call lock for a host that is gone.
 */
const ROUTE_WAIT_S = 30;

/**
 * Python added to the kernel's `_toolsmith` helper module (see prelude.ts): installs the `tools` module
 * and forwards its calls through stdin. It calls the kernel class's own `raw_input`, while the kernel
 * object's `raw_input`/`getpass` (what `input()` and `getpass()` reach) keep refusing as they do without
 * a bridge, so the code's own `input()` still fails at once.
 */
export const BRIDGE_PYTHON = String.raw`
import importlib
import threading as _threading
import time as _time

_CALL_MARK = ${JSON.stringify(CALL_MARK)}
_MAX_REQUEST_CHARS = ${MAX_REQUEST_CHARS}
_ROUTE_WAIT_S = ${ROUTE_WAIT_S}
_call_lock = _threading.Lock()
_tools_source = None
_mandatory_socket = None

def _no_input(*args, **kwargs):
    from IPython.core.error import StdinNotImplementedError
    raise StdinNotImplementedError("raw_input was called, but this frontend does not support input requests.")

def _host_call(name, arguments):
    # One tool call, answered by the host with the JSON text of its reply. Calls from threads queue.
    name = str(name)[:200]
    arguments = str(arguments)
    ended = json.dumps({"ok": False, "kind": "ended", "error": f"{name} was not called: the code's run has ended"})
    request = json.dumps({"name": name, "args": arguments, "main": _threading.current_thread() is _threading.main_thread()})
    if len(request) > _MAX_REQUEST_CHARS:
        return json.dumps({"ok": False, "kind": "limit", "error": f"the arguments of {name[:100]} are {len(arguments)} characters, too big to pass to the host"})
    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is None:
        return ended
    with _call_lock:
        try:
            answer = _ask_host(kernel, _CALL_MARK + request)
        except EOFError:  # the host answers end-of-file once the run is over
            return ended
        except Exception as error:
            if type(error).__name__ == "StdinNotImplementedError":  # a cell run without tools
                return ended
            raise
        if answer is None:
            return json.dumps({"ok": False, "kind": "ended", "error": f"{name} was not called: the host's input channel did not connect"})
        return answer

def _ask_host(kernel, prompt):
    # The kernel's stdin socket is a ZMQ ROUTER: a request addressed to a host socket that is not
    # connected (yet) is dropped without a word, and raw_input then waits for an answer that cannot come.
    # That happens on a connection opened right after a kernel restart: the server accepts it before the
    # new kernel listens, so its sockets connect while the kernel starts, each on its own retry timer,
    # and its stdin socket can connect after the shell and iopub ones have carried the first cells.
    # With ROUTER_MANDATORY an unroutable send fails instead (EHOSTUNREACH, nothing sent), so the request
    # waits here until the host's stdin socket is connected - or the cell is interrupted at its deadline.
    # Returns None when the host did not connect within _ROUTE_WAIT_S.
    unreachable = _refuse_unroutable(kernel)
    give_up = _time.monotonic() + _ROUTE_WAIT_S
    while True:
        try:
            return type(kernel).raw_input(kernel, prompt)
        except Exception as error:
            if unreachable is None or getattr(error, "errno", None) != unreachable:
                raise
        if _time.monotonic() > give_up:
            return None
        _time.sleep(0.005)

def _refuse_unroutable(kernel):
    # Sets ROUTER_MANDATORY on the kernel's stdin socket (once); returns the errno of an unroutable send,
    # or None when the kernel has no such socket (then requests are sent as before).
    global _mandatory_socket
    stdin = getattr(kernel, "stdin_socket", None)
    if stdin is None:
        return None
    try:
        import zmq
        if stdin is not _mandatory_socket:
            stdin.setsockopt(zmq.ROUTER_MANDATORY, 1)
            _mandatory_socket = stdin
        return zmq.EHOSTUNREACH
    except Exception:
        return None

import importlib.abc as _abc
import importlib.util as _util

class _ToolsFinder(_abc.MetaPathFinder, _abc.Loader):
    # "import tools" builds the module from the installed source, so deleting it from sys.modules or
    # reloading it gives it back as it was.
    def find_spec(self, name, path=None, target=None):
        if name != "tools" or _tools_source is None:
            return None
        return _util.spec_from_loader(name, self, origin="<tools>")

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module._host_call = _host_call
        exec(compile(_tools_source, "<tools>", "exec"), module.__dict__)

_finder = _ToolsFinder()

def install_tools(source):
    global _tools_source
    import sys
    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is not None:
        kernel.raw_input = _no_input
        kernel.getpass = _no_input
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    if source != _tools_source or "tools" not in sys.modules:
        _tools_source = source
        sys.modules.pop("tools", None)
        importlib.import_module("tools")
`;

interface CallRequest {
  readonly name: string;
  readonly args: string;
  /** Made from the kernel's main thread (an interrupt ends its wait; a thread's wait goes on). */
  readonly main: boolean;
}

/** A marked prompt's request; `invalid` when marked but malformed, undefined when not a tool call. */
function parseRequest(message: KernelMessage): CallRequest | "invalid" | undefined {
  const prompt = text(message.content, "prompt");
  if (!prompt.startsWith(CALL_MARK) || message.content.password === true) return undefined;
  if (prompt.length > MAX_REQUEST_CHARS + CALL_MARK.length) return "invalid";
  let value: unknown;
  try {
    value = JSON.parse(prompt.slice(CALL_MARK.length));
  } catch {
    return "invalid";
  }
  if (typeof value !== "object" || value === null) return "invalid";
  const { name, args, main } = value as Record<string, unknown>;
  if (typeof name !== "string" || typeof args !== "string") return "invalid";
  return { name, args, main: main === true };
}

const failure = (kind: string, error: string) => JSON.stringify({ ok: false, kind, error });

/**
 * The tool calls of one cell: each marked `input_request` goes to the bridge and gets exactly one
 * `input_reply`; any other request (the code's own `input()`) gets end-of-file at once. The guest's
 * calls queue behind one lock, so one call is out at a time: a request made while another is out was
 * not made by the `tools` module and is refused at once (nothing of it is kept). `onBusy` says when a
 * call is out (the cell's deadline pauses meanwhile).
 */
export class CellCalls {
  private readonly out = new Set<{ readonly request: KernelMessage; readonly name: string; readonly main: boolean }>();
  private live = true;

  constructor(
    private readonly channels: KernelChannels,
    private readonly bridge: HostBridge,
    private readonly onBusy: (busy: boolean) => void,
  ) {}

  get pending(): number {
    return this.out.size;
  }

  handle(request: KernelMessage): void {
    const call = parseRequest(request);
    if (call === undefined) {
      this.channels.answerInput(request, END_OF_INPUT);
      return;
    }
    if (call === "invalid") {
      this.channels.answerInput(request, failure("invalid_json", "a tool call needs a name and JSON arguments"));
      return;
    }
    if (this.out.size > 0) {
      this.channels.answerInput(request, failure("limit", `${call.name.slice(0, 200)} was not called: another tool call is still out (calls go one at a time)`));
      return;
    }
    if (!this.live) {
      this.channels.answerInput(request, failure("ended", `${call.name.slice(0, 200)} was not called: the code's run has ended`));
      return;
    }
    // Only the header is needed to answer: the prompt (the arguments) is not kept while the call runs.
    const entry = { request: { ...request, content: {} }, name: call.name.slice(0, 200), main: call.main };
    this.out.add(entry);
    if (this.out.size === 1) this.onBusy(true);
    void this.bridge.call(call.name, call.args).then((reply) => {
      if (!this.out.delete(entry)) return; // the run ended first: that call was answered then
      this.channels.answerInput(entry.request, reply);
      if (this.out.size === 0) this.onBusy(false);
    });
  }

  /**
   * The run is over (finished, past its deadline or cancelled): later requests are told so, and a call
   * still out is answered now that the run has ended, so no thread in the kernel waits on the host. A
   * main-thread call is skipped when the kernel was interrupted: its wait ended with the interrupt, and an
   * answer nobody reads would be taken by the next call.
   */
  end(interrupted: boolean): void {
    this.live = false;
    for (const entry of this.out) {
      if (interrupted && entry.main) continue;
      this.channels.answerInput(entry.request, failure("ended", `${entry.name} was cancelled: the code's run has ended`));
    }
    this.out.clear();
  }
}

/** A cell's deadline that stops counting while the cell waits on the host (the bridge counts that time). */
export class PausableDeadline {
  private timer: NodeJS.Timeout | undefined;
  private remainingMs: number;
  private since = 0;
  private paused = false;
  private fired = false;

  constructor(
    limitMs: number,
    private readonly onExpired: () => void,
  ) {
    this.remainingMs = limitMs;
    this.run();
  }

  pause(): void {
    if (this.paused || this.fired) return;
    this.paused = true;
    clearTimeout(this.timer);
    this.remainingMs -= performance.now() - this.since;
  }

  resume(): void {
    if (!this.paused || this.fired) return;
    this.paused = false;
    this.run();
  }

  clear(): void {
    this.fired = true;
    clearTimeout(this.timer);
  }

  private run(): void {
    this.since = performance.now();
    this.timer = setTimeout(() => {
      this.fired = true;
      this.onExpired();
    }, Math.max(0, this.remainingMs));
  }
}
