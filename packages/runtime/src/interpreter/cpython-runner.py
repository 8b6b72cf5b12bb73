# The cell runner of the `cpython` backend. Runs as the sandbox's only program (inside bubblewrap, with
# rlimits), started by the host as `python3 -I - <output limit> <max line>` with this file on stdin (so no
# host path of it shows inside the sandbox).
#
# Protocol: newline-delimited JSON on fd 3 (a socket the host created). The host sends
#   {"type":"run","id":N,"code":"..."} | {"type":"reset","id":N}
# and the runner answers {"type":"ready"} once, then one {"type":"result","id":N,...} per request.
# Everything it says is untrusted by the host: code in the cell can write to fd 3 too.
import ast
import builtins
import importlib.abc
import io
import json
import linecache
import os
import sys
import traceback
import warnings

OUTPUT_LIMIT = int(sys.argv[1])
MAX_LINE = int(sys.argv[2])
OUT_DIR = "out"
del sys.argv[1:]

_channel_in = os.fdopen(3, "rb", buffering=0, closefd=False)
_reader = io.BufferedReader(_channel_in, 1 << 16)


def _send(message):
    line = json.dumps(message)
    # The host drops a line longer than MAX_LINE: halve the longest text until it fits.
    while len(line) > MAX_LINE:
        key = max((k for k, v in message.items() if isinstance(v, str)), key=lambda k: len(message[k]), default=None)
        if key is None or len(message[key]) < 64:
            break
        text = message[key]
        message[key] = text[: len(text) // 2] + f"\n[truncated: {len(text) - len(text) // 2} more characters not shown, too long to send]"
        line = json.dumps(message)
    data = (line + "\n").encode()
    while data:
        written = os.write(3, data)
        data = data[written:]


class _Capture(io.TextIOBase):
    """stdout/stderr of a cell: kept up to the limit, the rest only counted."""

    def __init__(self, shared):
        self._shared = shared

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._shared["chars"] += len(text)
        room = OUTPUT_LIMIT - len(self._shared["text"])
        if room > 0:
            self._shared["text"] += text[:room]
        return len(text)

    def isatty(self):
        return False


def _capped(text):
    if len(text) <= OUTPUT_LIMIT:
        return text
    return f"{text[:OUTPUT_LIMIT]}\n[output truncated: {len(text) - OUTPUT_LIMIT} more characters not shown]"


class _Media:
    """Figures and images a cell produced, saved as PNG files into out/."""

    def __init__(self):
        self.count = 0
        self.saved = []

    def _next_name(self, stem):
        while True:
            self.count += 1
            name = f"{stem}-{self.count}.png"
            if not os.path.lexists(os.path.join(OUT_DIR, name)):
                return name

    def save_png(self, data, stem="image"):
        name = self._next_name(stem)
        with open(os.path.join(OUT_DIR, name), "xb") as file:
            file.write(data)
        self.saved.append(name)
        return name

    def save_figures(self):
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is None:
            return
        for number in pyplot.get_fignums():
            figure = pyplot.figure(number)
            if getattr(figure, "_toolsmith_saved", False):
                continue  # the code saved it itself (plt.savefig('out/chart.png')): no second copy
            name = self._next_name("figure")
            try:
                figure.savefig(os.path.join(OUT_DIR, name), format="png", dpi=100, bbox_inches="tight")
                figure._toolsmith_saved = True
                self.saved.append(name)
            except Exception as error:  # a broken figure must not lose the cell's result
                print(f"[figure {number} could not be saved: {error}]", file=sys.stderr)
        pyplot.close("all")


_media = _Media()


def _patch_pyplot(module):
    # plt.show() under Agg shows nothing: capture the open figures there instead.
    def show(*args, **kwargs):
        _media.save_figures()

    module.show = show
    # A figure the code saved itself is not saved again when the cell ends.
    figure_class = sys.modules["matplotlib.figure"].Figure
    original_savefig = figure_class.savefig

    def savefig(self, *args, **kwargs):
        result = original_savefig(self, *args, **kwargs)
        self._toolsmith_saved = True
        return result

    figure_class.savefig = savefig


class _PyplotHook(importlib.abc.MetaPathFinder):
    """Patches matplotlib.pyplot.show as soon as pyplot is imported, and keeps the backend Agg."""

    def find_spec(self, name, path, target=None):
        if name != "matplotlib.pyplot":
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original = loader.exec_module

        def exec_module(module):
            original(module)
            _patch_pyplot(module)

        loader.exec_module = exec_module
        return spec


import importlib.util  # noqa: E402

sys.meta_path.insert(0, _PyplotHook())
warnings.filterwarnings("ignore", message=".*non-interactive.*cannot be shown")


def _pandas_table(value):
    """A DataFrame/Series as a compact text table: few rows and columns, narrow cells, with its shape."""
    module = type(value).__module__ or ""
    if not module.startswith("pandas") or not hasattr(value, "to_string"):
        return None
    try:
        kind = type(value).__name__
        if kind == "DataFrame":
            text = value.to_string(max_rows=20, max_cols=12, max_colwidth=40, show_dimensions=False)
            return f"{text}\n[{kind}: {value.shape[0]} rows x {value.shape[1]} columns]"
        if kind == "Series":
            text = value.to_string(max_rows=20, length=False, dtype=False, name=False)
            named = f" {value.name!r}" if value.name is not None else ""
            return f"{text}\n[Series{named}: {len(value)} rows, dtype {value.dtype}]"
    except Exception:
        return None
    return None


def _show(value):
    """How a value is returned: a PNG-capable object is saved as an image, pandas as a table, else repr."""
    png = getattr(type(value), "_repr_png_", None)
    if png is not None and not isinstance(value, type):
        try:
            data = value._repr_png_()
            if isinstance(data, bytes) and data.startswith(b"\x89PNG"):
                return f"[image saved as out/{_media.save_png(data, 'display')}]"
        except Exception:
            pass
    table = _pandas_table(value)
    return table if table is not None else repr(value)


def display(*values):
    """Shows values like a notebook: images become PNG files in out/, tables are printed compactly."""
    for value in values:
        print(_show(value))


class _Cells:
    def __init__(self):
        self.count = 0
        self.reset()

    def reset(self):
        self.ns = {"__name__": "__main__", "__builtins__": builtins, "display": display}

    def _trimmed_traceback(self, error):
        tb = error.__traceback__
        while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<cell "):
            tb = tb.tb_next
        if tb is None:
            return "".join(traceback.format_exception_only(type(error), error))
        return "".join(traceback.format_exception(type(error), error, tb))

    def run(self, code):
        self.count += 1
        filename = f"<cell {self.count}>"
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        old = f"<cell {self.count - 50}>"
        linecache.cache.pop(old, None)
        shared = {"text": "", "chars": 0}
        capture = _Capture(shared)
        saved_streams = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = capture
        _media.saved = []
        status, text, error_type = "ok", None, None
        try:
            tree = ast.parse(code, filename=filename, mode="exec")
            last = None
            if tree.body and isinstance(tree.body[-1], ast.Expr):
                last = ast.Expression(tree.body.pop().value)
            exec(compile(tree, filename, "exec"), self.ns)
            if last is not None:
                value = eval(compile(last, filename, "eval"), self.ns)
                if value is not None:
                    self.ns["_"] = value
                    text = _show(value)
        except BaseException as error:  # noqa: B036 - SystemExit and KeyboardInterrupt are the cell's too
            status, text, error_type = "error", self._trimmed_traceback(error), type(error).__name__
        finally:
            try:
                _media.save_figures()
            except BaseException as error:  # noqa: B036
                shared["text"] += f"\n[figures could not be saved: {error}]"
            try:
                sys.stdout.flush()
            except Exception:
                pass
            sys.stdout, sys.stderr = saved_streams
        return status, text, error_type, shared


def _end_leftover_processes():
    """Processes a cell started do not outlive it (they would use CPU and memory between calls)."""
    me = os.getpid()
    killed = []
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) not in (1, me):
            try:
                os.kill(int(name), 9)
                killed.append(int(name))
            except OSError:
                pass
    for pid in killed:  # reap our own children (others are reaped by the sandbox's init)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


_cells = _Cells()
_send({"type": "ready"})

while True:
    line = _reader.readline()
    if not line:
        break
    try:
        message = json.loads(line)
    except ValueError:
        continue
    if not isinstance(message, dict):
        continue
    request_id = message.get("id")
    if message.get("type") == "reset":
        _cells.reset()
        _send({"type": "result", "id": request_id, "ok": True, "output": "", "outputChars": 0})
        continue
    if message.get("type") != "run" or not isinstance(message.get("code"), str):
        continue
    status, text, error_type, shared = _cells.run(message["code"])
    _end_leftover_processes()
    reply = {"type": "result", "id": request_id, "ok": status == "ok", "output": shared["text"], "outputChars": shared["chars"], "figures": list(_media.saved)}
    if status == "ok":
        if text is not None:
            reply["value"] = _capped(text)
    else:
        reply["error"] = _capped(text)
        reply["errorType"] = error_type
    _send(reply)
