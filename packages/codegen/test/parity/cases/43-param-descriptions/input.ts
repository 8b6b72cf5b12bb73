import type { Int } from "@toolsmith/runtime";

/**
 * Books a flight.
 *
 * @param origin IATA code of the departure airport.
 * @param destination - IATA code of the arrival airport.
 * @param passengers How many people travel.
 * @param cabin - Cabin class.
 */
export function bookFlight(
  origin: string,
  destination: string,
  date: Date,
  passengers: Int = 1,
  cabin: "economy" | "business" = "economy",
): string {
  return `${origin}-${destination} ${date.toISOString()} ${passengers} ${cabin}`;
}
