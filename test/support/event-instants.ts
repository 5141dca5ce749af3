import type { TributaryEvent } from '@tributary/contracts';

/**
 * The instants an accepted event names, worked out from its text rather than with the writer's
 * own arithmetic, at the millisecond precision of DateTime64(3) (which truncates finer digits).
 */
export interface EventInstants {
  client_timestamp: string | null;
  previous_timestamp: string | null;
  client_date: string | null;
}

export function instantsOf(event: TributaryEvent): EventInstants {
  return {
    client_timestamp: event.timestamp == null ? null : instantOfSeconds(event.timestamp),
    previous_timestamp: event.previous_timestamp == null ? null : instantOfSeconds(event.previous_timestamp),
    client_date: event.date == null ? null : instantOfIso(event.date),
  };
}

/** Unix seconds as the client wrote them in decimal (`1705314600.123` is .123, whatever its binary float). */
function instantOfSeconds(seconds: number): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(String(seconds));
  if (!match) throw new Error(`event-instants: no decimal reading of ${seconds} seconds`);
  return new Date(Number(match[1]) * 1000 + millisOf(match[2])).toISOString();
}

const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;

/** ISO 8601 by its fields: no zone is UTC, an offset is subtracted. */
export function instantOfIso(text: string): string {
  const match = ISO_8601.exec(text);
  if (!match) throw new Error(`event-instants: not ISO 8601: ${text}`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const offsetMinutes = (match[9] === '-' ? -1 : 1) * (Number(match[10] ?? 0) * 60 + Number(match[11] ?? 0));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millisOf(match[7]));
  return new Date(local - offsetMinutes * 60_000).toISOString();
}

const millisOf = (fraction = '') => Number(fraction.padEnd(3, '0').slice(0, 3));
