import { CanonicalEvent } from '../event/canonical-event';
import { JsonSchema } from '../schema/compile-schema';

/** What the gateway knows of a request besides its body, and what a source may add from it. */
export interface Receipt {
  receivedAt: Date;
  clientIp?: string;
  userAgent?: string;
  /**
   * The project the gateway resolved the write key to (the default project when keys are off):
   * the events' `project`, and part of their ids where a source's dedup rule is per project.
   */
  project?: string;
  /** When the producer sent the request, by its own clock, where its protocol says so for the whole batch. */
  sentAt?: string;
}

/** What a request says of all its events, where its source's protocol says it. */
export interface RequestFields {
  /** The producer's key: the gateway resolves it to the project (auth/write-access.ts); never stored. */
  writeKey?: string;
  sentAt?: string;
}

/** Request headers, names in lower case. */
export type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** The request's query string, decoded: a name given twice holds its values in order. */
export type Query = Readonly<Record<string, string | string[] | undefined>>;

/**
 * How a route reads its body. `by-content-type`: JSON or NDJSON as the Content-Type says, any
 * other type refused. `json` and `ndjson`: the body is that, whatever type it claims, because the
 * producers send it under another (curl's form type, text/plain to spare a CORS preflight).
 * `json-or-form`: JSON as `json` reads it, or a urlencoded form whose `data` field holds the
 * JSON as text or base64 (posthog-js's sendBeacon); a body that starts as JSON is JSON.
 */
export type BodyReading = 'by-content-type' | 'json' | 'ndjson' | 'json-or-form';

/**
 * Where the events are in a parsed body: the body is one event, or its `field` holds an array of
 * them. An NDJSON body is the array itself, one event a line.
 * `implied`: fields the path says of its one event, where the event does not say them itself
 * (Segment's POST /v1/track carries a track call with or without `type`).
 * `orOne`: a body without `field` is one event (PostHog's capture paths take both shapes).
 */
export type EventsPlace =
  | { one: true; implied?: Readonly<Record<string, unknown>> }
  | { field: string; maxEvents: number; orOne?: boolean };

export interface SourceRoute {
  paths: readonly string[];
  summary: string;
  reading: BodyReading;
  events: EventsPlace;
  /** The rest of a batch body, its events array excluded: what else it may carry. */
  envelope?: Readonly<Record<string, JsonSchema>>;
  /**
   * The batch body may carry fields the envelope does not name, ignored as the protocol's own
   * server ignores them (Segment's and PostHog's SDKs each add their own: messageId, sequence...).
   */
  openEnvelope?: boolean;
  /** The HTTP status of an accepted request: what the source's producers expect. */
  status: number;
  /** The answer to an accepted request, in the source's own shape. */
  respond(accepted: AcceptedEvent[], receipt: Receipt): unknown;
  /** OpenAPI examples of the body, by name. */
  examples?: Readonly<Record<string, unknown>>;
  /** The schema of this route's events, where its path says more of them than the source's schema. */
  eventSchema?: JsonSchema;
}

export interface AcceptedEvent {
  payload: unknown;
  event: CanonicalEvent & { id: string };
}

/**
 * A door producers send events through: their payload's schema, its mapping to the canonical
 * event (with the id by the source's dedup rule) and the routes that answer them. One folder
 * each, listed in sources/registry.ts.
 */
export interface Source<P = unknown> {
  name: string;
  /** Whom the source serves, for the OpenAPI document. */
  title: string;
  eventSchema: JsonSchema;
  /** A serialised payload larger than this is refused. */
  maxEventBytes: number;
  /**
   * `refuse-request`: one invalid event refuses the whole request (the caller sees why).
   * `drop-event`: the others are accepted (Segment's SDKs drop a whole batch on a 400).
   */
  invalidEvent: 'refuse-request' | 'drop-event';
  routes: readonly SourceRoute[];
  /**
   * Where the protocol sends the write key, as a 401 names it: `authorization` (Segment's Basic
   * auth), `api_key` (PostHog's body). Sources without a key of their own take the X-Write-Key
   * header (WRITE_KEY_HEADER), which every source also accepts when its own place is empty.
   */
  writeKeyField?: string;
  /**
   * The source's id rule already includes the project (receipt.project), as Segment's and
   * PostHog's dedup is per project; otherwise canonicalEventOf scopes the id to the project
   * (idInProject), so that two projects never share an id.
   */
  idsPerProject?: boolean;
  /** What the request says of all its events: the key, the send time. */
  receiptOf?(body: unknown, headers: Headers, query: Query): RequestFields;
  /** The canonical event of a valid payload, its id included when the source's rule gives one. */
  toCanonical(payload: P, receipt: Receipt): MappedEvent;
}

/**
 * The canonical event as a source maps it. `sent_at: null` says the event has no send time,
 * whatever its request says, so its time is not corrected (PostHog's `$ignore_sent_at`).
 */
export type MappedEvent = Omit<CanonicalEvent, 'sent_at'> & { sent_at?: string | null };
