import { CanonicalEvent } from '../../event/canonical-event';
import { instantOfUnixSeconds } from '../../event/iso-date';
import { EVENT_LIMITS } from '../../event/limits';
import { Source } from '../source';
import { TrackingApiEvent } from './tracking-api-event';
import { TRACKING_API_EVENT_SCHEMA } from './tracking-api-event.schema';
import { trackingApiIdOf } from './tracking-api-id';

export const TRACKING_API_BULK_EVENTS = 1000;

const EXAMPLE: TrackingApiEvent = {
  event_name: 'purchase',
  channel: 'web',
  campaign_id: 'summer_sale_2025',
  user_id: 'user123',
  timestamp: 1732233600,
  tags: ['mobile', 'premium'],
  metadata: { amount: 99.99, currency: 'USD' },
};

/** Seed 001's ClickHouse Event Tracking API: `POST /events` (shared with seed 000) and `POST /events/bulk`. */
export const TRACKING_API_SOURCE: Source<TrackingApiEvent> = {
  name: 'tracking-api',
  title: 'ClickHouse Event Tracking API (seed 001)',
  eventSchema: TRACKING_API_EVENT_SCHEMA,
  maxEventBytes: EVENT_LIMITS.eventBytes,
  invalidEvent: 'refuse-request',
  routes: [
    {
      paths: ['/events'],
      summary: 'Send one event of seed 001: event_name, channel, user_id, timestamp…',
      reading: 'by-content-type',
      events: { one: true },
      status: 202,
      respond: ([accepted]) => ({ id: accepted.event.id }),
      examples: { 'tracking-api event': EXAMPLE },
    },
    {
      paths: ['/events/bulk'],
      summary: `Send up to ${TRACKING_API_BULK_EVENTS} events: {"events": [...]}`,
      reading: 'by-content-type',
      events: { field: 'events', maxEvents: TRACKING_API_BULK_EVENTS },
      status: 202,
      respond: (accepted) => ({ ids: accepted.map(({ event }) => event.id) }),
      examples: {
        bulk: {
          events: [EXAMPLE, { event_name: 'view', channel: 'mobile', campaign_id: 'summer_sale_2025', user_id: 'user456', timestamp: 1732233601, tags: ['electronics'], metadata: { product_id: 'prod-123' } }],
        },
      },
    },
  ],
  // No event_id: the id's key includes the time and the channel, so every copy shares its sort key.
  toCanonical: (event): CanonicalEvent => ({
    id: trackingApiIdOf(event),
    source: 'tracking-api',
    name: event.event_name,
    channel: event.channel,
    user_id: event.user_id,
    time: instantOfUnixSeconds(event.timestamp).toISOString(),
    properties: withoutNulls({ campaign_id: event.campaign_id, tags: event.tags, metadata: event.metadata }),
  }),
};

function withoutNulls(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value != null));
}
