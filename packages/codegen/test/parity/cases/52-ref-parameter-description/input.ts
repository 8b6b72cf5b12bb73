export interface Recipient {
  email: string;
  name?: string;
}

export enum Channel {
  Email = "email",
  Sms = "sms",
}

/**
 * Notifies a recipient.
 * @param to Who gets the notification.
 * @param channel How to deliver it.
 * @param cc - Someone to copy, if anyone.
 * @param fallback A second recipient when the first is unreachable.
 */
export function notify(to: Recipient, cc: Recipient | null, channel: Channel = Channel.Email, fallback?: Recipient): string {
  return `${to.email} ${cc?.email} ${channel} ${fallback?.email}`;
}
