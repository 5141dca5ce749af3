import { EVENT_LIMITS } from './limits';

/** YYYY-MM-DD, optionally Thh:mm[:ss[.fraction]] and a zone (Z, ±hh:mm or ±hhmm). */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function isIsoDate(text: string): boolean {
  const match = ISO_8601.exec(text);
  if (!match) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  return calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day && hour < 24 && minute < 60 && second < 60 && !Number.isNaN(instantOfIsoDate(text).getTime());
}

/** The instant an ISO 8601 date names; a time without a zone is UTC, whatever the server's zone. */
export function instantOfIsoDate(text: string): Date {
  const zoneless = text.includes('T') && !/(Z|[+-]\d{2}:?\d{2})$/.test(text);
  return new Date(zoneless ? `${text}Z` : text);
}

/** An ISO 8601 date within the range event times are held to. */
export function isEventDate(text: string): boolean {
  return isIsoDate(text) && isEventInstant(instantOfIsoDate(text));
}

/**
 * A date-time written with a space for the T, as SQL and seed 003 write it (RFC 3339 allows it
 * too), in its ISO 8601 form: "2020-12-01 23:59:00" is "2020-12-01T23:59:00". Other text as it is.
 */
export function isoOfSpacedDate(text: string): string {
  return text.replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, '$1T');
}

/** Within the range of `timestamp` (2000-01-01 to 2100-01-01), which every stored time keeps to. */
export function isEventInstant(instant: Date): boolean {
  const seconds = instant.getTime() / 1000;
  return seconds >= EVENT_LIMITS.minTimestamp && seconds <= EVENT_LIMITS.maxTimestamp;
}

export const EVENT_DATE_REASON = 'must be an ISO 8601 date-time from 2000-01-01 to 2100-01-01';

/**
 * The instant of Unix seconds, to the millisecond, finer digits dropped as DateTime64(3) drops
 * them. Read from the number's decimal digits: `seconds * 1000` is inexact in binary
 * (2157681742.982 * 1000 = 2157681742981.9998) and would land a millisecond early.
 */
export function instantOfUnixSeconds(seconds: number): Date {
  const [whole, fraction = ''] = String(seconds).split('.');
  const millis = Number((fraction + '00').slice(0, 3));
  return new Date(Number(whole) * 1000 + (seconds < 0 ? -millis : millis));
}
