import { uuidFromText } from '../../dedup/uuid';
import { TrackingApiEvent } from './tracking-api-event';

/**
 * Seed 001's dedup rule: events with the same event_name, user_id, timestamp and channel are one
 * event, whatever else differs (a resend with other metadata is the same event).
 */
export function trackingApiIdOf(event: TrackingApiEvent): string {
  return uuidFromText(['tracking-api', event.event_name, event.user_id, String(event.timestamp), event.channel].join('\u0000'));
}
