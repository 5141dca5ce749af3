import { EVENT_LIMITS as L } from '../../event/limits';
import { JsonSchema } from '../../schema/compile-schema';
import { objectOf, shortString, unixSeconds } from '../../schema/schema-parts';

export const TRACKING_API_MAX_TAGS = 100;

const metadataSchema: JsonSchema = {
  type: 'object',
  nullable: true,
  description: 'Anything you attach to the event, stored whole with it as JSON text.',
  example: { amount: 99.99, currency: 'USD' },
};

/** Seed 001's event: the one definition, compiled into its validator and served as its OpenAPI body. */
export const TRACKING_API_EVENT_SCHEMA: JsonSchema = objectOf(
  {
    event_name: { type: 'string', minLength: 1, maxLength: L.nameLength, example: 'purchase' },
    channel: { type: 'string', minLength: 1, maxLength: L.keyLength, example: 'web' },
    campaign_id: shortString,
    user_id: { type: 'string', minLength: 1, maxLength: L.shortStringLength, example: 'user123' },
    timestamp: { ...unixSeconds('When the event happened, Unix seconds by the client clock.'), nullable: false, example: 1732233600 },
    tags: { type: 'array', nullable: true, maxItems: TRACKING_API_MAX_TAGS, items: { type: 'string', maxLength: L.keyLength }, example: ['mobile', 'premium'] },
    metadata: metadataSchema,
  },
  // The four fields of seed 001's dedup key: without one of them the key would merge distinct
  // events (two anonymous users, or every event of a user on a channel without a time).
  { required: ['event_name', 'channel', 'user_id', 'timestamp'] },
);
