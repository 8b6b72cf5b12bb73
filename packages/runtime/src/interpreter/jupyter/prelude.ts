// Python the client runs in every fresh kernel (silently) before the first cell: plain tracebacks
// without colours, pandas values as compact tables (as the cpython backend shows them), for a remote
// kernel the file transfer helpers, and code mode's `tools` installer (bridge.ts). They live in a module
// of their own (`_toolsmith`), so `%reset` does not take them away and the user's namespace stays clean.
import { BRIDGE_PYTHON } from "./bridge.js";

/** The MIME type of the helpers' answers (`_toolsmith.answer`): collected by the client, never shown. */
export const FILES_MIME = "application/vnd.toolsmith.files+json";

const MODULE_SOURCE = String.raw`
import base64, json, os, shutil, tempfile

OUT = "out"

def table(value):
    # Same rendering as the cpython backend's runner: few rows and columns, narrow cells, the shape.
    kind = type(value).__name__
    if kind == "DataFrame":
        text = value.to_string(max_rows=20, max_cols=12, max_colwidth=40, show_dimensions=False)
        return f"{text}\n[{kind}: {value.shape[0]} rows x {value.shape[1]} columns]"
    text = value.to_string(max_rows=20, length=False, dtype=False, name=False)
    named = f" {value.name!r}" if value.name is not None else ""
    return f"{text}\n[Series{named}: {len(value)} rows, dtype {value.dtype}]"

def _printer(value, p, cycle):
    try:
        p.text(table(value))
    except Exception:
        p.text(repr(value))

def install():
    shell = get_ipython()
    shell.run_line_magic("colors", "NoColor")
    shell.InteractiveTB.set_mode("Plain")
    plain = shell.display_formatter.formatters["text/plain"]
    plain.for_type_by_name("pandas.core.frame", "DataFrame", _printer)
    plain.for_type_by_name("pandas.core.series", "Series", _printer)

def answer(value):
    from IPython.display import publish_display_data
    publish_display_data({"${FILES_MIME}": value})

def make_workdir():
    path = tempfile.mkdtemp(prefix="toolsmith-")
    os.makedirs(os.path.join(path, OUT))
    answer(path)

def enter(path):
    os.chdir(path)

def remove_workdir(path):
    shutil.rmtree(path, ignore_errors=True)

def _safe(name):
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if not parts or ".." in parts:
        raise ValueError(f"bad input name {name!r}")
    return os.path.join(*parts)

def put(name, data, append):
    path = _safe(name)
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "ab" if append else "wb") as file:
        file.write(base64.b64decode(data))

def collect(previous, max_files, max_file_bytes, max_total):
    # What changed in out/ since the last listing: regular files only (symlinks are reported, never
    # followed), within the caps; the host checks names and sizes again.
    state, files, skipped, total = {}, [], [], 0
    for folder, dirs, names in os.walk(OUT):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, OUT)
            info = os.lstat(path)
            if os.path.islink(path):
                skipped.append(f"{relative} (a symlink: not followed)")
                continue
            if not os.path.isfile(path):
                continue
            key = f"{info.st_size}:{info.st_mtime_ns}"
            state[relative] = key
            if previous.get(relative) == key:
                continue
            if len(files) >= max_files:
                skipped.append(f"{relative} (over the {max_files}-file limit per run)")
                continue
            if info.st_size > max_file_bytes or total + info.st_size > max_total:
                skipped.append(f"{relative} ({info.st_size} bytes: over the size limit)")
                continue
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(fd, "rb") as file:
                data = file.read(max_file_bytes + 1)
            if len(data) > max_file_bytes:
                skipped.append(f"{relative} (grew past the size limit)")
                continue
            total += len(data)
            files.append({"name": relative, "data": base64.b64encode(data).decode()})
    answer({"state": state, "files": files, "skipped": skipped})
`;

/** The silent cell that (re)creates the helper module and applies the display settings. */
export function preludeCode(): string {
  return [
    "def __toolsmith_load():",
    "    import sys, types",
    "    module = types.ModuleType('_toolsmith')",
    "    module.get_ipython = get_ipython",
    `    exec(compile(${JSON.stringify(MODULE_SOURCE + BRIDGE_PYTHON)}, '<toolsmith>', 'exec'), module.__dict__)`,
    "    sys.modules['_toolsmith'] = module",
    "    module.install()",
    "__toolsmith_load()",
    "del __toolsmith_load",
  ].join("\n");
}

/** A call into the helper module, its arguments passed as JSON (a JSON string is a valid Python literal). */
export function helperCall(name: string, ...args: unknown[]): string {
  const literal = (value: unknown) => `__import__('json').loads(${JSON.stringify(JSON.stringify(value))})`;
  return `__import__('_toolsmith').${name}(${args.map(literal).join(", ")})`;
}
