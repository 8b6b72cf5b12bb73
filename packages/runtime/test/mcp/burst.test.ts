// Bursts of SDK clients over the session cap, from one process: a client either gets its session and keeps
// it, or is refused at connect (503 with Retry-After). None may connect and then lose its session.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { describe, expect, it } from "vitest";
import { createToolbox } from "../../src/toolbox.js";
import { serveMcp, type HttpServeOptions, type McpServerHandle } from "../../src/mcp/index.js";
import { registry } from "./registry-fixture.js";
import { httpTransport, toolText } from "./connect.js";

const serve = (options: Partial<HttpServeOptions>): Promise<McpServerHandle> => serveMcp(createToolbox(registry), { transport: "http", port: 0, ...options });

interface Burst {
  readonly connected: Client[];
  readonly refusals: string[];
}

/** Connects `count` SDK clients at once. */
async function burst(handle: McpServerHandle, count: number): Promise<Burst> {
  const attempts = await Promise.allSettled(
    Array.from({ length: count }, async (_, i) => {
      const client = new Client({ name: `burst-${i}`, version: "1" });
      await client.connect(httpTransport(handle.url ?? "", handle.token));
      return client;
    }),
  );
  const connected: Client[] = [];
  const refusals: string[] = [];
  for (const attempt of attempts) {
    if (attempt.status === "fulfilled") connected.push(attempt.value);
    else refusals.push(String(attempt.reason));
  }
  return { connected, refusals };
}

/** Every connected client calls a tool; each must get its own right answer. */
async function allCall(clients: readonly Client[], round: number): Promise<void> {
  const answers = await Promise.all(clients.map((client, i) => client.callTool({ name: "add", arguments: { a: i, b: round } }).then(toolText)));
  expect(answers).toEqual(clients.map((_, i) => String(i + round)));
}

describe("a burst of 20 SDK clients over a cap of 10", () => {
  it("connects 10 that all keep working, and refuses the other 10 at connect with 503", async () => {
    const handle = await serve({ maxSessions: 10 });
    try {
      const { connected, refusals } = await burst(handle, 20);
      expect(connected).toHaveLength(10);
      expect(refusals).toHaveLength(10);
      for (const refusal of refusals) expect(refusal).toMatch(/503|Too many sessions/);
      await allCall(connected, 1);
      // The refused retry at once, as a user would: still refused, and still nobody loses a session.
      const again = await burst(handle, 10);
      expect(again.connected).toHaveLength(0);
      await allCall(connected, 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await allCall(connected, 3);
      await Promise.all(connected.map((client) => client.close()));
    } finally {
      await handle.close();
    }
  }, 60_000);

  it("gives the slots of closed clients (Client.close() sends no DELETE) to newcomers once the grace period is over", async () => {
    // A grace period that outlasts closing ten clients and the next burst, however loaded the machine.
    const handle = await serve({ maxSessions: 10, sessionGraceMs: 2_000, sessionIdleMs: 60 * 60_000 });
    try {
      const first = await burst(handle, 10);
      expect(first.connected).toHaveLength(10);
      await allCall(first.connected, 1);
      await Promise.all(first.connected.map((client) => client.close()));
      expect((await burst(handle, 1)).connected).toHaveLength(0); // within the grace period: refused, not evicting
      await new Promise((resolve) => setTimeout(resolve, 2_300));
      const second = await burst(handle, 20);
      expect(second.connected).toHaveLength(10);
      await allCall(second.connected, 2);
      await Promise.all(second.connected.map((client) => client.close()));
    } finally {
      await handle.close();
    }
  }, 60_000);

  it("never closes a connected client's session while it holds its event stream open, however old", async () => {
    const handle = await serve({ maxSessions: 5, sessionGraceMs: 100 });
    try {
      const first = await burst(handle, 5);
      expect(first.connected).toHaveLength(5);
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // past the grace period, but connected
      const late = await burst(handle, 5);
      expect(late.connected).toHaveLength(0);
      await allCall(first.connected, 1);
      await Promise.all(first.connected.map((client) => client.close()));
    } finally {
      await handle.close();
    }
  }, 60_000);
});
