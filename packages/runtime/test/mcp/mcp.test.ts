import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registry } from "./registry-fixture.js";
import { type Connection, type Human, connectHttp, connectStdio, toolText as text } from "./connect.js";

type Transport = "stdio" | "http";

const connect = (transport: Transport, human: Human, approveAll = false): Promise<Connection> =>
  transport === "stdio" ? connectStdio(human, approveAll ? ["--yes"] : []) : connectHttp(human, { approveAll });


describe.each<Transport>(["stdio", "http"])("over %s", (transport) => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await connect(transport, "approves");
  });
  afterAll(async () => {
    await conn.close();
  });

  it("lists every tool with its input schema, and an output schema where the return is an object", async () => {
    const { tools } = await conn.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(Object.keys(registry));
    const add = tools.find((t) => t.name === "add");
    expect(add).toMatchObject({ description: "Adds a + b", inputSchema: registry.add.parameters });
    expect(add?.outputSchema).toBeUndefined();
    const point = tools.find((t) => t.name === "point");
    expect(point?.outputSchema).toMatchObject({ type: "object", required: ["x", "y", "label", "norm"] });
    expect(tools.find((t) => t.name === "wipe")?.annotations).toMatchObject({ destructiveHint: true });
  });

  it("calls a tool, applying the schema's default", async () => {
    const result = await conn.client.callTool({ name: "add", arguments: { a: 2 } });
    expect(result.isError ?? false).toBe(false);
    expect(text(result)).toBe("3");
  });

  it("returns structuredContent for a tool with an output schema", async () => {
    const result = await conn.client.callTool({ name: "point", arguments: { x: 3, y: 4 } });
    expect(result.structuredContent).toEqual({ x: 3, y: 4, label: null, norm: 5 });
    expect(JSON.parse(text(result))).toEqual({ x: 3, y: 4, label: null, norm: 5 });
  });

  it.each([
    ["an unknown tool", { name: "nope", arguments: {} }, ['Unknown tool "nope"', "add, point, boom, wipe, slow"]],
    ["a wrong argument type", { name: "add", arguments: { a: "six" } }, ["Invalid arguments for add", "a"]],
    ["a missing required argument", { name: "point", arguments: { x: 1 } }, ["Invalid arguments for point", "y"]],
    ["an unexpected argument", { name: "add", arguments: { a: 1, c: 2 } }, ["Invalid arguments for add", "c"]],
    ["a broken constraint", { name: "add", arguments: { a: 5000 } }, ["Invalid arguments for add", "a", "1000"]],
    ["a tool that throws", { name: "boom", arguments: {} }, ["the boom tool exploded"]],
    ["a tool over its time limit", { name: "slow", arguments: {} }, ["slow", "100 ms"]],
  ])("reports %s as an isError result the model can read", async (_label, call, fragments) => {
    const result = await conn.client.callTool(call);
    expect(result.isError).toBe(true);
    for (const fragment of fragments) expect(text(result)).toContain(fragment);
  });

  it("asks the human through elicitation before a confirmation-gated call, and runs it when approved", async () => {
    const before = conn.asked.length;
    const result = await conn.client.callTool({ name: "wipe", arguments: { target: "/tmp/x" } });
    expect(result.isError ?? false).toBe(false);
    expect(text(result)).toBe("wiped /tmp/x");
    const question = conn.asked.slice(before);
    expect(question).toHaveLength(1);
    expect(question[0]?.message).toContain("wipe");
    expect(question[0]?.message).toContain("/tmp/x");
  });

  it("does not ask before an ordinary call", async () => {
    const before = conn.asked.length;
    await conn.client.callTool({ name: "add", arguments: { a: 1, b: 1 } });
    expect(conn.asked.length).toBe(before);
  });
});

describe.each<Transport>(["stdio", "http"])("confirmation over %s", (transport) => {
  it.each<[string, Human, boolean, string]>([
    ["the human declines", "declines", false, "#FAIL# wipe was not run"],
    ["the client cannot ask (no elicitation)", "cannot be asked", false, "--yes"],
    ["the server was started with approval (--yes)", "cannot be asked", true, "wiped /data"],
  ])("when %s", async (_label, human, approveAll, expected) => {
    const conn = await connect(transport, human, approveAll);
    try {
      const result = await conn.client.callTool({ name: "wipe", arguments: { target: "/data" } });
      expect(result.isError ?? false).toBe(!approveAll);
      expect(text(result)).toContain(expected);
      if (!approveAll) expect(text(result).startsWith("#FAIL#")).toBe(true);
      expect(conn.asked.length).toBe(human === "declines" ? 1 : 0);
    } finally {
      await conn.close();
    }
  });
});
