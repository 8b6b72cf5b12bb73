import type { Socket } from "node:net";

/**
 * Newline-delimited JSON over a socket whose other end is untrusted: a line longer than `maxLineLength`
 * or one that is not JSON is reported through `onViolation` instead of being buffered or parsed.
 */
export function readLines(
  socket: Socket,
  maxLineLength: number,
  onMessage: (message: unknown) => void,
  onViolation: (reason: string) => void,
): void {
  let pending = "";
  let broken = false;
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    if (broken) return;
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.length > maxLineLength) {
        broken = true;
        onViolation(`sent a message longer than ${maxLineLength} characters`);
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        broken = true;
        onViolation("sent a message that is not JSON");
        return;
      }
      onMessage(message);
    }
    if (pending.length > maxLineLength) {
      broken = true;
      pending = "";
      onViolation(`sent a message longer than ${maxLineLength} characters`);
    }
  });
  socket.on("error", () => {
    // the process exiting closes the socket; the exit handler reports it
  });
}
