import { ValidateBy, ValidationOptions } from 'class-validator';

const UNIX_SECONDS = /^\d{1,10}$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A bound of a time range: ISO 8601 (seed 000) or Unix seconds (seed 001). */
export function parseTimeBound(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  if (UNIX_SECONDS.test(value)) return new Date(Number(value) * 1000);
  if (!ISO_8601.test(value)) return undefined;
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function IsTimeBound(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimeBound',
      validator: {
        validate: (value: unknown) => parseTimeBound(value) !== undefined,
        defaultMessage: () => '$property must be an ISO 8601 date-time such as 2024-01-01T00:00:00Z, or Unix seconds',
      },
    },
    options,
  );
}
