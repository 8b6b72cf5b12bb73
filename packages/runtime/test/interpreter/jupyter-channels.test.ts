// The kernel WebSocket's readiness check against a scripted Jupyter server on 127.0.0.1 (the network edge):
// a connection opened right after a kernel restart can answer on shell while its iopub subscription has
// not landed yet, and whatever the kernel publishes meanwhile is lost for good (a cell's `idle` too).
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket } from "ws";
import { KernelChannels } from "../../src/interpreter/jupyter/channels.js";
import { JupyterServerConnection } from "../../src/interpreter/jupyter/connection.js";
import { execute } from "../../src/interpreter/jupyter/execute.js";
import { createMessage, parseMessage, type KernelMessage } from "../../src/interpreter/jupyter/messages.js";

const limits = { outputChars: 1000, valueChars: 1000, images: 0, imageBytes: 0 };

interface ScriptedKernel {
  readonly connection: JupyterServerConnection;
  /** kernel_info_requests received. */
  readonly infoRequests: () => number;
  close(): Promise<void>;
}

/**
 * A kernel behind a server that answers every request on shell at once but delivers iopub only from
 * the `iopubFrom`-th kernel_info_request on (as if this connection's subscription landed then);
 * `Infinity`: never. An execute_request gets its reply and busy/idle status the same way.
 */
async function scriptedKernel(iopubFrom: number): Promise<ScriptedKernel> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  let info = 0;
  server.on("connection", (socket: WebSocket) => {
    const send = (message: KernelMessage) => {
      if (message.channel === "iopub" && info < iopubFrom) return; // not subscribed yet: lost
      socket.send(JSON.stringify(message));
    };
    socket.on("message", (data) => {
      const request = parseMessage(data.toString());
      if (!request) return;
      const type = request.header.msg_type;
      if (type === "kernel_info_request") info++;
      const session = "kernel";
      send(createMessage("iopub", "status", { execution_state: "busy" }, session, request.header));
      if (type === "kernel_info_request") send(createMessage("shell", "kernel_info_reply", { status: "ok" }, session, request.header));
      if (type === "execute_request") send(createMessage("shell", "execute_reply", { status: "ok" }, session, request.header));
      send(createMessage("iopub", "status", { execution_state: "idle" }, session, request.header));
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    connection: new JupyterServerConnection({ url: `http://127.0.0.1:${port}/` }),
    infoRequests: () => info,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

const opened: { channels?: KernelChannels; kernel?: ScriptedKernel }[] = [];
afterEach(async () => {
  for (const { channels, kernel } of opened.splice(0)) {
    channels?.close();
    await kernel?.close();
  }
});

describe("KernelChannels.kernelInfo: ready only when iopub works too", () => {
  it("asks again until an iopub message comes back, so the first cell's idle is not lost", async () => {
    const kernel = await scriptedKernel(3);
    const channels = await KernelChannels.open(kernel.connection, "k1");
    opened.push({ channels, kernel });
    await channels.kernelInfo(5_000, 50);
    expect(kernel.infoRequests()).toBeGreaterThanOrEqual(3); // the shell replies alone did not count
    // iopub is subscribed now: a cell ends (its idle status arrives)
    const cell = execute(channels, "1", { limits, silent: true });
    const ended = await Promise.race([cell.done.then((outcome) => outcome.status), new Promise((resolve) => setTimeout(() => resolve("no idle"), 5_000))]);
    expect(ended).toBe("ok");
  });

  it("fails, saying so, when iopub never brings anything back", async () => {
    const kernel = await scriptedKernel(Infinity);
    const channels = await KernelChannels.open(kernel.connection, "k2");
    opened.push({ channels, kernel });
    await expect(channels.kernelInfo(400, 50)).rejects.toThrow("the kernel did not answer within 400 ms on all its channels (no iopub message came)");
    expect(kernel.infoRequests()).toBeGreaterThan(1);
  });
});
