import { isIP } from 'node:net';
import { ClientEvent } from '../event/client-event';
import { EVENT_DATE_REASON, instantOfIsoDate, isEventDate } from '../event/iso-date';
import { parseJsonUtf8 } from '../event/json-text';
import { EVENT_LIMITS } from '../event/limits';

/**
 * The Kafka message of one event, version 1 (docs/kafka-message-format.md).
 * key: the event id (its dedup key), so every copy of an event lands on one partition.
 * value: JSON `{"v":1,"id":…,"received_at":…,"client_ip":…,"event":{…}}`; a producer that
 * bypasses the gateway may send only `{"v":1,"event":{…}}`.
 */
export const EVENT_MESSAGE_VERSION = 1;
export const EVENT_MESSAGE_CONTENT_TYPE = 'application/vnd.tributary.event.v1+json';
/** The JSON around the event: id, times, IP. */
const ENVELOPE_BYTES = 1024;
export const MAX_EVENT_MESSAGE_BYTES = EVENT_LIMITS.eventBytes + ENVELOPE_BYTES;

/** An event the gateway accepted: what it publishes. */
export interface AcceptedEvent {
  id: string;
  receivedAt: Date;
  clientIp?: string;
  event: ClientEvent;
}

export interface EventMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** A decoded envelope whose event is not validated yet: the producer may be anyone. */
export interface EventEnvelope {
  id?: string;
  receivedAt?: Date;
  clientIp?: string;
  event: unknown;
}

export type Decoded = { ok: true; envelope: EventEnvelope } | { ok: false; reason: string };

export function encodeEventMessage(accepted: AcceptedEvent): EventMessage {
  const value = JSON.stringify({
    v: EVENT_MESSAGE_VERSION,
    id: accepted.id,
    received_at: accepted.receivedAt.toISOString(),
    client_ip: accepted.clientIp,
    event: accepted.event,
  });
  return { key: accepted.id, value, headers: { 'content-type': EVENT_MESSAGE_CONTENT_TYPE } };
}

export function decodeEventMessage(value: Buffer | null): Decoded {
  if (value === null || value.length === 0) return fail('message has no value');
  if (value.length > MAX_EVENT_MESSAGE_BYTES) {
    return fail(`message is ${value.length} bytes, over the limit of ${MAX_EVENT_MESSAGE_BYTES}`);
  }
  const json = parseJsonUtf8(value, '', 'value');
  if (!json.ok) return fail(`${json.error.field} ${json.error.reason}`);
  const parsed = json.value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('value must be a JSON object');
  const body = parsed as Record<string, unknown>;
  if (body.v !== EVENT_MESSAGE_VERSION) return fail(`v must be ${EVENT_MESSAGE_VERSION}, got ${JSON.stringify(body.v)}`);
  if (body.event === undefined) return fail('event is required');
  if (body.id != null && typeof body.id !== 'string') return fail('id must be a string');
  const receivedAt = body.received_at == null ? undefined : String(body.received_at);
  if (receivedAt !== undefined && !isEventDate(receivedAt)) return fail(`received_at ${EVENT_DATE_REASON}`);
  if (body.client_ip != null && !isIP(String(body.client_ip))) return fail('client_ip must be an IPv4 or IPv6 address');
  return {
    ok: true,
    envelope: {
      id: body.id ?? undefined,
      receivedAt: receivedAt === undefined ? undefined : instantOfIsoDate(receivedAt),
      clientIp: body.client_ip == null ? undefined : String(body.client_ip),
      event: body.event,
    } as EventEnvelope,
  };
}

function fail(reason: string): Decoded {
  return { ok: false, reason };
}
