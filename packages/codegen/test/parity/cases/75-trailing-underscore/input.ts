import type { Int } from "@toolsmith/runtime";

export interface Route {
  from_: string;
  to_: string;
  via__?: string;
}

/** Plans a trip. */
export function plan(from_: string, type_?: "bus" | "train", class_: Int = 2, route?: Route, snake_case_: boolean = false): string {
  return `${from_} ${type_} ${class_} ${route?.to_} ${snake_case_}`;
}
