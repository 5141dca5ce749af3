import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { CanonicalEvent } from '../event/canonical-event';
import { EVENT_DATE_REASON, instantOfIsoDate, isEventDate } from '../event/iso-date';
import { parseJsonUtf8 } from '../event/json-text';
import { EVENT_LIMITS } from '../event/limits';

/**
 * The Kafka message of one event (docs/kafka-message-format.md).
 * key: the event's id, so every copy of an event lands on one partition.
 * value, version 2, what the gateway writes: `{"v":2,"received_at":…,"event":{canonical event}}`.
 * value, version 1, still read: `{"v":1,"id":…,"received_at":…,"client_ip":…,"event":{seed 000's event}}`.
 */
export const EVENT_MESSAGE_VERSION = 2;
export const EVENT_MESSAGE_CONTENT_TYPE = 'application/vnd.tributary.event.v2+json';
/**
 * The largest message the writer reads. An event is at most EVENT_LIMITS.eventBytes as sent, and
 * its mapping copies some of its fields into columns besides keeping them whole in properties: a
 * PostHog event of 56 KiB with its 17 copied fields at their limits, in 4-byte characters, comes
 * to 90 KB (every-source-maps-insertable.spec.ts), and 6-byte escapes to some 110 KB.
 */
export const MAX_EVENT_MESSAGE_BYTES = 256 * 1024;
/**
 * The deepest message the writer reads, so that no producer's value exhausts its stack. An event
 * sits deeper in its message than in the body it came in: seed 001's metadata, at level 2 of its
 * body, is at level 4 (value, event, properties, metadata); the margin covers such moves.
 */
export const MAX_EVENT_MESSAGE_DEPTH = EVENT_LIMITS.jsonDepth + 8;

/** An event the gateway accepted: what it publishes. */
export interface AcceptedMessage {
  receivedAt: Date;
  event: CanonicalEvent & { id: string };
  /** The id of the HTTP request it came in (acceptRequestId): its message's x-request-id header. */
  requestId?: string;
}

/**
 * The request id: the HTTP header the gateway (and the query app) takes and answers, and the
 * Kafka header each message of the request carries, so that one id follows an event from the
 * gateway's log lines to the writer's (docs/kafka-message-format.md).
 */
export const REQUEST_ID_HEADER = 'x-request-id';
export const MAX_REQUEST_ID_LENGTH = 128;
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * A request id is taken as given only when it is a safe token: 1 to 128 characters of
 * `A-Z a-z 0-9 . _ : -`. Nothing else is ever echoed or logged (no newline, quote, space, markup).
 */
export function isSafeRequestId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value);
}

/** The client's request id when it is safe (a repeated header never is), else a new UUID. */
export function acceptRequestId(given: string | string[] | undefined): string {
  return isSafeRequestId(given) ? given : randomUUID();
}

/** The request id a message carries, when its producer gave a safe one; any other value is ignored. */
export function requestIdOfHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const value = headers[REQUEST_ID_HEADER];
  return isSafeRequestId(value) ? value : undefined;
}

export interface EventMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A decoded envelope whose event is not validated yet: the producer may be anyone. */
export type EventEnvelope =
  | { v: 1; id?: string; receivedAt?: Date; clientIp?: string; event: unknown }
  | { v: 2; receivedAt?: Date; event: unknown };

export type Decoded = { ok: true; envelope: EventEnvelope } | { ok: false; reason: string };

export function encodeEventMessage({ receivedAt, event, requestId }: AcceptedMessage): EventMessage {
  const value = JSON.stringify({ v: EVENT_MESSAGE_VERSION, received_at: receivedAt.toISOString(), event });
  const headers: Record<string, string> = { 'content-type': EVENT_MESSAGE_CONTENT_TYPE };
  if (requestId !== undefined) headers[REQUEST_ID_HEADER] = requestId;
  return { key: event.id, value, headers };
}

export function decodeEventMessage(value: Buffer | null): Decoded {
  if (value === null || value.length === 0) return fail('message has no value');
  if (value.length > MAX_EVENT_MESSAGE_BYTES) {
    return fail(`message is ${value.length} bytes, over the limit of ${MAX_EVENT_MESSAGE_BYTES}`);
  }
  const json = parseJsonUtf8(value, '', 'value', MAX_EVENT_MESSAGE_DEPTH);
  if (!json.ok) return fail(`${json.error.field} ${json.error.reason}`);
  const parsed = json.value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('value must be a JSON object');
  const body = parsed as Record<string, unknown>;
  if (body.v !== 1 && body.v !== 2) return fail(`v must be 1 or 2, got ${JSON.stringify(body.v)}`);
  if (body.event === undefined) return fail('event is required');
  const receivedAt = body.received_at == null ? undefined : String(body.received_at);
  if (receivedAt !== undefined && !isEventDate(receivedAt)) return fail(`received_at ${EVENT_DATE_REASON}`);
  const common = { receivedAt: receivedAt === undefined ? undefined : instantOfIsoDate(receivedAt), event: body.event };
  if (body.v === 2) return { ok: true, envelope: { v: 2, ...common } };
  if (body.id != null && typeof body.id !== 'string') return fail('id must be a string');
  if (body.client_ip != null && !isIP(String(body.client_ip))) return fail('client_ip must be an IPv4 or IPv6 address');
  return {
    ok: true,
    envelope: { v: 1, id: body.id ?? undefined, clientIp: body.client_ip == null ? undefined : String(body.client_ip), ...common } as EventEnvelope,
  };
}

function fail(reason: string): Decoded {
  return { ok: false, reason };
}
