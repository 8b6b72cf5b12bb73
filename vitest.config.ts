import { defineConfig } from "vitest/config";
import { SummaryReporter } from "./scripts/summary-reporter.js";

export default defineConfig({
  resolve: {
    conditions: ["source"],
  },
  // Tests run in vite's SSR environment, which takes its own conditions (workspace packages from source).
  ssr: {
    resolve: {
      conditions: ["source"],
    },
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default", new SummaryReporter()],
    // eventsource-parser (used by the MCP SDK's HTTP client) publishes its .ts sources under the "source"
    // condition; let Vite transform them instead of handing .ts to Node.
    server: { deps: { inline: [/@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]client[\\/](streamableHttp|sse)\.js$/, /eventsource-parser/] } },
  },
});
