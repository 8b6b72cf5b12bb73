// The Jupyter kernel messaging protocol (v5.3) as it travels over the server's kernel WebSocket in the
// default (JSON text frame) encoding: one message per frame, its channel named in a `channel` field.
// Everything here comes from a kernel we do not trust, so parsing checks the shape it relies on.
import { randomUUID } from "node:crypto";

export type Channel = "shell" | "iopub" | "stdin" | "control";

export interface MessageHeader {
  readonly msg_id: string;
  readonly msg_type: string;
  readonly session: string;
  readonly username: string;
  readonly date: string;
  readonly version: string;
}

export interface KernelMessage {
  readonly channel: Channel;
  readonly header: MessageHeader;
  /** The header of the request this message answers or reports on (`msg_id` links them). */
  readonly parent_header: Partial<MessageHeader>;
  readonly metadata: Record<string, unknown>;
  readonly content: Record<string, unknown>;
}

const PROTOCOL_VERSION = "5.3";

/** A new message to send: a fresh `msg_id`, no parent. */
export function createMessage(
  channel: Channel,
  msgType: string,
  content: Record<string, unknown>,
  session: string,
  parent: Partial<MessageHeader> = {},
): KernelMessage {
  return {
    channel,
    header: {
      msg_id: randomUUID(),
      msg_type: msgType,
      session,
      username: "toolsmith",
      date: new Date().toISOString(),
      version: PROTOCOL_VERSION,
    },
    parent_header: parent,
    metadata: {},
    content,
  };
}

const CHANNELS: ReadonlySet<string> = new Set(["shell", "iopub", "stdin", "control"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A message received as a text frame, or undefined when it is not one (junk is dropped, never thrown). */
export function parseMessage(text: string): KernelMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.channel !== "string" || !CHANNELS.has(value.channel)) return undefined;
  const { header, parent_header: parent, content, metadata } = value;
  if (!isRecord(header) || typeof header.msg_type !== "string") return undefined;
  return {
    channel: value.channel as Channel,
    header: header as unknown as MessageHeader,
    parent_header: isRecord(parent) ? (parent as Partial<MessageHeader>) : {},
    metadata: isRecord(metadata) ? metadata : {},
    content: isRecord(content) ? content : {},
  };
}

/** A string field of a message's content ("" when absent or not a string). */
export function text(content: Record<string, unknown>, key: string): string {
  const value = content[key];
  return typeof value === "string" ? value : "";
}

/** A MIME bundle's entry (`data["text/plain"]`...) as a string, joining the list form nbformat allows. */
export function mimeText(content: Record<string, unknown>, mime: string): string | undefined {
  const data = content.data;
  if (!isRecord(data)) return undefined;
  const value = data[mime];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((part) => typeof part === "string")) return value.join("");
  return undefined;
}
