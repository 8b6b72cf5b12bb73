/** Schedules a reminder. */
export function schedule(at: Date, until: Date | null, remindAt?: Date, history: Date[] = []): string {
  return `${at.toISOString()} ${until?.toISOString()} ${remindAt?.toISOString()} ${history.length}`;
}
