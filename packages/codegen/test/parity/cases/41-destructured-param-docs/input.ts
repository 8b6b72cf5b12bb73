import type { Int } from "@toolsmith/runtime";

/**
 * Sends a message to a channel.
 * @param opts what to send and where
 * @param opts.channel The channel name, without '#'.
 * @param opts.text - The message body.
 * @param opts.retries How often to retry on failure.
 */
export async function sendMessage({ channel, text, retries = 2 }: { channel: string; text: string; retries?: Int }): Promise<string> {
  return `${channel} ${text} ${retries}`;
}
