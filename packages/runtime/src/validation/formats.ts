// The string formats worth checking cheaply (what pydantic emits for datetime/date/time, EmailStr, AnyUrl,
// UUID). Unknown formats are annotations only, as JSON Schema says.

/**
 * RFC 3339 `date-time` (section 5.6), which JSON Schema's format names: a full date, `T` (or `t`, or the
 * space section 5.6 allows), a full time with optional fraction, and a REQUIRED offset (`Z` or `+hh:mm`).
 * A date-time without an offset names no instant, so it is rejected rather than read in the server's zone.
 */
const dateTime = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(?:\.(\d+))?(?:([Zz])|([+-])([01]\d|2[0-3]):([0-5]\d))$/;
const date = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const time = /^([01]\d|2[0-3]):[0-5]\d(:([0-5]\d|60)(\.\d+)?)?([Zz]|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const uri = /^[A-Za-z][A-Za-z\d+.-]*:[^\s]*$/;
const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function validDate(text: string): boolean {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/**
 * The instant an RFC 3339 date-time string names, in epoch milliseconds (fractions below a millisecond are
 * cut), or NaN when the text is not one. Built from the parts, not by `Date.parse`, whose reading of
 * anything but its own ISO subset is implementation-defined. A leap second (`:60`) must fall at 23:59 UTC
 * and becomes the next second, as a JavaScript `Date` has no leap seconds.
 */
export function parseDateTime(text: string): number {
  const m = dateTime.exec(text);
  if (m === null || !validDate(text)) return NaN;
  const [, year, month, day, hour, minute, second, fraction = "", zulu, sign, offsetHours = "0", offsetMinutes = "0"] = m;
  const offset = zulu !== undefined ? 0 : (sign === "-" ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day)); // setUTCFullYear keeps years 0-99 as written
  date.setUTCHours(Number(hour), Number(minute) - offset, Number(second), Number(fraction.slice(0, 3).padEnd(3, "0")));
  if (second === "60") {
    const utc = new Date(date.getTime() - 1000);
    if (utc.getUTCHours() !== 23 || utc.getUTCMinutes() !== 59) return NaN;
  }
  return date.getTime();
}

export const formatCheckers: { readonly [format: string]: (text: string) => boolean } = {
  "date-time": (s) => !Number.isNaN(parseDateTime(s)),
  date: (s) => date.test(s) && validDate(s),
  time: (s) => time.test(s),
  email: (s) => email.test(s),
  uri: (s) => uri.test(s),
  url: (s) => uri.test(s),
  uuid: (s) => uuid.test(s),
};
