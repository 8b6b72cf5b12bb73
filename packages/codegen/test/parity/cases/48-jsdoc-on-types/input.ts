/** A postal address. */
export interface Address {
  /** Street and number. */
  street: string;
  city: string;
}

/** A point on a plane. */
export type Point = {
  /** Distance from the left edge. */
  x: number;
  y: number;
};

/** How urgent a task is. */
export enum Urgency {
  Low = "low",
  High = "high",
}

/** Something to do. */
export interface Task {
  /** What to do. */
  summary: string;
  /** Where it happens. */
  place: Address;
  /** Where it happens when the place is closed. */
  alternate: Address | null;
  /** How soon it must be done. */
  urgency: Urgency;
  anchor?: Point;
}

/** Adds a task to the list. */
export function addTask(task: Task): string {
  return task.summary;
}
