import { uuidFromText } from '../../dedup/uuid';
import { DeviceCollectorEvent } from './device-collector-event';

type DedupKey = Pick<DeviceCollectorEvent, 'device_id' | 'session' | 'sequence'>;

/**
 * Seed 003's dedup rule: events with the same device_id, session and sequence are one event,
 * whatever else differs (a resend with another client_time is the same event).
 */
export function deviceCollectorIdOf(event: DedupKey): string {
  return uuidFromText(['device-collector', event.device_id, event.session, String(event.sequence)].join('\u0000'));
}

/**
 * The same key as the producer's own event id: a resend may carry another client_time, and the
 * writer gives the copies of an event_id the first copy's sort key.
 */
export function deviceCollectorEventIdOf(event: DedupKey): string {
  return `${event.device_id}/${event.session}/${event.sequence}`;
}
