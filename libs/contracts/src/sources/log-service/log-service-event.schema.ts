import { EVENT_LIMITS as L } from '../../event/limits';
import { ISO_8601_FORMAT, JsonSchema } from '../../schema/compile-schema';
import { objectOf } from '../../schema/schema-parts';

/** A log's description is its content: longer than other free text, within the event's size. */
export const LOG_SERVICE_DESCRIPTION_LENGTH = 8 * 1024;

const DATE_TIME_REASON = 'must be an RFC 3339 date-time such as 2022-11-14T21:32:26.49855523Z, from 2000-01-01 to 2100-01-01';

/**
 * RFC 3339, as Go's time.Time reads it: seconds and a zone required, up to 9 fraction digits.
 * The ISO 8601 format checks the calendar and the range; the pattern refuses only what that
 * format takes and RFC 3339 does not (a date alone, no seconds, no zone), so that a value
 * refused by both is told once.
 */
const RFC_3339_OR_NOT_ISO = '^(?:\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:\\d{2})|(?!\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?$).*)$';

/** Seed 002's log: the one definition, compiled into its validator and served as its OpenAPI body. */
export const LOG_SERVICE_EVENT_SCHEMA: JsonSchema = objectOf(
  {
    event_name: { type: 'string', minLength: 1, maxLength: L.nameLength, example: 'new customer' },
    description: { type: 'string', minLength: 1, maxLength: LOG_SERVICE_DESCRIPTION_LENGTH, example: 'account was created for a given identity' },
    created_at: {
      type: 'string',
      format: ISO_8601_FORMAT,
      pattern: RFC_3339_OR_NOT_ISO,
      nullable: true,
      description: 'When it happened, RFC 3339 (up to nanoseconds), from 2000-01-01 to 2100-01-01; the receive time when absent.',
      example: '2022-11-14T21:32:26.49855523Z',
      'x-reason': DATE_TIME_REASON,
    },
    customer_id: {
      type: 'integer',
      minimum: -L.maxInteger,
      maximum: L.maxInteger,
      nullable: true,
      example: 18,
      'x-reason': `must be an integer from -${L.maxInteger} to ${L.maxInteger}: JSON numbers lose digits beyond`,
    },
  },
  // Seed 002 marks both required: an empty string is refused too, as Go's `required` validation does.
  { required: ['event_name', 'description'] },
);
