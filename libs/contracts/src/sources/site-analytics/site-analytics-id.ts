import { canonicalJson } from '../../dedup/canonical-json';
import { uuidFromText } from '../../dedup/uuid';
import { SiteAnalyticsEvent } from './site-analytics-event';

/**
 * Seed 004 has no dedup key. An event with its own timestamp is its content, as seed 000's
 * events without an event_id are: the same event sent twice is one event. Without a timestamp,
 * two real page views cannot be told from one sent twice: no key, and each gets a fresh id.
 */
export function siteAnalyticsIdOf(event: SiteAnalyticsEvent): string | undefined {
  if (event.timestamp == null) return undefined;
  return uuidFromText(`site-analytics\u0000${canonicalJson(event)}`);
}
