import { CanonicalEvent } from './canonical-event';
import { instantOfIsoDate } from './iso-date';

/** When the event happened: the client's time, else when the platform received it. */
export function eventTimeOf(event: CanonicalEvent, receivedAt: Date): Date {
  return event.time == null ? receivedAt : instantOfIsoDate(event.time);
}
