import { AppInfo, Device, EventParam, Item } from './event-parts';

/**
 * One event, whatever door it came through: what Kafka message v2 carries and what the writer
 * stores (docs/kafka-message-format.md). Times are ISO 8601 in UTC, to the millisecond.
 */
export interface CanonicalEvent {
  /**
   * The idempotency id, a UUID: every copy of one event carries the same. The source derives it
   * by its own rule (a client's event id, Segment's messageId, the content…).
   */
  id?: string;
  /** The door: a registered source (`tributary`, `segment`…), or an internal producer's name. */
  source: string;
  /** The project the producer's key names; `default` without one. */
  project?: string;
  name: string;
  /** Where the event came from, as the producer names it: seed 000's channel_type, seed 001's channel… */
  channel: string;
  /** The protocol's kind of call, where it has kinds: Segment's track, page, identify… */
  kind?: string;
  /**
   * The producer's own id for the event. Its copies may come back with another time, so the
   * writer gives them the first copy's sort key.
   */
  event_id?: string;
  user_id?: string;
  /** The id of a user not known yet: a device, a cookie, seed 000's user_pseudo_id. */
  anonymous_id?: string;
  /** When the event happened by the client's clock, as the client said. */
  time?: string;
  /** When the client sent it, by the same clock: the difference to received_at is its clock's skew. */
  sent_at?: string;
  previous_time?: string;
  ip?: string;
  user_agent?: string;
  /** ISO 3166-1 alpha-2, from the client's address. */
  country?: string;
  site_id?: string;
  page_path?: string;
  page_url?: string;
  page_referrer?: string;
  device?: Device;
  app?: AppInfo;
  event_params?: EventParam[];
  user_params?: EventParam[];
  items?: Item[];
  /** The producer's own fields, kept whole. */
  properties?: Record<string, unknown>;
}

export const DEFAULT_PROJECT = 'default';
