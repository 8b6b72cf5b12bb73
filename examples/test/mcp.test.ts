import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Connection, connectCommand, repoRoot, toolText as text } from "../../packages/runtime/test/mcp/connect.js";

// Started exactly as the README's client configuration starts it: `pnpm --silent --dir <repo> example mcp`,
// from an unrelated working directory, so stdout must carry nothing but protocol messages.
describe("examples/mcp.ts, as an MCP client starts it", () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await connectCommand("pnpm", ["--silent", "--dir", repoRoot, "example", "mcp", "--yes"], "cannot be asked", tmpdir());
  });
  afterAll(async () => {
    await conn.close();
  });

  it("lists the seed's sums with its generated schema", async () => {
    const { tools } = await conn.client.listTools();
    expect(tools.find((t) => t.name === "sums")).toMatchObject({
      description: "Adds a + b",
      inputSchema: { type: "object", properties: { a: { type: "integer" }, b: { type: "integer", default: 1 } }, required: ["a"] },
    });
  });

  it("runs sums", async () => {
    const result = await conn.client.callTool({ name: "sums", arguments: { a: 6, b: 3 } });
    expect(result.isError ?? false).toBe(false);
    expect(text(result)).toBe("9");
  });

  it("tells the model what was wrong with a bad call", async () => {
    const result = await conn.client.callTool({ name: "sums", arguments: { a: "six" } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain("sums");
  });

  it("serves the interpreters, here approved by --yes", async () => {
    const { tools } = await conn.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["python", "javascript"]));
    const result = await conn.client.callTool({ name: "javascript", arguments: { code: "6 * 7" } });
    expect(result.isError ?? false).toBe(false);
    expect(text(result)).toContain("42");
  });
});

describe("the interpreters over MCP, asking the human", () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await connectCommand("pnpm", ["--silent", "--dir", repoRoot, "example", "mcp"], "approves", tmpdir());
  });
  afterAll(async () => {
    await conn.close();
  });

  it("shows the code in the elicitation and runs python once approved", async () => {
    const result = await conn.client.callTool({ name: "python", arguments: { code: "sum(range(10))" } });
    expect(result.isError ?? false).toBe(false);
    expect(text(result)).toContain("45");
    expect(conn.asked).toHaveLength(1);
    expect(conn.asked[0]?.message).toContain("sum(range(10))");
  }, 120_000);
});
