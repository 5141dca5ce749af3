import { EVENT_LIMITS as L } from '../event/limits';
import { JsonSchema } from './compile-schema';

/** Building blocks the schemas share, so a bound is written once. */
export const objectOf = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...extra,
});

export const shortString = { type: 'string', maxLength: L.shortStringLength, nullable: true } as const;

export const finiteNumber = (extra: JsonSchema = {}) =>
  ({
    type: 'number',
    minimum: -L.maxNumber,
    maximum: L.maxNumber,
    'x-reason': 'must be a finite number (a Float64)',
    ...extra,
  }) as const;

export const unixSeconds = (description: string) =>
  ({
    type: 'number',
    minimum: L.minTimestamp,
    maximum: L.maxTimestamp,
    nullable: true,
    description,
    example: 1705314600,
    'x-reason': `must be Unix seconds from ${L.minTimestamp} (2000-01-01) to ${L.maxTimestamp} (2100-01-01); milliseconds are not accepted`,
  }) as const;
