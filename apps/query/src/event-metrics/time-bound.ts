import { instantOfIsoDate, isIsoDate } from '@tributary/contracts';
import { InvalidInputError } from '@tributary/platform';
import { ValidateBy, ValidationOptions } from 'class-validator';

const UNIX_SECONDS = /^\d{1,10}$/;

/**
 * A bound of a time range: Unix seconds (seed 001) or ISO 8601 (seed 000), read as events' dates
 * are: a real calendar date (2024-02-30 is refused, not read as 1 March), a time without a zone in UTC.
 */
export function parseTimeBound(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  if (UNIX_SECONDS.test(value)) return new Date(Number(value) * 1000);
  return isIsoDate(value) ? instantOfIsoDate(value) : undefined;
}

/** The OpenAPI format of a time bound: ISO 8601 or Unix seconds, 2000-01-01 to 2100-01-01. */
export const TIME_BOUND_FORMAT = 'iso-8601-or-unix-seconds';

export function IsTimeBound(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimeBound',
      validator: {
        validate: (value: unknown) => parseTimeBound(value) !== undefined,
        defaultMessage: () => '$property must be a real date, ISO 8601 such as 2024-01-01T00:00:00Z (UTC when no zone is given), or Unix seconds',
      },
    },
    options,
  );
}

/** The bounds of a range as instants, each optional; `to` before `from` is refused, naming `to`. */
export function timeRangeOf(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  const range = { from: from === undefined ? undefined : parseTimeBound(from), to: to === undefined ? undefined : parseTimeBound(to) };
  if (range.from && range.to && range.from > range.to) throw new InvalidInputError([{ field: 'to', reason: 'must not be before from' }]);
  return range;
}

/** A bound as the answers echo it: ISO 8601 in UTC, milliseconds only when there are any. */
export function isoOfTimeBound(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}
