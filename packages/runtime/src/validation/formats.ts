// The string formats worth checking cheaply (what pydantic emits for datetime/date/time, EmailStr, AnyUrl,
// UUID). Unknown formats are annotations only, as JSON Schema says.

const dateTime = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt ]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/;
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

export const formatCheckers: { readonly [format: string]: (text: string) => boolean } = {
  "date-time": (s) => dateTime.test(s) && validDate(s),
  date: (s) => date.test(s) && validDate(s),
  time: (s) => time.test(s),
  email: (s) => email.test(s),
  uri: (s) => uri.test(s),
  url: (s) => uri.test(s),
  uuid: (s) => uuid.test(s),
};
