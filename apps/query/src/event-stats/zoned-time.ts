import { ValidateBy } from 'class-validator';

/** An IANA name starts with a letter; this also keeps out the `+01:00` that newer engines read as a zone. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/**
 * The zone's canonical IANA name (europe/berlin is Europe/Berlin, US/Eastern America/New_York),
 * the one sent to ClickHouse, which knows zones only by their exact names; undefined when unknown.
 */
export function canonicalTimeZone(name: unknown): string | undefined {
  if (typeof name !== 'string' || !ZONE_NAME.test(name)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The OpenAPI format of a zone name. */
export const TIME_ZONE_FORMAT = 'iana-time-zone';

export function IsTimeZone(): PropertyDecorator {
  return ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value: unknown) => canonicalTimeZone(value) !== undefined,
      defaultMessage: () => 'must be an IANA time zone name, such as UTC, Europe/Berlin or America/New_York',
    },
  });
}

/** An instant as ISO 8601 with the zone's offset then: 2024-04-01T00:00:00+02:00. */
export function zonedIso(epochSeconds: number, utcOffsetSeconds: number): string {
  const local = new Date((epochSeconds + utcOffsetSeconds) * 1000).toISOString().slice(0, 19);
  const offset = Math.abs(utcOffsetSeconds);
  const hhmm = [Math.floor(offset / 3600), Math.floor((offset % 3600) / 60)].map((part) => String(part).padStart(2, '0')).join(':');
  return `${local}${utcOffsetSeconds < 0 ? '-' : '+'}${hhmm}`;
}
