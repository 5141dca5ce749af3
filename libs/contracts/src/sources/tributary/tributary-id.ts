import { canonicalJson } from '../../dedup/canonical-json';
import { uuidFromText } from '../../dedup/uuid';
import { TributaryEvent } from './tributary-event';

/**
 * Seed 000's dedup rule: the id under which an event is stored once.
 * - With an event_id, the key is (name, event_id): the client's idempotency key.
 * - Without one, it is the content the client sent, its own timestamp or date included: the
 *   same event sent twice is one event.
 * - With neither an event_id nor a client time, two real events (two page views) cannot be
 *   told from one sent twice: there is no key, and each gets a fresh id.
 */
export function tributaryIdOf(event: TributaryEvent): string | undefined {
  if (event.event_id != null) return uuidFromText(`event_id\u0000${event.name}\u0000${event.event_id}`);
  if (event.timestamp == null && event.date == null) return undefined;
  return uuidFromText(`content\u0000${canonicalJson(event)}`);
}
