// The cpython backend: Debian's python3 inside bubblewrap. Behaviour (state, files, figures, tables,
// limits) and the escape suite: every attack of ../shared/sandbox-notes.md that applies, plus reading
// host files, writing outside out/, a symlink in out/, the network, the host's environment and /proc,
// fork bombs, ptrace and killing host processes. Runs for real: bubblewrap is installed by .ci/run.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bubblewrapArgs } from "../../src/interpreter/bubblewrap.js";
import { formatCell } from "../../src/interpreter/cell.js";
import { CPythonSession, type CPythonSessionOptions } from "../../src/interpreter/cpython-session.js";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const work = mkdtempSync(join(tmpdir(), "toolsmith-cpython-"));
const inputs = join(work, "inputs");
mkdirSync(join(inputs, "data"), { recursive: true });
writeFileSync(join(inputs, "sales.csv"), "category,price\nbooks,10\ngames,30\nbooks,15\n");
writeFileSync(join(inputs, "data", "notes.txt"), "hello from a folder\n");
const hostSecretFile = join(work, "host-secret.txt");
writeFileSync(hostSecretFile, "HOST-SECRET-CONTENT\n");
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

const sessions: CPythonSession[] = [];
function session(options: CPythonSessionOptions = {}): CPythonSession {
  const created = new CPythonSession({ timeoutMs: 20_000, ...options });
  sessions.push(created);
  return created;
}
afterAll(() => {
  for (const s of sessions) s.close();
  rmSync(work, { recursive: true, force: true });
});

async function text(s: CPythonSession, code: string): Promise<string> {
  return formatCell(await s.run(code));
}

describe("cpython backend: cells", () => {
  const s = session({ files: [join(inputs, "sales.csv"), join(inputs, "data")], outDir: join(work, "out-cells") });

  it("keeps state across calls and forgets it on reset", async () => {
    expect(await text(s, "x = 6 * 7\nx")).toBe("42");
    expect(await text(s, "x + 1")).toBe("43");
    await s.reset();
    expect(await text(s, "x")).toMatch(/NameError: name 'x' is not defined/);
  });

  it("prints output before the value and trims tracebacks to the cell", async () => {
    expect(await text(s, "print('hi')\n1 + 1")).toBe("hi\n2");
    const error = await s.run("def f():\n    return 1 / 0\nf()");
    expect(error.ok).toBe(false);
    expect(error.errorKind).toBe("exception");
    expect(error.error).toMatch(/^Traceback[\s\S]*File "<cell \d+>", line 3[\s\S]*ZeroDivisionError: division by zero/);
    expect(error.error).not.toContain("runner.py");
  });

  it("reads the input files (and folders) in its working directory", async () => {
    expect(await text(s, "import os\nsorted(os.listdir('.'))")).toBe("['data', 'out', 'sales.csv']");
    expect(await text(s, "open('data/notes.txt').read()")).toBe("'hello from a folder\\n'");
    expect(s.files().inputs).toEqual([
      { name: "sales.csv", bytes: 42 },
      { name: "data/notes.txt", bytes: 20 },
    ]);
  });

  it("renders a DataFrame and a Series as compact capped tables", async () => {
    const table = await text(s, "import pandas as pd\ndf = pd.read_csv('sales.csv')\ndf");
    expect(table).toBe("  category  price\n0    books     10\n1    games     30\n2    books     15\n[DataFrame: 3 rows x 2 columns]");
    expect(await text(s, "df.groupby('category')['price'].mean()")).toBe(
      "category\nbooks    12.5\ngames    30.0\n[Series 'price': 2 rows, dtype float64]",
    );
    const big = await text(s, "pd.DataFrame({f'c{i}': range(1000) for i in range(40)})");
    expect(big.split("\n").length).toBeLessThan(30);
    expect(big).toContain("[DataFrame: 1000 rows x 40 columns]");
  });

  it("saves matplotlib figures (plt.show and figures left open) and image/png display data as PNG files", async () => {
    const shown = await s.run("import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.show()\nplt.figure()\nplt.bar(['a', 'b'], [1, 2])\nNone");
    expect(shown.ok).toBe(true);
    expect(shown.files?.map((file) => [file.source, file.mediaType])).toEqual([
      ["figure", "image/png"],
      ["figure", "image/png"],
    ]);
    for (const file of shown.files ?? []) expect(readFileSync(file.path).subarray(1, 4).toString()).toBe("PNG");
    expect(formatCell(shown)).toMatch(/\[files saved for the user: out\/figure-\d+\.png \(figure, image\/png, [\d.]+ KB\), out\/figure-\d+\.png/);

    const display = await s.run(
      "import io\nclass Chart:\n    def _repr_png_(self):\n        b = io.BytesIO(); plt.figure(); plt.plot([1]); plt.savefig(b, format='png'); plt.close('all'); return b.getvalue()\nChart()",
    );
    expect(display.value).toMatch(/^\[image saved as out\/display-\d+\.png\]$/);
    expect(display.files?.[0]?.mediaType).toBe("image/png");
  });

  it("does not save a second copy of a figure the code saved itself", async () => {
    const result = await s.run("plt.figure()\nplt.plot([1, 2])\nplt.savefig('out/mine.png')\nplt.show()");
    expect(result.files?.map((file) => [file.name, file.source])).toEqual([["mine.png", "written"]]);
  });

  it("copies what the code writes into out/ (subfolders too) and lists it", async () => {
    const result = await s.run("import os\nos.makedirs('out/sub', exist_ok=True)\nopen('out/sub/r.txt', 'w').write('result')\nopen('out/a b?.csv', 'w').write('x')");
    expect(result.files?.map((file) => file.name)).toEqual(["a b_.csv", "sub/r.txt"]);
    expect(readFileSync(join(work, "out-cells", "sub", "r.txt"), "utf8")).toBe("result");
    // unchanged files are not copied again
    expect((await s.run("1")).files).toBeUndefined();
  });
});

describe("cpython backend: limits", () => {
  it("kills a busy loop at the deadline and answers the next call from a warm spare", async () => {
    const s = session({ timeoutMs: 1500 });
    expect(await text(s, "y = 1\ny")).toBe("1");
    const started = performance.now();
    const stuck = await s.run("while True: pass");
    expect(performance.now() - started).toBeLessThan(5000);
    expect(stuck.errorKind).toBe("timeout");
    expect(stuck.stateLost).toBe(true);
    expect(stuck.error).toMatch(/TimeoutError: execution exceeded the 1\.5 s time limit/);
    expect(await text(s, "y")).toMatch(/NameError/);
    // The process that answered was started before the busy loop (the spare starts once the first process
    // is up), not after it: a cold start here would be a fraction of a second old.
    const age = await text(
      s,
      "import os\nticks = int(open('/proc/self/stat').read().rsplit(')', 1)[1].split()[19])\nfloat(open('/proc/uptime').read().split()[0]) - ticks / os.sysconf('SC_CLK_TCK')",
    );
    expect(Number(age)).toBeGreaterThan(1.2);
  });

  it("raises MemoryError past the address-space limit and keeps the session", async () => {
    const s = session({ memoryLimitMb: 768 });
    expect(await text(s, "keep = 5")).toBe("(no output)");
    const big = await s.run("b = bytearray(2 * 2**30)");
    expect(big.errorKind).toBe("memory");
    expect(big.error).toMatch(/MemoryError/);
    expect(await text(s, "keep")).toBe("5");
  });

  it("caps the output", async () => {
    const s = session({ outputLimit: 1000 });
    const result = await s.run("print('x' * 50000)");
    expect(result.truncated).toBe(true);
    expect(result.output.length).toBeLessThan(1200);
    expect(result.output).toMatch(/\[output truncated: 4\d{4} more characters not shown\]/);
  });

  it("limits file size (RLIMIT_FSIZE) and the size of /tmp", async () => {
    const s = session({ maxFileSizeMb: 4, tmpSizeMb: 16 });
    expect(await text(s, "open('/tmp/big', 'wb').write(b'x' * 8 * 2**20)")).toMatch(/OSError: \[Errno 27\] File too large/);
    const many = await text(s, "for i in range(10):\n    open(f'/tmp/f{i}', 'wb').write(b'x' * 3 * 2**20)");
    expect(many).toMatch(/OSError: \[Errno 28\] No space left on device/);
  });

  it("stops a fork bomb at the process limit; the host is untouched", async () => {
    const s = session({ maxProcesses: 16 });
    const bomb = await text(
      s,
      "import os, time\nn = 0\ntry:\n    while True:\n        if os.fork() == 0:\n            time.sleep(30)\n            os._exit(0)\n        n += 1\nexcept OSError as error:\n    print('stopped after', n, type(error).__name__)",
    );
    expect(bomb).toMatch(/stopped after \d+ BlockingIOError/);
    expect(Number(/after (\d+)/.exec(bomb)?.[1])).toBeLessThan(16);
    // the real thing: every process forks forever; the deadline ends the whole sandbox
    const real = await session({ maxProcesses: 16, timeoutMs: 2000 }).run("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass");
    expect(real.errorKind).toBe("timeout");
  });

  it("kills the sandbox when its processes together pass the total memory limit", async () => {
    const s = session({ memoryLimitMb: 1024, totalMemoryLimitMb: 1200, timeoutMs: 30_000 });
    const result = await s.run(
      "import os, time\nfor _ in range(3):\n    if os.fork() == 0:\n        b = b'x' * (700 * 2**20)\n        time.sleep(30)\n        os._exit(0)\ntime.sleep(30)",
    );
    expect(result.errorKind).toBe("memory");
    expect(result.error).toMatch(/MemoryError: the sandbox's processes used \d+ MiB together, over its 1200 MiB limit/);
    expect(result.stateLost).toBe(true);
  });

  it("ends the processes a cell started when it ends", async () => {
    const s = session();
    expect(await text(s, "import subprocess\np = subprocess.Popen(['sleep', '60'])\np.pid > 0")).toBe("True");
    expect(await text(s, "import os\nsorted(int(p) for p in os.listdir('/proc') if p.isdigit()) == sorted([1, os.getpid()])")).toBe("True");
  });

  it("uses the interpreter it is given, and says when it does not exist", async () => {
    const version = spawnSync("/usr/bin/python3", ["-c", "import sys; print(sys.version.split()[0])"], { encoding: "utf8" }).stdout.trim();
    expect(await text(session({ python: "/usr/bin/python3" }), "import sys\nsys.version.split()[0]")).toBe(`'${version}'`);
    const missing = await session({ python: "/nonexistent/python3" }).run("1");
    expect(missing.ok).toBe(false);
    expect(missing.error).toMatch(/\/nonexistent\/python3 does not exist/);
  });
});

describe("cpython backend: where bubblewrap is missing", () => {
  it("fails with a message naming the package, never running unsandboxed", () => {
    const script = `
      const { CPythonSession } = await import(${JSON.stringify(join(repoRoot, "packages/runtime/src/interpreter/cpython-session.ts"))});
      const s = new CPythonSession();
      const result = await s.run("import os; open('/tmp/ran-unsandboxed', 'w')");
      console.log(JSON.stringify(result));
      s.close();`;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: repoRoot,
      encoding: "utf8",
      env: { PATH: "/nonexistent" },
      timeout: 30_000,
    });
    const result = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as { ok: boolean; error: string };
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/bubblewrap, which is not installed: install bubblewrap \(Debian\/Ubuntu: `apt-get install bubblewrap`/);
  });
});

describe("cpython backend: escape suite", () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  const s = session({ files: [join(inputs, "sales.csv")], outDir: join(work, "out-escape") });
  const hostOut = join(work, "out-escape");

  beforeAll(async () => {
    process.env["TOOLSMITH_TEST_SECRET"] = "parent-env-secret-4711";
    server = createServer((socket) => {
      connections += 1;
      socket.end("HOST");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => {
    delete process.env["TOOLSMITH_TEST_SECRET"];
    server.close();
  });

  const probes: { name: string; code: string; expect: RegExp }[] = [
    { name: "/etc/passwd", code: "open('/etc/passwd').read()", expect: /FileNotFoundError/ },
    { name: "/root", code: "import os\nos.listdir('/root')", expect: /FileNotFoundError/ },
    { name: "/home (only the sandbox's own)", code: "import os\nos.listdir('/home')", expect: /^\['user'\]$/ },
    { name: "the project folder", code: `open(${JSON.stringify(join(repoRoot, "package.json"))}).read()`, expect: /FileNotFoundError/ },
    { name: "a host file outside the workspace", code: `open(${JSON.stringify(hostSecretFile)}).read()`, expect: /FileNotFoundError/ },
    { name: "the host's /work and /var", code: "import os\n[p for p in ('/work', '/var', '/opt/toolsmith/..', '/etc/shadow') if os.path.exists(p) and p != '/opt/toolsmith/..']", expect: /^\[\]$/ },
    { name: "only a few system files in /etc", code: "import os\nsorted(os.listdir('/etc'))", expect: /^\[(?:'(?:alternatives|fonts|ld\.so\.cache|localtime|matplotlibrc)',? ?)+\]$/ },
    { name: "writing into the working directory", code: "open('new.txt', 'w')", expect: /OSError: \[Errno 30\] Read-only file system/ },
    { name: "overwriting an input file", code: "open('sales.csv', 'w')", expect: /OSError: \[Errno 30\] Read-only file system/ },
    { name: "writing into the sandbox's root (unbounded memory otherwise)", code: "open('/filler', 'w')", expect: /OSError: \[Errno 30\] Read-only file system/ },
    { name: "filling the home folder past its cap", code: "for i in range(10):\n    open(f'/home/user/f{i}', 'wb').write(b'x' * 10 * 2**20)", expect: /OSError: \[Errno 28\] No space left on device/ },
    { name: "filling /dev/shm past its cap", code: "for i in range(10):\n    open(f'/dev/shm/f{i}', 'wb').write(b'x' * 10 * 2**20)", expect: /OSError: \[Errno 28\] No space left on device/ },
    { name: "writing into /usr", code: "open('/usr/evil', 'w')", expect: /OSError: \[Errno 30\] Read-only file system|PermissionError/ },
    { name: "the host's environment", code: "import os\n(dict(os.environ), open('/proc/1/environ').read())", expect: /^\(\{'HOME': '\/home\/user'/ },
    { name: "the host's processes in /proc", code: "import os\nlen([p for p in os.listdir('/proc') if p.isdigit()]) < 6", expect: /^True$/ },
    { name: "running as root", code: "import os\nos.getuid() != 0 and os.geteuid() != 0", expect: /^True$/ },
    { name: "new user namespaces", code: "import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n(libc.unshare(0x10000000), os.strerror(ctypes.get_errno()))", expect: /^\(-1, '(No space left on device|Operation not permitted)'\)$/ },
    { name: "the external network", code: "import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=2)", expect: /OSError: \[Errno 101\] Network is unreachable/ },
    { name: "DNS", code: "import socket\nsocket.getaddrinfo('example.com', 80)", expect: /socket\.gaierror/ },
  ];

  it.each(probes)("denies $name", async ({ code, expect: pattern }) => {
    const result = await text(s, code);
    expect(result).toMatch(pattern);
    expect(result).not.toContain("HOST-SECRET-CONTENT");
    expect(result).not.toContain("parent-env-secret-4711");
  });

  it("sees no project path in the sandbox's command lines or mount table", async () => {
    const result = await text(s, "import os\nopen('/proc/1/cmdline').read() + open('/proc/self/cmdline').read() + open('/proc/self/mountinfo').read()");
    expect(result).not.toContain(repoRoot.replace(/\/$/, ""));
    expect(result).toContain("--args");
  });

  it("cannot ptrace even its own processes, nor use perf, bpf, io_uring, keyrings or mounts (seccomp: EPERM)", async () => {
    const calls = { ptrace_attach_init: "libc.ptrace(16, 1, 0, 0)", perf_event_open: "libc.syscall(298, 0, 0, -1, -1, 0)", bpf: "libc.syscall(321, 0, 0, 0)", io_uring_setup: "libc.syscall(425, 1, 0)", keyctl: "libc.syscall(250, 0, 0)", mount: "libc.mount(b'none', b'/tmp', b'tmpfs', 0, None)", x32_getpid: "libc.syscall(0x40000000 + 39)" };
    const code = `import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\nresults = {}\nfor name, call in ${JSON.stringify(calls)}.items():\n    ctypes.set_errno(0)\n    results[name] = (eval(call), os.strerror(ctypes.get_errno()))\nresults`;
    const result = await text(s, code);
    for (const name of Object.keys(calls)) expect(result).toContain(`'${name}': (-1, 'Operation not permitted')`);
  });

  it("cannot reach a port listening on the host's 127.0.0.1", async () => {
    const result = await text(s, `import socket\nsocket.create_connection(('127.0.0.1', ${port}), timeout=2).recv(10)`);
    expect(result).toMatch(/ConnectionRefusedError/);
    expect(connections).toBe(0);
  });

  it("runs programs only inside the sandbox (os.system, subprocess): nothing lands on the host", async () => {
    const marker = join(tmpdir(), `toolsmith-escape-${process.pid}`);
    const result = await text(
      s,
      `import os, subprocess\nrc = os.system('touch ${marker}; echo $TOOLSMITH_TEST_SECRET > /tmp/env.txt')\n(rc, os.path.exists(${JSON.stringify(marker)}), open('/tmp/env.txt').read(), subprocess.run(['env'], capture_output=True, text=True).stdout)`,
    );
    expect(result).toMatch(/^\(0, True, '\\n', '/);
    expect(result).not.toContain("parent-env-secret-4711");
    expect(existsSync(marker)).toBe(false);
  });

  it("cannot reach the host's HTTP server through urllib either", async () => {
    const result = await text(s, `import urllib.request\nurllib.request.urlopen('http://127.0.0.1:${port}/', timeout=2).read()`);
    expect(result).toMatch(/URLError.*Connection refused/);
    expect(connections).toBe(0);
  });

  it("cannot read the parent's environment anywhere", async () => {
    const result = await text(s, "import os\nfound = []\nfor pid in [p for p in os.listdir('/proc') if p.isdigit()]:\n    try: found.append(open(f'/proc/{pid}/environ', 'rb').read())\n    except OSError: pass\nb'parent-env-secret' in b''.join(found)");
    expect(result).toBe("False");
  });

  it("does not let a symlink in out/ carry a host file out", async () => {
    const result = await s.run(`import os\nos.symlink(${JSON.stringify(hostSecretFile)}, 'out/leak.txt')\nos.symlink('/etc/passwd', 'out/passwd')\nos.symlink('/', 'out/root')\n'linked'`);
    expect(result.value).toBe("'linked'");
    expect(result.output).toMatch(/not copied out of out\/: .*a symlink: not followed/);
    expect(existsSync(join(hostOut, "leak.txt"))).toBe(false);
    expect(existsSync(join(hostOut, "passwd"))).toBe(false);
    const copied = existsSync(hostOut) ? readdirSync(hostOut, { recursive: true }).map(String) : [];
    for (const name of copied) expect(readFileSync(join(hostOut, name)).toString()).not.toContain("HOST-SECRET-CONTENT");
  });

  it("names written to out/ cannot climb out of the output folder", async () => {
    const result = await s.run("import os\nos.makedirs('out/..x', exist_ok=True)\nopen('out/..x/..y', 'w').write('z')\nopen('out/.hidden', 'w').write('h')");
    expect(result.ok).toBe(true);
    const names = readdirSync(hostOut, { recursive: true }).map(String);
    expect(names).toEqual(expect.arrayContaining(["x", "x/y", "hidden"]));
    expect(existsSync(join(work, "y"))).toBe(false);
  });

  it("cannot ptrace or signal the host's processes", async () => {
    const victim = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      const pids = `[${process.pid}, ${victim.pid}, ${process.ppid}]`;
      const ptrace = await text(
        s,
        `import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n[(libc.ptrace(16, pid, 0, 0), os.strerror(ctypes.get_errno())) for pid in ${pids}]`,
      );
      // PTRACE_ATTACH: refused by the seccomp filter (and the host's pids do not exist in its pid namespace: see kill)
      expect(ptrace).toBe("[(-1, 'Operation not permitted'), (-1, 'Operation not permitted'), (-1, 'Operation not permitted')]");
      const signals = await text(s, `import os, signal\nout = []\nfor pid in ${pids}:\n    try: os.kill(pid, signal.SIGKILL); out.append('sent')\n    except OSError as e: out.append(type(e).__name__)\nout`);
      expect(signals).toBe("['ProcessLookupError', 'ProcessLookupError', 'ProcessLookupError']");
      // kill(-1): every process it may signal, which is only its own sandbox
      const everyone = await s.run("import os, signal\nos.kill(-1, signal.SIGKILL)\n'survived'");
      expect(everyone.ok === false || everyone.value === "'survived'").toBe(true);
      expect(victim.exitCode).toBeNull();
      expect(victim.signalCode).toBeNull();
      expect(await text(s, "1 + 1")).toMatch(/2$/);
    } finally {
      victim.kill();
    }
  });
});

describe("seccomp filter", () => {
  it.each(["x64", "arm64"])("%s: every jump lands inside the program, on a return", async (machine) => {
    const { seccompFilter, SECCOMP_BLOCKED } = await import("../../src/interpreter/seccomp.js");
    const program = seccompFilter(machine)!;
    const count = program.length / 8;
    expect(count).toBe(3 + SECCOMP_BLOCKED.length + (machine === "x64" ? 1 : 0) + 3);
    for (let i = 0; i < count; i++) {
      const code = program.readUInt16LE(i * 8);
      if (code === 0x06) continue; // return
      for (const offset of [program.readUInt8(i * 8 + 2), program.readUInt8(i * 8 + 3)]) {
        const target = i + 1 + offset;
        expect(target).toBeLessThan(count);
        if (offset > 0) expect(program.readUInt16LE(target * 8)).toBe(0x06);
      }
    }
    expect(seccompFilter("ia32")).toBeUndefined();
  });
});

describe("bubblewrap arguments", () => {
  it("bind only system paths, the workdir and the given mounts; clear the environment; set rlimits", () => {
    const args = bubblewrapArgs(["/usr/bin/python3"], {
      workdir: "/tmp/ws",
      writable: [{ host: "/tmp/ws/out", sandbox: "/home/user/work/out" }],
      limits: { cpuSeconds: 10, addressSpaceBytes: 2 ** 30, processes: 8, fileSizeBytes: 2 ** 20 },
    });
    const joined = args.join(" ");
    expect(joined).toContain("--unshare-all --unshare-user");
    expect(joined).toContain("--clearenv");
    expect(joined).not.toContain("--seccomp");
    expect(bubblewrapArgs(["/usr/bin/true"], { workdir: "/tmp/ws", seccompFd: 5, limits: { cpuSeconds: 1, addressSpaceBytes: 1, processes: 1, fileSizeBytes: 1 } })).toContain("--seccomp");
    expect(joined).toContain("--ro-bind /tmp/ws /home/user/work --bind /tmp/ws/out /home/user/work/out");
    expect(joined).toContain("/usr/bin/prlimit --cpu=10 --as=1073741824 --nproc=8 --fsize=1048576");
    const bound = args.flatMap((arg, i) => (arg === "--ro-bind" || arg === "--bind" ? [args[i + 1]] : []));
    for (const path of bound) expect(path).toMatch(/^(\/usr|\/bin|\/sbin|\/lib\w*|\/etc\/(ld\.so\.cache|alternatives|matplotlibrc|fonts|localtime)|\/tmp\/ws(\/out)?)$/);
  });
});
