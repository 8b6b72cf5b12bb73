import { existsSync } from "node:fs";
import type { PythonBackend } from "../interpreter/session.js";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Registry, ToolSpec } from "../registry.js";
import { createInterpreterTools } from "../interpreter/index.js";
import { createToolbox } from "../toolbox.js";
import { serveMcp, type ServeOptions } from "./serve.js";

export const MCP_USAGE = `Usage: toolsmith mcp <registry module> [options]

Serves the tools of a registry module (what \`toolsmith codegen --out\` writes) over the Model Context
Protocol, on stdio by default.

Options:
  --http              serve Streamable HTTP instead of stdio
  --host <host>       HTTP host (default 127.0.0.1)
  --port <n>          HTTP port (default 0: any free port, printed on stderr)
  --path <path>       HTTP endpoint path (default /mcp)
  --yes               approve every call of a confirmation-gated tool without asking
  --interpreters      also serve the python/javascript interpreter tools
  --backend <name>    with --interpreters: which engine runs Python: pyodide (default), cpython
                      (the machine's python3 inside bubblewrap) or jupyter
  --jupyter-url <url> with --backend jupyter: the Jupyter Server / Kernel Gateway to run on
                      (token: JUPYTER_TOKEN); without it a sandboxed local server is started
  --files <path>...   with --interpreters: files or folders the code can read (under their own names)
  --out <dir>         with --interpreters: where files the code saves into out/ land (default ./toolsmith-out)
  -h, --help          show this help
`;

interface McpArgs {
  readonly module: string;
  readonly http: boolean;
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  readonly yes: boolean;
  readonly interpreters: boolean;
  readonly backend?: PythonBackend;
  readonly jupyterUrl?: string;
  readonly files: readonly string[];
  readonly outDir?: string;
}

/**
 * `toolsmith mcp ...`: parses the arguments, loads the registry, serves until the client disconnects
 * (stdio) or the process is interrupted (HTTP). Returns the exit code; problems go to stderr, never to
 * stdout, which belongs to the protocol on stdio.
 */
export async function runMcpCommand(argv: readonly string[], io: { stderr: (text: string) => void } = { stderr: (t) => void process.stderr.write(t) }): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === "help") {
    io.stderr(MCP_USAGE);
    return 0;
  }
  if (typeof parsed === "string") {
    io.stderr(`toolsmith mcp: ${parsed}\n\n${MCP_USAGE}`);
    return 2;
  }
  let tools: ToolSpec[];
  let dispose = async (): Promise<void> => {};
  try {
    tools = await loadRegistry(parsed.module);
    if (parsed.interpreters) {
      const interpreters = interpreterTools(parsed);
      tools.push(...interpreters.tools);
      dispose = interpreters.dispose;
    }
  } catch (error) {
    io.stderr(`toolsmith mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const toolbox = createToolbox(tools as unknown as readonly ToolSpec<never, unknown>[]);
  const options: ServeOptions = parsed.http
    ? {
        transport: "http",
        approveAll: parsed.yes,
        ...(parsed.host !== undefined ? { host: parsed.host } : {}),
        ...(parsed.port !== undefined ? { port: parsed.port } : {}),
        ...(parsed.path !== undefined ? { path: parsed.path } : {}),
      }
    : { transport: "stdio", approveAll: parsed.yes };
  const handle = await serveMcp(toolbox, options);
  const names = toolbox.specs.map((s) => s.name).join(", ");
  io.stderr(`toolsmith mcp: serving ${toolbox.specs.length} tool(s) (${names}) ${handle.url !== undefined ? `at ${handle.url}` : "on stdio"}${parsed.yes ? ", approving confirmations (--yes)" : ""}\n`);
  const stop = (): void => void handle.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await handle.closed;
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  await dispose();
  return 0;
}

function parseArgs(argv: readonly string[]): McpArgs | "help" | string {
  let module: string | undefined;
  let http = false;
  let yes = false;
  let interpreters = false;
  let host: string | undefined;
  let port: number | undefined;
  let path: string | undefined;
  let backend: PythonBackend | undefined;
  let jupyterUrl: string | undefined;
  const files: string[] = [];
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const value = (): string | undefined => {
      const next = argv[i + 1];
      i += 1;
      return next;
    };
    switch (arg) {
      case "-h": case "--help": return "help";
      case "--http": http = true; break;
      case "--yes": case "-y": yes = true; break;
      case "--interpreters": interpreters = true; break;
      case "--backend": {
        const v = value();
        if (v !== "pyodide" && v !== "cpython" && v !== "jupyter") return `--backend needs pyodide, cpython or jupyter, got ${JSON.stringify(v ?? "")}`;
        backend = v;
        break;
      }
      case "--jupyter-url": {
        const v = value();
        if (v === undefined || !/^https?:\/\//.test(v)) return "--jupyter-url needs an http:// or https:// URL";
        jupyterUrl = v;
        break;
      }
      case "--out": {
        const v = value();
        if (v === undefined || v.startsWith("-")) return "--out needs a folder";
        outDir = resolve(v);
        break;
      }
      case "--files": {
        // the paths after it that exist (the registry module can come before --files)
        const start = files.length;
        while (i + 1 < argv.length && !(argv[i + 1] ?? "-").startsWith("-") && existsSync(argv[i + 1] ?? "")) files.push(resolve(argv[++i] ?? ""));
        if (files.length === start) return `--files needs existing files or folders${argv[i + 1] ? ` (not found: ${argv[i + 1]})` : ""}`;
        break;
      }
      case "--host": {
        const v = value();
        if (v === undefined) return "--host needs a value";
        host = v;
        break;
      }
      case "--port": {
        const v = value();
        const n = Number(v);
        if (v === undefined || !Number.isInteger(n) || n < 0 || n > 65535) return `--port needs a port number, got ${JSON.stringify(v ?? "")}`;
        port = n;
        break;
      }
      case "--path": {
        const v = value();
        if (v === undefined || !v.startsWith("/")) return "--path needs a path starting with /";
        path = v;
        break;
      }
      default:
        if (arg.startsWith("-")) return `unknown option ${arg}`;
        if (module !== undefined) return `one registry module expected, got ${module} and ${arg}`;
        module = arg;
    }
  }
  if (module === undefined) return "missing the registry module (e.g. examples/registry.generated.ts)";
  if (!http && (host !== undefined || port !== undefined || path !== undefined)) return "--host/--port/--path need --http";
  if (!interpreters && (backend !== undefined || files.length > 0 || outDir !== undefined)) return "--backend/--files/--out need --interpreters";
  if (jupyterUrl !== undefined && backend !== "jupyter") return "--jupyter-url needs --interpreters --backend jupyter";
  return {
    module, http, yes, interpreters, files,
    ...(backend !== undefined ? { backend } : {}), ...(outDir !== undefined ? { outDir } : {}),
    ...(jupyterUrl !== undefined ? { jupyterUrl } : {}),
    ...(host !== undefined ? { host } : {}), ...(port !== undefined ? { port } : {}), ...(path !== undefined ? { path } : {}),
  };
}

/**
 * Imports a registry module and returns its tools. A `.ts` module is loaded through tsx when the process
 * is not already running under it (tsx's `tsImport`; tsx must be installed where the module is).
 */
export async function loadRegistry(modulePath: string): Promise<ToolSpec[]> {
  const file = resolve(modulePath);
  if (!existsSync(file)) throw new Error(`no such registry module: ${file}`);
  const url = pathToFileURL(file).href;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if ((error as { code?: string }).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
    mod = await importTypeScript(url);
  }
  const registry = (mod.registry ?? mod.default) as Registry | readonly ToolSpec[] | undefined;
  if (registry === undefined || typeof registry !== "object") {
    throw new Error(`${modulePath} exports no \`registry\` (exports: ${Object.keys(mod).join(", ") || "none"})`);
  }
  const tools = (Array.isArray(registry) ? registry : Object.values(registry)) as ToolSpec[];
  const bad = tools.find((t) => typeof t?.name !== "string" || typeof t.invoke !== "function" || t.parameters?.type !== "object");
  if (bad !== undefined) throw new Error(`${modulePath}: \`registry\` holds something that is not a tool spec (${JSON.stringify(bad?.name ?? bad)})`);
  return [...tools];
}

async function importTypeScript(url: string): Promise<Record<string, unknown>> {
  let tsImport: (specifier: string, parent: string) => Promise<unknown>;
  try {
    ({ tsImport } = (await import("tsx/esm/api")) as { tsImport: typeof tsImport });
  } catch {
    throw new Error("loading a .ts registry needs tsx: install it (npm i -D tsx), run under `npx tsx`, or point at the compiled .js registry");
  }
  return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
}

/**
 * The python and javascript tools. One set of sessions serves the whole server, so over HTTP every
 * client session shares the interpreters' variables (this is a local, single-user server).
 */
function interpreterTools(args: McpArgs): { tools: ToolSpec[]; dispose: () => Promise<void> } {
  const interpreters = createInterpreterTools({
    files: args.files,
    outDir: args.outDir ?? resolve("toolsmith-out"),
    ...(args.backend !== undefined ? { backend: args.backend } : {}),
    ...(args.jupyterUrl !== undefined ? { jupyter: { url: args.jupyterUrl } } : {}),
  });
  return { tools: [...interpreters.tools] as unknown as ToolSpec[], dispose: async () => interpreters.close() };
}

// `node --import tsx packages/runtime/src/mcp/cli.ts <registry> ...` runs the command directly.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await runMcpCommand(process.argv.slice(2));
}
