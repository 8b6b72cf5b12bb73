import { existsSync } from "node:fs";
import type { PythonBackend } from "../interpreter/session.js";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Registry, ToolSpec } from "../registry.js";
import { createInterpreterTools, interpreterToolShapes, type InterpreterToolShape, type InterpreterToolsOptions } from "../interpreter/index.js";
import { createToolbox } from "../toolbox.js";
import { isLoopback, TOKEN_ENV } from "./http-guard.js";
import { serveMcp, type ServeOptions, type SessionToolbox, type ToolboxSource } from "./serve.js";
import { sessionInterpreters } from "./session-interpreters.js";

export const MCP_USAGE = `Usage: toolsmith mcp <registry module> [options]

Serves the tools of a registry module (what \`toolsmith codegen --out\` writes) over the Model Context
Protocol, on stdio by default.

Options:
  --http              serve Streamable HTTP instead of stdio
  --host <host>       HTTP host (default 127.0.0.1)
  --port <n>          HTTP port (default 0: any free port, printed on stderr)
  --path <path>       HTTP endpoint path (default /mcp)
  --token <token>     HTTP bearer token clients must send (default: $${TOKEN_ENV}, else a random one,
                      printed on stderr with a client configuration)
  --no-token          HTTP without a token (loopback only): any local process may call the tools
  --allowed-hosts <h,...>    Host names clients reach the server by (name or name:port); needed for a
                      --host other than loopback
  --allowed-origins <o,...>  browser Origins allowed besides the server's own (others get 403)
  --stateless         HTTP without sessions (the SDK's stateless mode), for tool-only servers behind a
                      load balancer; not with --interpreters
  --max-sessions <n>  HTTP: most open sessions (default 100)
  --max-interpreters <n>  HTTP: most clients with live interpreters at once (default 4)
  --inline-defs       inline non-recursive $defs in the tool schemas, for clients that do not resolve $ref
  --yes               approve every call of a confirmation-gated tool without asking
  --interpreters      also serve the python/javascript interpreter tools
  --backend <name>    with --interpreters: which engine runs Python: pyodide (default), cpython
                      (the machine's python3 inside bubblewrap) or jupyter
  --jupyter-url <url> with --backend jupyter: the Jupyter Server / Kernel Gateway to run on
                      (token: JUPYTER_TOKEN); without it a sandboxed local server is started
  --files <path>...   with --interpreters: files or folders the code can read (under their own names)
  --out <dir>         with --interpreters: where files the code saves into out/ land (default ./toolsmith-out)
  --timeout <s>       with --interpreters: seconds one run of code may take (default 5 in Pyodide and
                      QuickJS, which are interrupted; 30 in CPython, whose sandbox is replaced, and
                      Jupyter, whose kernel is interrupted or restarted)
  --memory <MiB>      with --interpreters: memory one interpreter may use (default 512 Pyodide, 128
                      QuickJS, 2048 CPython and a local Jupyter kernel; a remote kernel has its server's)
  --code-mode         with --interpreters: serve only the interpreters, whose code calls the registry's
                      tools (\`from tools import NAME\` / \`await tools.NAME({...})\`); each call of a
                      confirmation-gated tool from code asks the client (elicitation), as a direct call does
  --max-calls <n>     with --code-mode: tool calls one run of code may make (default 1000)
  --max-call-time <s> with --code-mode: seconds one run may spend waiting on its tool calls, the
                      client's confirmations included (default 120)
  -h, --help          show this help
`;

/** The options `toolsmith mcp` adds to serving: who may connect over HTTP, sessions, schema shape. */
interface HttpFlags {
  token?: string;
  noToken?: boolean;
  allowedHosts?: string[];
  allowedOrigins?: string[];
  stateless?: boolean;
  maxSessions?: number;
  maxInterpreters?: number;
  inlineDefs?: boolean;
}

interface McpArgs {
  readonly module: string;
  readonly http: boolean;
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  readonly flags: HttpFlags;
  readonly yes: boolean;
  readonly interpreters: boolean;
  readonly codeMode?: boolean;
  readonly backend?: PythonBackend;
  readonly jupyterUrl?: string;
  readonly files: readonly string[];
  readonly outDir?: string;
  /** `--timeout`, `--memory`: each interpreter's limits. */
  readonly limits?: { readonly timeoutMs?: number; readonly memoryLimitMb?: number };
  /** `--max-calls`, `--max-call-time`: code mode's limits per run. */
  readonly codeModeLimits?: { readonly maxCalls?: number; readonly maxCallTimeMs?: number };
}

/**
 * `toolsmith mcp ...`: parses the arguments, loads the registry, serves until the client disconnects
 * (stdio) or the process is interrupted (HTTP). Returns the exit code; problems go to stderr, never to
 * stdout, which belongs to the protocol on stdio.
 */
export async function runMcpCommand(
  argv: readonly string[],
  io: { stderr: (text: string) => void; env?: Readonly<Record<string, string | undefined>> } = { stderr: (t) => void process.stderr.write(t) },
): Promise<number> {
  const parsed = checkFlags(parseArgs(argv), io.env ?? process.env);
  if (parsed === "help") {
    io.stderr(MCP_USAGE);
    return 0;
  }
  if (typeof parsed === "string") {
    io.stderr(`toolsmith mcp: ${parsed}\n\n${MCP_USAGE}`);
    return 2;
  }
  let tools: readonly { readonly name: string }[];
  let source: ToolboxSource;
  let dispose = async (): Promise<void> => {};
  try {
    const registryTools = await loadRegistry(parsed.module);
    const toolbox = (specs: readonly ToolSpec[]) => createToolbox(specs as unknown as readonly ToolSpec<never, unknown>[]);
    tools = registryTools;
    source = toolbox(registryTools);
    if (parsed.interpreters) {
      // In code mode the registry's tools are called from the sandboxed code, not offered to the client.
      const interpreters = interpreterTools(parsed, parsed.codeMode ? registryTools : undefined);
      const direct = parsed.codeMode ? [] : registryTools;
      tools = [...direct, ...interpreters.specs];
      // Each MCP session (each client) gets a toolbox whose interpreter tools are its own.
      source = () => {
        const own = interpreters.forSession();
        const box = toolbox([...direct, ...(own.tools as unknown as ToolSpec[])]);
        return { specs: box.specs, call: (call, options) => box.call(call, options), close: own.close } satisfies SessionToolbox;
      };
      dispose = interpreters.dispose;
    }
  } catch (error) {
    io.stderr(`toolsmith mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const flags = parsed.flags;
  const options: ServeOptions = parsed.http
    ? {
        transport: "http",
        approveAll: parsed.yes,
        ...(parsed.host !== undefined ? { host: parsed.host } : {}),
        ...(parsed.port !== undefined ? { port: parsed.port } : {}),
        ...(parsed.path !== undefined ? { path: parsed.path } : {}),
        token: flags.noToken === true ? false : flags.token ?? undefined,
        ...(flags.allowedHosts !== undefined ? { allowedHosts: flags.allowedHosts } : {}),
        ...(flags.allowedOrigins !== undefined ? { allowedOrigins: flags.allowedOrigins } : {}),
        ...(flags.stateless === true ? { stateless: true } : {}),
        ...(flags.maxSessions !== undefined ? { maxSessions: flags.maxSessions } : {}),
        inlineDefs: flags.inlineDefs === true,
      }
    : { transport: "stdio", approveAll: parsed.yes, inlineDefs: flags.inlineDefs === true };
  let handle;
  try {
    handle = await serveMcp(source, options);
  } catch (error) {
    io.stderr(`toolsmith mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    await dispose();
    return 1;
  }
  const names = tools.map((s) => s.name).join(", ");
  io.stderr(`toolsmith mcp: serving ${tools.length} tool(s) (${names}) ${handle.url !== undefined ? `at ${handle.url}` : "on stdio"}${parsed.yes ? ", approving confirmations (--yes)" : ""}\n`);
  if (handle.url !== undefined) io.stderr(accessNotice(handle.url, handle.token, flags));
  const stop = (): void => void handle.close();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await handle.closed;
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  await dispose();
  return 0;
}

/** What `--http` prints after its URL: how a client authenticates, or a warning when nothing is required. */
function accessNotice(url: string, token: string | undefined, flags: HttpFlags): string {
  if (token === undefined) {
    return "toolsmith mcp: WARNING: serving without a token (--no-token): any process on this machine can call these tools (web pages are still refused by the Origin check)\n";
  }
  const shown = flags.token === undefined ? token : `<the token from --token or $${TOKEN_ENV}>`;
  const config = { mcpServers: { toolsmith: { type: "http", url, headers: { Authorization: `Bearer ${shown}` } } } };
  return [
    token.length < 16 ? `toolsmith mcp: WARNING: the token is only ${token.length} characters long: use a long random one (32+ characters)\n` : "",
    flags.token === undefined ? `toolsmith mcp: bearer token (generated for this run; set --token or $${TOKEN_ENV} to keep one): ${token}\n` : "",
    `toolsmith mcp: clients must send "Authorization: Bearer <token>"; a client configuration:\n${JSON.stringify(config, null, 2)}\n`,
  ].join("");
}

/** The checks between flags (made before anything is loaded), and the token from the environment. */
function checkFlags(parsed: McpArgs | "help" | string, env: Readonly<Record<string, string | undefined>>): McpArgs | "help" | string {
  if (typeof parsed === "string") return parsed;
  const { flags } = parsed;
  const httpOnly = [flags.token !== undefined && "--token", flags.noToken && "--no-token", flags.allowedHosts && "--allowed-hosts", flags.allowedOrigins && "--allowed-origins", flags.stateless && "--stateless", flags.maxSessions !== undefined && "--max-sessions", flags.maxInterpreters !== undefined && "--max-interpreters"].filter(Boolean);
  if (!parsed.http) return httpOnly.length > 0 ? `${httpOnly.join(", ")} need --http` : parsed;
  const host = parsed.host ?? "127.0.0.1";
  if (flags.noToken === true && flags.token !== undefined) return "--no-token and --token contradict each other";
  if (flags.noToken === true && !isLoopback(host)) return `--no-token is allowed only on loopback (127.0.0.1, localhost, ::1), not on ${host}`;
  if (!isLoopback(host) && flags.allowedHosts === undefined) return `--host ${host} needs --allowed-hosts (the names clients reach this server by) and a token`;
  if (flags.stateless === true && parsed.interpreters) return "--stateless keeps no per-client state, so it cannot serve --interpreters (their variables live in a session)";
  const fromEnv = env[TOKEN_ENV];
  if (flags.noToken !== true && flags.token === undefined && fromEnv !== undefined && fromEnv !== "") flags.token = fromEnv;
  return parsed;
}

/** Parses one of the options in `HttpFlags`; undefined when `arg` is not one of them. */
function parseHttpFlag(arg: string, value: () => string | undefined, flags: HttpFlags): true | string | undefined {
  const list = (name: string): string[] | string => {
    const items = (value() ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
    return items.length > 0 ? items : `${name} needs a comma-separated list`;
  };
  const count = (name: string): number | string => {
    const v = value();
    const n = Number(v);
    return v !== undefined && Number.isInteger(n) && n >= 1 ? n : `${name} needs a positive whole number, got ${JSON.stringify(v ?? "")}`;
  };
  const set = <K extends keyof HttpFlags>(key: K, got: HttpFlags[K] | string): true | string => {
    if (typeof got === "string" && key !== "token") return got;
    flags[key] = got as HttpFlags[K];
    return true;
  };
  switch (arg) {
    case "--token": {
      const v = value();
      return v === undefined || v === "" ? "--token needs a value" : set("token", v);
    }
    case "--no-token": return set("noToken", true);
    case "--allowed-hosts": return set("allowedHosts", list(arg));
    case "--allowed-origins": return set("allowedOrigins", list(arg));
    case "--stateless": return set("stateless", true);
    case "--max-sessions": return set("maxSessions", count(arg));
    case "--max-interpreters": return set("maxInterpreters", count(arg));
    case "--inline-defs": return set("inlineDefs", true);
    default: return undefined;
  }
}

function parseArgs(argv: readonly string[]): McpArgs | "help" | string {
  let module: string | undefined;
  let http = false;
  let yes = false;
  let interpreters = false;
  let codeMode = false;
  let host: string | undefined;
  let port: number | undefined;
  let path: string | undefined;
  const flags: HttpFlags = {};
  let backend: PythonBackend | undefined;
  let jupyterUrl: string | undefined;
  const files: string[] = [];
  let outDir: string | undefined;
  const limits: { timeoutMs?: number; memoryLimitMb?: number } = {};
  const codeModeLimits: { maxCalls?: number; maxCallTimeMs?: number } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const value = (): string | undefined => {
      const next = argv[i + 1];
      i += 1;
      return next;
    };
    const flag = parseHttpFlag(arg, value, flags);
    if (typeof flag === "string") return flag;
    if (flag === true) continue;
    switch (arg) {
      case "-h": case "--help": return "help";
      case "--http": http = true; break;
      case "--yes": case "-y": yes = true; break;
      case "--interpreters": interpreters = true; break;
      case "--code-mode": codeMode = true; break;
      case "--timeout":
      case "--max-call-time": {
        const seconds = positive(value());
        if (seconds === undefined) return `${arg} needs a number of seconds above 0`;
        if (arg === "--timeout") limits.timeoutMs = Math.round(seconds * 1000);
        else codeModeLimits.maxCallTimeMs = Math.round(seconds * 1000);
        break;
      }
      case "--memory":
      case "--max-calls": {
        const count = positive(value());
        if (count === undefined || !Number.isInteger(count)) return `${arg} needs a whole number${arg === "--memory" ? " of MiB" : ""} above 0`;
        if (arg === "--memory") limits.memoryLimitMb = count;
        else codeModeLimits.maxCalls = count;
        break;
      }
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
  if (!interpreters && codeMode) return "--code-mode needs --interpreters";
  if (!interpreters && Object.keys(limits).length > 0) return "--timeout/--memory need --interpreters";
  if (!codeMode && Object.keys(codeModeLimits).length > 0) return "--max-calls/--max-call-time need --code-mode";
  if (jupyterUrl !== undefined && backend !== "jupyter") return "--jupyter-url needs --interpreters --backend jupyter";
  return {
    module, http, yes, interpreters, flags, files, ...(codeMode ? { codeMode } : {}),
    ...(backend !== undefined ? { backend } : {}), ...(outDir !== undefined ? { outDir } : {}),
    ...(jupyterUrl !== undefined ? { jupyterUrl } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
    ...(Object.keys(codeModeLimits).length > 0 ? { codeModeLimits } : {}),
    ...(host !== undefined ? { host } : {}), ...(port !== undefined ? { port } : {}), ...(path !== undefined ? { path } : {}),
  };
}

/** A number above 0, or undefined (missing, not a number, 0 or below). */
function positive(text: string | undefined): number | undefined {
  const n = Number(text);
  return text !== undefined && text.trim() !== "" && Number.isFinite(n) && n > 0 ? n : undefined;
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
 * The python and javascript tools, with sessions of their own for each MCP session (over HTTP, one client
 * never sees another's variables), at most `max` of them live at once.
 */
function interpreterTools(args: McpArgs, codeModeTools?: readonly ToolSpec[]): {
  specs: InterpreterToolShape[];
  forSession: () => { tools: readonly ToolSpec<{ code: string }, string>[]; close(): void };
  dispose: () => Promise<void>;
} {
  const max = args.flags.maxInterpreters;
  const options: InterpreterToolsOptions = {
    // No confirmation of its own: the one of the interpreter tool's call (MCP elicitation, or --yes) decides
    // on each `@confirm` tool the code calls, as it does for a direct call of that tool.
    ...(codeModeTools ? { tools: createToolbox(codeModeTools as unknown as readonly ToolSpec<never, unknown>[]) } : {}),
    ...(codeModeTools && args.codeModeLimits ? { codeMode: args.codeModeLimits } : {}),
    files: args.files,
    outDir: args.outDir ?? resolve("toolsmith-out"),
    ...(args.backend !== undefined ? { backend: args.backend } : {}),
    // The same limits for every engine (each backend takes its own options object).
    ...(args.limits ? { python: args.limits, cpython: args.limits, javascript: args.limits } : {}),
    ...(args.jupyterUrl !== undefined || args.limits ? { jupyter: { ...args.limits, ...(args.jupyterUrl !== undefined ? { url: args.jupyterUrl } : {}) } } : {}),
  };
  // The tools as listed, without opening any session; each MCP session opens its own on its first call.
  const specs = interpreterToolShapes(options);
  const interpreters = sessionInterpreters({ ...(max !== undefined ? { max } : {}), open: () => createInterpreterTools(options), specs });
  return { specs, forSession: () => interpreters.forSession(), dispose: async () => interpreters.close() };
}

// `node --import tsx packages/runtime/src/mcp/cli.ts <registry> ...` runs the command directly.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await runMcpCommand(process.argv.slice(2));
}
