export interface Message {
  id: string;
  __meta: string;
  body?: string;
  __dunder__: number;
}

export class Envelope {
  to = "";
  __trace = "";
  from = "";
}

export type Draft = Partial<Message>;
export type Headers = Omit<Message, "body">;
export type Picked = Pick<Message, "body" | "__meta" | "id">;

/** Sends a message in its envelope. */
export function send(message: Message, envelope: Envelope, draft: Draft, headers: Headers, picked: Picked): string {
  return `${message.id}:${envelope.to}:${draft.id ?? ""}:${headers.id}:${picked.id}`;
}
