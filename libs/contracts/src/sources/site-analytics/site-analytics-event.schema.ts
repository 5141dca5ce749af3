import { EVENT_LIMITS as L } from '../../event/limits';
import { ISO_8601_FORMAT, JsonSchema } from '../../schema/compile-schema';
import { objectOf, shortString } from '../../schema/schema-parts';

/** Seed 004's event: the one definition, compiled into its validator and served as its OpenAPI body. */
export const SITE_ANALYTICS_EVENT_SCHEMA: JsonSchema = objectOf(
  {
    site_id: { type: 'string', minLength: 1, maxLength: L.shortStringLength, example: 'site-abc-123' },
    event_type: { type: 'string', minLength: 1, maxLength: L.nameLength, example: 'page_view' },
    path: { type: 'string', minLength: 1, maxLength: L.stringValueLength, example: '/home' },
    user_id: { ...shortString, description: "The visitor's id; unique users are counted by it.", example: 'user-001' },
    timestamp: {
      type: 'string',
      format: ISO_8601_FORMAT,
      nullable: true,
      description: 'When the event happened, ISO 8601 (a time without zone is UTC), from 2000-01-01 to 2100-01-01; the receive time when absent.',
      example: '2025-11-12T10:00:00Z',
      'x-reason': 'must be an ISO 8601 date-time such as 2025-11-12T10:00:00Z, from 2000-01-01 to 2100-01-01',
    },
  },
  // What seed 004's statistics are made of: every figure is per site_id, total_views counts an
  // event_type, top_paths ranks path. An event without one of them would count nowhere. Anonymous
  // visitors have no user_id; timestamp defaults to the receive time.
  { required: ['site_id', 'event_type', 'path'] },
);
