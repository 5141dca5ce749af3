import { CanonicalEvent } from '../../event/canonical-event';
import { instantOfIsoDate, instantOfUnixSeconds } from '../../event/iso-date';
import { EVENT_LIMITS } from '../../event/limits';
import { ISO_8601_FORMAT } from '../../schema/compile-schema';
import { instantOf, record } from '../sdk-fields';
import { Source } from '../source';
import { TributaryEvent } from './tributary-event';
import { TRIBUTARY_EVENT_SCHEMA } from './tributary-event.schema';
import { tributaryIdOf } from './tributary-id';

const EXAMPLE: TributaryEvent = {
  name: 'page_view',
  channel_type: 'web',
  timestamp: 1705314600,
  user_id: 'user-123',
  event_params: [{ key: 'page_title', string_value: 'Home Page' }],
  device: { category: 'desktop', operating_system: 'macOS', browser_name: 'Chrome' },
};

/** Seed 000's API, Tributary's own: `POST /events` and `POST /events/batch`. */
export const TRIBUTARY_SOURCE: Source<TributaryEvent> = {
  name: 'tributary',
  title: "Tributary's own API (seed 000)",
  eventSchema: TRIBUTARY_EVENT_SCHEMA,
  maxEventBytes: EVENT_LIMITS.eventBytes,
  invalidEvent: 'refuse-request',
  routes: [
    {
      paths: ['/events'],
      summary: 'Send one event',
      reading: 'by-content-type',
      events: { one: true },
      status: 202,
      respond: ([accepted]) => ({ id: accepted.event.id }),
      examples: { event: EXAMPLE },
    },
    {
      paths: ['/events/batch'],
      summary: `Send up to ${EVENT_LIMITS.batchEvents} events: JSON {"events": [...]} or NDJSON, one event a line`,
      reading: 'by-content-type',
      events: { field: 'events', maxEvents: EVENT_LIMITS.batchEvents },
      envelope: {
        sent_at: {
          type: 'string',
          format: ISO_8601_FORMAT,
          description:
            "When you sent the batch, by the clock that dated its events: each event's time is corrected by that clock's skew, the difference to when the batch arrived (up to 24 hours).",
          example: '2024-01-15T10:30:05Z',
          'x-reason': 'must be an ISO 8601 date-time such as 2024-01-15T10:30:05Z, from 2000-01-01 to 2100-01-01',
        },
      },
      status: 202,
      respond: (accepted) => ({ ids: accepted.map(({ event }) => event.id) }),
      examples: { batch: { events: [EXAMPLE, { ...EXAMPLE, name: 'click', timestamp: 1705314601 }] } },
    },
  ],
  // Read before the body is validated (a batch's sent_at is, by its envelope; a single event may not carry one).
  receiptOf: (body) => ({ sentAt: instantOf(record(body).sent_at) }),
  toCanonical: (event): CanonicalEvent => ({
    id: tributaryIdOf(event),
    source: 'tributary',
    name: event.name,
    channel: event.channel_type,
    event_id: event.event_id,
    user_id: event.user_id,
    anonymous_id: event.user_pseudo_id,
    time: clientTimeOf(event),
    previous_time: event.previous_timestamp == null ? undefined : instantOfUnixSeconds(event.previous_timestamp).toISOString(),
    device: event.device,
    app: event.app_info,
    event_params: event.event_params,
    user_params: event.user_params,
    items: event.items,
  }),
};

/** The client's timestamp, else its date. */
function clientTimeOf(event: TributaryEvent): string | undefined {
  if (event.timestamp != null) return instantOfUnixSeconds(event.timestamp).toISOString();
  if (event.date != null) return instantOfIsoDate(event.date).toISOString();
  return undefined;
}
