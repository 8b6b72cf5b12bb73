// Serves the examples' tools (the seed's `sums`, from the generated registry) and the sandboxed
// interpreters over the Model Context Protocol, for Claude Desktop, an IDE or any MCP client.
//
//   pnpm --silent example mcp                  # stdio (what a client's config starts)
//   pnpm --silent example mcp --http --port 8765   # Streamable HTTP on http://127.0.0.1:8765/mcp (prints its token)
//   add --yes to run interpreter code without asking (otherwise the client asks the human, or it is refused)
//
// This is `toolsmith mcp examples/registry.generated.ts --interpreters` with the path filled in.
import { fileURLToPath } from "node:url";
import { runMcpCommand } from "@toolsmith/runtime/mcp";

const registry = fileURLToPath(new URL("./registry.generated.ts", import.meta.url));
const args = process.argv.slice(2);
const interpreters = args.includes("--no-interpreters") ? [] : ["--interpreters"];
process.exitCode = await runMcpCommand([registry, ...interpreters, ...args.filter((a) => a !== "--no-interpreters")]);
