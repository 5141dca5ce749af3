import { createHash } from 'node:crypto';
import { ClientEvent } from '../event/client-event';
import { canonicalJson } from './canonical-json';

/**
 * The key under which an event is stored once, formatted as a UUID (RFC 9562 version 8, from
 * SHA-256).
 * - With an event_id, the key is (name, event_id): the client's idempotency key.
 * - Without one, it is the content the client sent, its own timestamp or date included: the
 *   same event sent twice is one event.
 * - With neither an event_id nor a client time, two real events (two page views) cannot be
 *   told from one sent twice: there is no key, and each gets a fresh id.
 */
export function dedupKeyOf(event: ClientEvent): string | undefined {
  if (event.event_id != null) return uuidFromText(`event_id\u0000${event.name}\u0000${event.event_id}`);
  if (event.timestamp == null && event.date == null) return undefined;
  return uuidFromText(`content\u0000${canonicalJson(event)}`);
}

export function uuidFromText(text: string): string {
  const bytes = createHash('sha256').update(text).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
