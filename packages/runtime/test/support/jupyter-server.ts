// A plain Jupyter Server on 127.0.0.1 with a token, standing in for a team's remote server / gateway in
// the remote-URL tests (its kernels are ordinary, unsandboxed ipykernels: it is "someone else's" server).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestJupyterServer {
  readonly url: string;
  readonly token: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startTestJupyterServer(): Promise<TestJupyterServer> {
  const dir = mkdtempSync(join(tmpdir(), "toolsmith-remote-jupyter-"));
  for (const sub of ["runtime", "config", "data", "root"]) mkdirSync(join(dir, sub));
  const token = randomBytes(16).toString("hex");
  const port = await freePort();
  const child: ChildProcess = spawn(
    "/usr/bin/python3",
    ["-m", "jupyter_server", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1", `--ServerApp.port=${port}`, "--ServerApp.port_retries=0", `--ServerApp.root_dir=${join(dir, "root")}`],
    {
      env: {
        PATH: "/usr/bin:/bin",
        HOME: dir,
        JUPYTER_TOKEN: token,
        JUPYTER_CONFIG_DIR: join(dir, "config"),
        JUPYTER_DATA_DIR: join(dir, "data"),
        JUPYTER_RUNTIME_DIR: join(dir, "runtime"),
      },
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
    },
  );
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${url}api/status`, { headers: { Authorization: `token ${token}` } }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the test Jupyter server did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    token,
    async stop() {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // gone
        }
      }, 5_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
