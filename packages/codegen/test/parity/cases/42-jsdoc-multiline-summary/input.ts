/**
 * Converts a temperature between scales.
 * Works for Celsius and Fahrenheit.
 *
 * The result is rounded to one decimal.
 *
 * @param value the temperature to convert
 * @returns the converted temperature
 */
export function convertTemperature(value: number, to: "C" | "F"): number {
  const converted = to === "F" ? (value * 9) / 5 + 32 : ((value - 32) * 5) / 9;
  return Math.round(converted * 10) / 10;
}
