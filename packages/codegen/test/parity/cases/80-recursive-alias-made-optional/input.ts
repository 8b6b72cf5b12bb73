export type Reminder = ReminderAt | string;

/** A reminder at a time, with the reminders that repeat it. */
export interface ReminderAt {
  at: string;
  repeat: Reminder[];
}

export interface Task {
  title: string;
  reminder?: Reminder;
  backup: Reminder | null;
  history?: Reminder[];
}

/** Sets a task's reminder, or clears it. */
export function remind(taskId: string, reminder?: Reminder): string {
  return `${taskId}:${JSON.stringify(reminder)}`;
}

/** Saves a task, with a fallback reminder. */
export function saveTask(task: Task, fallback: Reminder | null = null, after: number | Reminder = 0): string {
  return `${task.title}:${JSON.stringify(fallback)}:${JSON.stringify(after)}`;
}
