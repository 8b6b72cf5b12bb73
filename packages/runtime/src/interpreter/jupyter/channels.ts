// One WebSocket to a kernel (`api/kernels/ID/channels`), carrying the shell, iopub, stdin and control
// channels multiplexed. Replies and the iopub messages a request caused are routed to that request's
// listener by `parent_header.msg_id`; anything else (a restart the server announces) goes to `onStatus`.
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { JupyterServerError, type JupyterServerConnection } from "./connection.js";
import { createMessage, parseMessage, text, type Channel, type KernelMessage } from "./messages.js";

/** Largest frame accepted from the server: a cell's images come as base64 inside one message. */
const MAX_FRAME_BYTES = 64 * 2 ** 20;

/** The `input_reply` value a kernel reads as end-of-file (`input()` raises EOFError). */
export const END_OF_INPUT = "\u0004";

export type MessageListener = (message: KernelMessage) => void;

export class KernelChannels {
  private readonly listeners = new Map<string, MessageListener>();
  private closedReason: string | undefined;
  private readonly closeListeners = new Set<(reason: string) => void>();
  /** Called with `execution_state` for status messages that belong to no request of ours ("restarting", "dead"). */
  onStatus: (state: string) => void = () => {};

  private constructor(
    private readonly socket: WebSocket,
    /** The client session id: every message we send carries it, and the server keys its buffers on it. */
    readonly session: string,
  ) {
    socket.on("message", (data, isBinary) => {
      // Binary frames carry messages with buffers (widgets); nothing this client asks for uses them.
      if (isBinary) return;
      const message = parseMessage(data.toString());
      if (message) this.dispatch(message);
    });
    socket.on("close", (code, reason) => this.closed(`the kernel connection closed (${code}${reason.length ? `: ${reason.toString()}` : ""})`));
    socket.on("error", (error) => this.closed(`the kernel connection failed: ${error.message}`));
  }

  /** Opens the kernel's WebSocket; rejects when the handshake fails or takes longer than `timeoutMs`. */
  static open(connection: JupyterServerConnection, kernelId: string, timeoutMs = 30_000): Promise<KernelChannels> {
    const session = randomUUID();
    const socket = new WebSocket(connection.channelsUrl(kernelId, session), {
      headers: connection.headers(),
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: timeoutMs,
      perMessageDeflate: false,
    });
    return new Promise((resolve, reject) => {
      const fail = (error: Error, status?: number) => {
        socket.terminate();
        reject(new JupyterServerError(`cannot open the kernel's WebSocket at ${connection.where()}: ${error.message}`, status));
      };
      socket.once("error", fail);
      socket.once("unexpected-response", (_request, response) => fail(new Error(`HTTP ${response.statusCode}`), response.statusCode));
      socket.once("open", () => {
        socket.off("error", fail);
        resolve(new KernelChannels(socket, session));
      });
    });
  }

  /** Why the connection is gone, or undefined while it is open. */
  get closedBecause(): string | undefined {
    return this.closedReason;
  }

  /** Called once when the connection closes (immediately if it already has). */
  onClose(listener: (reason: string) => void): () => void {
    if (this.closedReason !== undefined) {
      listener(this.closedReason);
      return () => {};
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * Sends a request and routes every message whose parent it is (the reply, its iopub output) to
   * `listener` until the returned function is called. Returns the request's `msg_id` too.
   */
  request(channel: Channel, msgType: string, content: Record<string, unknown>, listener: MessageListener): { msgId: string; done: () => void } {
    const message = createMessage(channel, msgType, content, this.session);
    const msgId = message.header.msg_id;
    this.listeners.set(msgId, listener);
    if (this.closedReason === undefined) this.socket.send(JSON.stringify(message));
    return { msgId, done: () => this.listeners.delete(msgId) };
  }

  /**
   * Answers a kernel's `input_request` (stdin channel) with `value`. The kernel waits for exactly one
   * `input_reply` and takes whichever comes, so every request gets one answer; `"\u0004"` means
   * end-of-file (the kernel raises EOFError).
   */
  answerInput(request: KernelMessage, value: string): void {
    if (this.closedReason !== undefined) return;
    this.socket.send(JSON.stringify(createMessage("stdin", "input_reply", { value }, this.session, request.header)));
  }

  /**
   * Resolves once this connection carries messages both ways: the kernel answered a
   * `kernel_info_request` on shell, and an iopub message about one of them (its busy/idle status) came.
   * Rejects when that takes longer than `timeoutMs`. A shell reply alone does not show that iopub works:
   * a server may accept the connection before a restarted kernel listens (jupyter_server answers the
   * handshake from the kernel info it kept from before the restart), its sockets then connect while the
   * kernel starts, and whatever the kernel publishes before this connection's iopub subscription lands
   * is lost - a first cell's `idle` among it, so the cell would never end. The server's own check (its
   * "nudge") covers that, but it skips a kernel it last saw busy (one that died in a cell). So, as
   * jupyter_client's `wait_for_ready` does, the request is sent again every `retryMs` until iopub
   * brings something back.
   */
  kernelInfo(timeoutMs: number, retryMs = 500): Promise<void> {
    return new Promise((resolve, reject) => {
      const sent: Array<() => void> = [];
      let replied = false;
      let heard = false;
      const settle = (error?: Error) => {
        clearTimeout(timer);
        clearInterval(again);
        for (const done of sent) done();
        if (error) reject(error);
        else resolve();
      };
      const ask = () => {
        const request = this.request("shell", "kernel_info_request", {}, (message) => {
          if (message.channel === "shell" && message.header.msg_type === "kernel_info_reply") replied = true;
          else if (message.channel === "iopub") heard = true;
          if (replied && heard) settle();
        });
        sent.push(request.done);
      };
      const timer = setTimeout(
        () => settle(new Error(`the kernel did not answer within ${timeoutMs} ms${replied ? " on all its channels (no iopub message came)" : ""}`)),
        timeoutMs,
      );
      const again = setInterval(ask, retryMs);
      ask();
    });
  }

  close(): void {
    this.closed("closed by the client");
    this.socket.terminate();
  }

  private dispatch(message: KernelMessage): void {
    const parent = message.parent_header.msg_id;
    const listener = parent === undefined ? undefined : this.listeners.get(parent);
    if (listener) {
      listener(message);
      return;
    }
    // An input request no request of ours waits for (a thread of an ended cell): end-of-file at once, so
    // nothing in the kernel waits for an answer for ever.
    if (message.channel === "stdin" && message.header.msg_type === "input_request") {
      this.answerInput(message, END_OF_INPUT);
      return;
    }
    if (message.channel === "iopub" && message.header.msg_type === "status") {
      const state = text(message.content, "execution_state");
      if (state === "restarting" || state === "dead" || state === "autorestarting") this.onStatus(state);
    }
  }

  private closed(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const listener of this.closeListeners) listener(reason);
    this.closeListeners.clear();
  }
}
