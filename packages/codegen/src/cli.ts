/**
 * The `toolsmith` command line. `main` is the whole program (testable in-process); running this file
 * directly (`pnpm toolsmith ...`, via tsx) calls it with the process's arguments.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { closest, CODEGEN_USAGE, parseCodegenArgs, UsageError } from "./commands/args.js";
import { runCodegen } from "./commands/codegen.js";
import type { CommandIO } from "./commands/generate.js";

const USAGE = `usage: toolsmith <command> [options]

commands:
  codegen <files or globs...>   JSON Schemas and a typed registry from exported TypeScript functions
  mcp ...                       serve tools over the Model Context Protocol

\`toolsmith <command> --help\` shows a command's options.`;

const COMMANDS = ["codegen", "mcp", "help"];

export interface MainOptions {
  /** Where output goes and relative paths start from; defaults to the process's. */
  io?: CommandIO;
  /** Ends `--watch` (instead of waiting for Ctrl-C). */
  stop?: Promise<void>;
}

/** Runs `toolsmith <argv...>`; resolves to the exit status (0 ok, 1 errors, 2 bad command line). */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const io = options.io ?? processIO();
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "codegen": {
        const args = parseCodegenArgs(rest);
        if (args.help) {
          io.stdout(CODEGEN_USAGE);
          return 0;
        }
        return await runCodegen(args, io, options.stop);
      }
      // ---- other subcommands live in other packages and are loaded only when asked for ----
      case "mcp":
        return await runMcp(rest, io);
      case undefined:
        io.stderr(USAGE);
        return 2;
      case "-h":
      case "--help":
      case "help":
        io.stdout(USAGE);
        return 0;
      default: {
        const suggestion = closest(command, COMMANDS);
        throw new UsageError(`unknown command \`${command}\`${suggestion ? ` (did you mean \`${suggestion}\`?)` : ""}`);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      // The mistake and where to look, not the whole option list (`--help` prints that).
      const usage = command === "codegen" ? CODEGEN_USAGE : USAGE;
      io.stderr(`toolsmith: ${error.message}\n${usage.split("\n")[0]}   (\`toolsmith ${command === "codegen" ? "codegen " : ""}--help\` for more)`);
      return 2;
    }
    // Not the input's fault: a bug. Say so, with the stack, instead of dying mid-output.
    io.stderr(`toolsmith: internal error (please report): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

/**
 * `toolsmith mcp ...` is implemented by the runtime; it is imported only when asked for, so the codegen's
 * start-up never pays for the MCP SDK.
 */
async function runMcp(argv: string[], io: CommandIO): Promise<number> {
  const { runMcpCommand } = await import("@toolsmith/runtime/mcp");
  return runMcpCommand(argv, { stderr: (text) => io.stderr(text.replace(/\n$/, "")) });
}

function processIO(): CommandIO {
  return {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
  };
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// Not a top-level await: the bin's bundle of this module is a CommonJS script (see scripts/bundle-cli.mjs).
if (isEntryPoint()) {
  void main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
}
