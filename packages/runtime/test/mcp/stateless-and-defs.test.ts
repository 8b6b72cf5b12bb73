// The stateless Streamable HTTP mode (tool-only servers behind a load balancer) and `--inline-defs`.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonSchema } from "../../src/json-schema.js";
import type { Registry, ToolSpec } from "../../src/registry.js";
import { createToolbox } from "../../src/toolbox.js";
import { inlineDefs, runMcpCommand, serveMcp, type McpServerHandle } from "../../src/mcp/index.js";
import { registry } from "./registry-fixture.js";
import { httpTransport, toolText } from "./connect.js";
import { bearer, initialize, listTools, send } from "./raw-http.js";

describe("stateless mode", () => {
  let handle: McpServerHandle;
  beforeAll(async () => {
    handle = await serveMcp(createToolbox(registry), { transport: "http", port: 0, stateless: true });
  });
  afterAll(() => handle.close());

  it("serves the SDK client: list and call, with no session id", async () => {
    const client = new Client({ name: "stateless", version: "1" });
    const transport = httpTransport(handle.url ?? "", handle.token);
    await client.connect(transport);
    expect(transport.sessionId).toBeUndefined();
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(Object.keys(registry));
    expect(toolText(await client.callTool({ name: "add", arguments: { a: 20, b: 22 } }))).toBe("42");
    await client.close();
  });

  it("answers any request on its own, as another instance behind a load balancer would", async () => {
    const response = await listTools(handle.url ?? "", "", bearer(handle.token));
    expect(response.status).toBe(200);
    expect(response.body).toContain('"add"');
    expect(response.headers["mcp-session-id"]).toBeUndefined();
  });

  it("answers 50 clients at once, each its own result", async () => {
    const clients = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const client = new Client({ name: "stateless", version: "1" });
        await client.connect(httpTransport(handle.url ?? "", handle.token));
        return client;
      }),
    );
    const answers = await Promise.all(clients.map((c, i) => c.callTool({ name: "add", arguments: { a: i, b: 1000 - i } }).then(toolText)));
    expect(answers).toEqual(clients.map(() => "1000"));
    await Promise.all(clients.map((c) => c.close()));
  });

  it("refuses a confirmation-gated tool unless approveAll (it cannot ask the human)", async () => {
    const client = new Client({ name: "stateless", version: "1" }, { capabilities: { elicitation: { form: {} } } });
    await client.connect(httpTransport(handle.url ?? "", handle.token));
    const result = await client.callTool({ name: "wipe", arguments: { target: "/data" } });
    expect(result.isError).toBe(true);
    expect(toolText(result)).toMatch(/^#FAIL#/);
    await client.close();
  });

  it.each(["GET", "DELETE"])("answers %s with 405", async (method) => {
    const response = await send(handle.url ?? "", { method, headers: { ...bearer(handle.token), accept: "text/event-stream" } });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("POST");
  });

  it("still requires the token and checks Origin", async () => {
    expect((await initialize(handle.url ?? "", {})).status).toBe(401);
    expect((await initialize(handle.url ?? "", { ...bearer(handle.token), origin: "http://evil.example" })).status).toBe(403);
  });
});

const address: JsonSchema = { type: "object", title: "Address", properties: { city: { type: "string" } }, required: ["city"] };
const tree: JsonSchema = {
  type: "object",
  title: "Tree",
  properties: { label: { type: "string" }, at: { $ref: "#/$defs/Address" }, children: { type: "array", items: { $ref: "#/$defs/Tree" } } },
  required: ["label"],
};

describe("inlineDefs", () => {
  it.each<[string, JsonSchema, JsonSchema]>([
    [
      "a parameter that is a bare $ref to a nested model",
      { type: "object", properties: { home: { $ref: "#/$defs/Address" } }, required: ["home"], $defs: { Address: address } },
      { type: "object", properties: { home: address }, required: ["home"] },
    ],
    [
      "a $ref with sibling keywords (theirs win)",
      { type: "object", properties: { home: { $ref: "#/$defs/Address", description: "Where", default: { city: "Oslo" } } }, $defs: { Address: address } },
      { type: "object", properties: { home: { ...address, description: "Where", default: { city: "Oslo" } } } },
    ],
    [
      "definitions referring to definitions, and refs in anyOf and items",
      {
        type: "object",
        properties: { a: { anyOf: [{ $ref: "#/$defs/Outer" }, { type: "null" }] }, b: { type: "array", items: { $ref: "#/$defs/Address" } } },
        $defs: { Outer: { type: "object", properties: { inner: { $ref: "#/$defs/Address" } } }, Address: address },
      },
      {
        type: "object",
        properties: { a: { anyOf: [{ type: "object", properties: { inner: address } }, { type: "null" }] }, b: { type: "array", items: address } },
      },
    ],
    [
      "recursion: kept as $ref, its non-recursive parts inlined inside it",
      { type: "object", properties: { root: { $ref: "#/$defs/Tree" }, home: { $ref: "#/$defs/Address" } }, $defs: { Tree: tree, Address: address } },
      {
        type: "object",
        properties: { root: { $ref: "#/$defs/Tree" }, home: address },
        $defs: { Tree: { ...tree, properties: { label: { type: "string" }, at: address, children: { type: "array", items: { $ref: "#/$defs/Tree" } } } } },
      },
    ],
    [
      "mutual recursion: both kept",
      {
        type: "object",
        properties: { a: { $ref: "#/$defs/A" } },
        $defs: { A: { type: "object", properties: { b: { $ref: "#/$defs/B" } } }, B: { type: "object", properties: { a: { $ref: "#/$defs/A" } } } },
      },
      {
        type: "object",
        properties: { a: { $ref: "#/$defs/A" } },
        $defs: { A: { type: "object", properties: { b: { $ref: "#/$defs/B" } } }, B: { type: "object", properties: { a: { $ref: "#/$defs/A" } } } },
      },
    ],
    [
      "parameters named like data keywords (default, enum, const) are still schemas",
      { type: "object", properties: { default: { $ref: "#/$defs/Address" }, enum: { $ref: "#/$defs/Address" } }, $defs: { Address: address } },
      { type: "object", properties: { default: address, enum: address } },
    ],
    [
      "a default that looks like a $ref is data, left alone",
      { type: "object", properties: { x: { type: "object", default: { $ref: "#/$defs/Address" } } }, $defs: { Address: address } },
      { type: "object", properties: { x: { type: "object", default: { $ref: "#/$defs/Address" } } } },
    ],
    ["a schema without $defs: unchanged", { type: "object", properties: { n: { type: "integer" } } }, { type: "object", properties: { n: { type: "integer" } } }],
  ])("%s", (_label, input, expected) => {
    expect(inlineDefs(input)).toEqual(expected);
  });
});

describe("--inline-defs over MCP", () => {
  const nested = {
    move: {
      name: "move",
      description: "Moves to an address",
      parameters: { type: "object", properties: { to: { $ref: "#/$defs/Address" } }, required: ["to"], $defs: { Address: address } },
      returns: { $ref: "#/$defs/Address", $defs: { Address: address } },
      params: ["to"],
      invoke: (args: { to: { city: string } }) => args.to,
    } satisfies ToolSpec<{ to: { city: string } }, { city: string }>,
  } as const satisfies Registry;

  it.each([
    [false, { $ref: "#/$defs/Address" }],
    [true, address],
  ])("inlineDefs %s: the parameter reads %j", async (inline, expected) => {
    const handle = await serveMcp(createToolbox(nested), { transport: "http", port: 0, inlineDefs: inline });
    try {
      const client = new Client({ name: "defs", version: "1" });
      await client.connect(httpTransport(handle.url ?? "", handle.token));
      const [tool] = (await client.listTools()).tools;
      expect(tool?.inputSchema.properties?.["to"]).toEqual(expected);
      expect(tool?.inputSchema.$defs === undefined).toBe(inline);
      expect(tool?.outputSchema).toMatchObject({ type: "object", properties: { city: { type: "string" } } });
      // The call is validated against the tool's own schema either way.
      const result = await client.callTool({ name: "move", arguments: { to: { city: "Oslo" } } });
      expect(result.structuredContent).toEqual({ city: "Oslo" });
      await client.close();
    } finally {
      await handle.close();
    }
  });

  it("is a CLI flag for stdio as well as HTTP", async () => {
    let stderr = "";
    expect(await runMcpCommand(["x.ts", "--inline-defs", "--frobnicate"], { stderr: (t) => void (stderr += t) })).toBe(2);
    expect(stderr).toContain("unknown option --frobnicate"); // --inline-defs itself was accepted
  });
});
