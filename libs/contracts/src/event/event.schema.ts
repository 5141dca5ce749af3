import { CHANNEL_TYPES } from './channel-type';
import { EVENT_LIMITS as L } from './limits';

/**
 * The event's one definition: a JSON Schema in the subset OpenAPI 3.0 shares, compiled into the
 * validator (validate-event.ts) and served as-is in the gateway's OpenAPI document.
 * `x-reason` is what a refused value is told, where the generic wording would not say enough.
 */
export type EventSchema = Readonly<Record<string, unknown>>;

const PARAM_VALUE_FIELDS = ['string_value', 'number_value', 'boolean_value'] as const;
export const ISO_8601_FORMAT = 'iso-8601';

const shortString = { type: 'string', maxLength: L.shortStringLength, nullable: true } as const;

const unixSeconds = (description: string) =>
  ({
    type: 'number',
    minimum: L.minTimestamp,
    maximum: L.maxTimestamp,
    nullable: true,
    description,
    example: 1705314600,
    'x-reason': `must be Unix seconds from ${L.minTimestamp} (2000-01-01) to ${L.maxTimestamp} (2100-01-01); milliseconds are not accepted`,
  }) as const;

const finiteNumber = (extra: EventSchema = {}) =>
  ({
    type: 'number',
    minimum: -L.maxNumber,
    maximum: L.maxNumber,
    'x-reason': 'must be a finite number (a Float64)',
    ...extra,
  }) as const;

const objectOf = (properties: Record<string, EventSchema>, extra: EventSchema = {}): EventSchema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...extra,
});

const PARAM_SCHEMA = objectOf(
  {
    key: { type: 'string', minLength: 1, maxLength: L.keyLength },
    string_value: { type: 'string', maxLength: L.stringValueLength },
    number_value: finiteNumber(),
    boolean_value: { type: 'boolean' },
  },
  {
    required: ['key'],
    oneOf: PARAM_VALUE_FIELDS.map((field) => ({ required: [field] })),
    description: `A key with exactly one of ${PARAM_VALUE_FIELDS.join(', ')}.`,
  },
);

const paramList = { type: 'array', maxItems: L.params, items: PARAM_SCHEMA, nullable: true } as const;

const DEVICE_SCHEMA = objectOf(
  Object.fromEntries(
    ['category', 'mobile_brand_name', 'mobile_model_name', 'operating_system', 'operating_system_version', 'language', 'browser_name', 'browser_version', 'hostname'].map(
      (field) => [field, shortString],
    ),
  ),
  { nullable: true },
);

const APP_INFO_SCHEMA = objectOf({ id: shortString, version: shortString }, { nullable: true });

const ITEM_SCHEMA = objectOf({
  id: shortString,
  name: shortString,
  brand: shortString,
  variant: shortString,
  price_in_usd: finiteNumber({ minimum: 0, nullable: true, 'x-reason': 'must be a finite number, not negative' }),
  quantity: {
    type: 'integer',
    minimum: 0,
    maximum: L.maxInteger,
    nullable: true,
    'x-reason': `must be an integer from 0 to ${L.maxInteger}`,
  },
  revenue_in_usd: finiteNumber({ nullable: true }),
});

export const EVENT_SCHEMA: EventSchema = objectOf(
  {
    event_id: {
      type: 'string',
      minLength: 1,
      maxLength: L.eventIdLength,
      nullable: true,
      description: 'Your id for the event: a resend with the same name and event_id is counted once.',
    },
    name: { type: 'string', minLength: 1, maxLength: L.nameLength, example: 'page_view' },
    channel_type: { type: 'string', enum: CHANNEL_TYPES, example: 'web' },
    timestamp: unixSeconds('When the event happened, Unix seconds by the client clock.'),
    previous_timestamp: unixSeconds('When the previous event happened, Unix seconds.'),
    date: {
      type: 'string',
      format: ISO_8601_FORMAT,
      nullable: true,
      description:
        'When the event happened, ISO 8601 (a time without zone is UTC), from 2000-01-01 to 2100-01-01 like timestamp; used when timestamp is absent.',
      example: '2024-01-15T10:30:00Z',
      'x-reason': 'must be an ISO 8601 date or date-time such as 2024-01-15T10:30:00Z, from 2000-01-01 to 2100-01-01',
    },
    user_id: shortString,
    user_pseudo_id: shortString,
    event_params: paramList,
    user_params: paramList,
    device: DEVICE_SCHEMA,
    app_info: APP_INFO_SCHEMA,
    items: { type: 'array', maxItems: L.items, items: ITEM_SCHEMA, nullable: true },
  },
  { required: ['name', 'channel_type'] },
);

export const EVENT_BATCH_SCHEMA: EventSchema = objectOf(
  { events: { type: 'array', minItems: 1, maxItems: L.batchEvents, items: EVENT_SCHEMA } },
  { required: ['events'] },
);
