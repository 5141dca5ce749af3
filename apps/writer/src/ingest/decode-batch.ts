import {
  CANONICAL_EVENT_SCHEMA,
  CanonicalEvent,
  canonicalEventOf,
  canonicalJson,
  compileSchema,
  decodeEventMessage,
  EventEnvelope,
  isEventInstant,
  isUuid,
  parseLogPosition,
  REPLAY_OF_HEADER,
  TRIBUTARY_SOURCE,
  uuidFromText,
  Validated,
  validatePayload,
} from '@tributary/contracts';
import type { InboundBatch, InboundMessage } from '@tributary/platform';
import { EventRow, MessageOrigin, toEventRow } from './event-row';

/** A row and the message it came from, which is what a refused row is dead-lettered as. */
export interface DecodedEvent {
  row: EventRow;
  message: InboundMessage;
  /** When the gateway received it (else the message's timestamp): its age once inserted is the pipeline's freshness. */
  receivedAt: Date;
}

export interface InvalidMessage {
  message: InboundMessage;
  reason: string;
}

export interface DecodedBatch {
  /** One per distinct id, in offset order. */
  events: DecodedEvent[];
  invalid: InvalidMessage[];
  /** Copies of an event already present earlier in the same batch. */
  duplicates: number;
}

/**
 * Turns a batch of messages into rows. Producers may bypass the gateway, so every message is
 * decoded and validated again, and its id is recomputed rather than trusted.
 */
export function decodeBatch(batch: InboundBatch): DecodedBatch {
  const events = new Map<string, DecodedEvent>();
  const invalid: InvalidMessage[] = [];
  let duplicates = 0;
  for (const message of batch.messages) {
    const origin = { topic: batch.topic, partition: batch.partition, offset: message.offset };
    const decoded = decodeEventMessage(message.value);
    if (!decoded.ok) {
      invalid.push({ message, reason: decoded.reason });
      continue;
    }
    const { envelope } = decoded;
    const receivedAt = envelope.receivedAt ?? message.timestamp;
    if (!isEventInstant(receivedAt)) {
      invalid.push({ message, reason: `the message timestamp ${message.timestamp.toISOString()} is outside 2000-01-01..2100-01-01 and no received_at was given` });
      continue;
    }
    const validated = canonicalEventIn(envelope, receivedAt, message.value?.length);
    if (!validated.ok) {
      invalid.push({ message, reason: validated.errors.map((e) => `${e.field} ${e.reason}`).join('; ') });
      continue;
    }
    const event = datedByCopies(envelope, validated.value);
    const id = event.id ?? fallbackId(envelope, event, message.headers[REPLAY_OF_HEADER], origin);
    if (events.has(id)) {
      duplicates++;
      continue;
    }
    events.set(id, { row: toEventRow(event, { id, receivedAt, origin }), message, receivedAt });
  }
  return { events: [...events.values()], invalid, duplicates };
}

const validateCanonicalEvent = compileSchema<CanonicalEvent>(CANONICAL_EVENT_SCHEMA);

/**
 * v2 carries the canonical event, held to its schema; v1 carries seed 000's event, held to its
 * schema and mapped, and its id recomputed, as the gateway would.
 */
function canonicalEventIn(envelope: EventEnvelope, receivedAt: Date, bytes?: number): Validated<CanonicalEvent> {
  if (envelope.v === 2) return validateCanonicalEvent(envelope.event, 'event');
  const payload = validatePayload(TRIBUTARY_SOURCE, envelope.event, 'event', bytes);
  if (!payload.ok) return payload;
  return { ok: true, value: canonicalEventOf(TRIBUTARY_SOURCE, payload.value, { receivedAt, clientIp: envelope.clientIp }) };
}

/**
 * A v2 event with its producer's id but neither a time nor a received_at is dated by its
 * message's timestamp, which differs between the copies a producer sends: its id is then its
 * event_id, so that the writer aligns every copy with the first (BatchWriter).
 */
function datedByCopies(envelope: EventEnvelope, event: CanonicalEvent): CanonicalEvent {
  const undated = envelope.v === 2 && event.time == null && envelope.receivedAt == null;
  return undated && event.id != null && event.event_id == null ? { ...event, event_id: event.id } : event;
}

/**
 * An event without an id: a v1 event with neither event_id nor client time keeps the random id
 * the gateway gave it; a v2 event from a producer that gave none is keyed by its content when it
 * has a client time. Otherwise the id derives from the message's place in the log, so that a
 * redelivery of the message gets the same id; a replayed dead letter keeps its first place's.
 */
function fallbackId(envelope: EventEnvelope, event: CanonicalEvent, replayOf: string | undefined, origin: MessageOrigin): string {
  if (envelope.v === 1 && isUuid(envelope.id)) return envelope.id;
  if (envelope.v === 2 && event.time != null) return uuidFromText(`content\u0000${canonicalJson(event)}`);
  const place = parseLogPosition(replayOf) ?? origin;
  return uuidFromText(`offset\u0000${place.topic}\u0000${place.partition}\u0000${place.offset}`);
}
