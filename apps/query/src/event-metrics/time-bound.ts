import { instantOfIsoDate, isIsoDate } from '@tributary/contracts';
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
