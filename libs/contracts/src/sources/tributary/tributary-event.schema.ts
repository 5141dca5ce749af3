import { APP_INFO_SCHEMA, DEVICE_SCHEMA, ITEM_LIST_SCHEMA, PARAM_LIST_SCHEMA } from '../../event/event-parts';
import { EVENT_LIMITS as L } from '../../event/limits';
import { ISO_8601_FORMAT, JsonSchema } from '../../schema/compile-schema';
import { objectOf, shortString, unixSeconds } from '../../schema/schema-parts';
import { CHANNEL_TYPES } from './channel-type';

/** Seed 000's event: the one definition, compiled into its validator and served as its OpenAPI body. */
export const TRIBUTARY_EVENT_SCHEMA: JsonSchema = objectOf(
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
    event_params: PARAM_LIST_SCHEMA,
    user_params: PARAM_LIST_SCHEMA,
    device: DEVICE_SCHEMA,
    app_info: APP_INFO_SCHEMA,
    items: ITEM_LIST_SCHEMA,
  },
  { required: ['name', 'channel_type'] },
);
