export enum Weekday {
  Mon = "mon",
  Tue = "tue",
  Wed = "wed",
}

export enum Shift {
  Early = 1,
  Late = 2,
}

export interface Roster {
  days: Weekday[];
  shifts: Record<string, Shift>;
  favourite?: Weekday;
}

/** Plans a roster. */
export function planRoster(roster: Roster, skip: Weekday[] = [Weekday.Wed], shift: Shift = Shift.Late): string {
  return `${roster.days.join()} ${skip.join()} ${shift}`;
}
