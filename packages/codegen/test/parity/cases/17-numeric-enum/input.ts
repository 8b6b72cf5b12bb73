export enum Priority {
  Low = 1,
  Medium = 2,
  High = 3,
}

export enum Level {
  Debug,
  Info,
  Warn,
}

/** Files a ticket. */
export function fileTicket(title: string, level: Level, priority: Priority = Priority.Medium): string {
  return `${title} ${level} ${priority}`;
}
