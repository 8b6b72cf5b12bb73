export interface Box<T> {
  value: T;
  at?: Date;
}

export type Json = string | number | Json[] | { [key: string]: Json };
export type Timeline = Date | Timeline[];

/** Stores a boxed JSON value, and optionally a box of them. */
export function store(box: Box<Json>, many?: Box<Json[]>): string {
  return JSON.stringify([box.value, many?.value]);
}

/** Schedules along a timeline. */
export function schedule(when: Box<Date | null>, timeline: Timeline, boxed: Box<Timeline> | null = null): string {
  return JSON.stringify([when.value, timeline, boxed?.value]);
}
