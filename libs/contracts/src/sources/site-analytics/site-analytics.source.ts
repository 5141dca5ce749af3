import { CanonicalEvent } from '../../event/canonical-event';
import { instantOfIsoDate } from '../../event/iso-date';
import { EVENT_LIMITS } from '../../event/limits';
import { Source } from '../source';
import { SiteAnalyticsEvent } from './site-analytics-event';
import { SITE_ANALYTICS_EVENT_SCHEMA } from './site-analytics-event.schema';
import { siteAnalyticsIdOf } from './site-analytics-id';

/** Seed 004's Ingest API: `POST /event`, one page event as JSON, answered {"status":"ok"}. */
export const SITE_ANALYTICS_SOURCE: Source<SiteAnalyticsEvent> = {
  name: 'site-analytics',
  title: 'Website analytics ingest API (seed 004)',
  eventSchema: SITE_ANALYTICS_EVENT_SCHEMA,
  maxEventBytes: EVENT_LIMITS.eventBytes,
  invalidEvent: 'refuse-request',
  routes: [
    {
      paths: ['/event'],
      summary: 'Send one page event',
      // Seed 004's curl says application/json; a page may send the same text as text/plain
      // (navigator.sendBeacon), which spares a CORS preflight.
      reading: 'json',
      events: { one: true },
      status: 200,
      respond: () => ({ status: 'ok' }),
      examples: { event: { site_id: 'site-abc-123', event_type: 'page_view', path: '/home', user_id: 'user-001', timestamp: '2025-11-12T10:00:00Z' } },
    },
  ],
  toCanonical: (event): CanonicalEvent => ({
    id: siteAnalyticsIdOf(event),
    source: 'site-analytics',
    name: event.event_type,
    channel: 'web',
    site_id: event.site_id,
    page_path: event.path,
    user_id: event.user_id,
    time: event.timestamp == null ? undefined : instantOfIsoDate(event.timestamp).toISOString(),
  }),
};
