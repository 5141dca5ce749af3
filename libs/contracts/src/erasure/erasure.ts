/**
 * GDPR's right to erasure: an admin erases every event of one user id in one project. The
 * request is recorded first, then the stored events are deleted; events of that user that arrive
 * afterwards (a resent copy, a Kafka redelivery, a message produced again) are deleted by the
 * writer when they were received or dated before the request. A genuinely new event (received
 * and dated after it) is kept: an erasure removes what existed, it bans no one.
 */
export interface Erasure {
  project: string;
  user_id: string;
  /** ISO 8601, UTC, milliseconds. */
  requested_at: string;
}

/** What the erasure rule reads of a stored event: times in ISO 8601 (UTC). */
export interface ErasableEvent {
  id: string;
  project: string;
  user_id: string;
  /** The user id, else the anonymous id: an erasure of either id takes the event. */
  user_key: string;
  event_time: string;
  received_at: string;
}

/** The user ids an erasure may name to take this event: its user id and its user key. */
export function usersOfEvent(event: Pick<ErasableEvent, 'user_id' | 'user_key'>): string[] {
  return [...new Set([event.user_id, event.user_key])].filter((user) => user !== '');
}

/** Whether an event arriving after `erasure` was recorded is one it erases: of its user, received or dated before it. */
export function isErasedBy(event: ErasableEvent, erasure: Erasure): boolean {
  if (event.project !== erasure.project || !usersOfEvent(event).includes(erasure.user_id)) return false;
  const requested = Date.parse(erasure.requested_at);
  return Date.parse(event.event_time) < requested || Date.parse(event.received_at) < requested;
}

/** The (project, user) pairs of these events, each once: what the writer asks the erasures about. */
export function userPairsOf(events: readonly ErasableEvent[]): Array<{ project: string; user_id: string }> {
  const pairs = new Map<string, { project: string; user_id: string }>();
  for (const event of events) {
    for (const user_id of usersOfEvent(event)) pairs.set(JSON.stringify([event.project, user_id]), { project: event.project, user_id });
  }
  return [...pairs.values()];
}

/**
 * The ids among `events` that `erasures` take, by erasure. `erasures` holds the latest of each
 * (project, user): a later erasure of a user takes all an earlier one would.
 */
export function erasedAmong(events: readonly ErasableEvent[], erasures: readonly Erasure[]): Map<Erasure, string[]> {
  const byUser = new Map(erasures.map((erasure) => [JSON.stringify([erasure.project, erasure.user_id]), erasure]));
  const erased = new Map<Erasure, string[]>();
  for (const event of events) {
    for (const user of usersOfEvent(event)) {
      const erasure = byUser.get(JSON.stringify([event.project, user]));
      if (erasure === undefined || !isErasedBy(event, erasure)) continue;
      const ids = erased.get(erasure) ?? [];
      if (ids.length === 0) erased.set(erasure, ids);
      ids.push(event.id);
      break;
    }
  }
  return erased;
}
