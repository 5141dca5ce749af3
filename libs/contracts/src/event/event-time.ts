import { CanonicalEvent } from './canonical-event';
import { instantOfIsoDate, isEventInstant } from './iso-date';

const HOUR_MS = 3_600_000;

/**
 * A send time further than this from the receipt is not a clock's skew but a batch held back
 * (an app offline, an SDK retrying with its first sent_at, as posthog-node does): correcting
 * by it would move the event by the delay, so the client's time is kept.
 */
export const MAX_SKEW_CORRECTION_MS = 24 * HOUR_MS;
/** PostHog's rule: an event more than 23 hours after its receipt is dated at its receipt. */
export const MAX_FUTURE_MS = 23 * HOUR_MS;

/**
 * When the event happened: the client's time, corrected by its clock's skew where the client
 * says when it sent the event (Segment's and PostHog's rule: time + (received − sent)), else
 * when the platform received it. The client's own time stays stored as it was sent.
 */
export function eventTimeOf(event: CanonicalEvent, receivedAt: Date): Date {
  if (event.time == null) return receivedAt;
  const clientTime = instantOfIsoDate(event.time);
  const corrected = event.sent_at == null ? clientTime : correctedForSkew(clientTime, instantOfIsoDate(event.sent_at), receivedAt);
  return corrected.getTime() - receivedAt.getTime() > MAX_FUTURE_MS ? receivedAt : corrected;
}

function correctedForSkew(clientTime: Date, sentAt: Date, receivedAt: Date): Date {
  const skew = receivedAt.getTime() - sentAt.getTime();
  if (Math.abs(skew) > MAX_SKEW_CORRECTION_MS) return clientTime;
  const corrected = new Date(clientTime.getTime() + skew);
  return isEventInstant(corrected) ? corrected : clientTime;
}
