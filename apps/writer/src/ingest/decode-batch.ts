import { decodeEventMessage, dedupKeyOf, EventEnvelope, isEventInstant, isUuid, parseLogPosition, REPLAY_OF_HEADER, uuidFromText, validateEvent } from '@tributary/contracts';
import type { InboundBatch, InboundMessage } from '@tributary/platform';
import { EventRow, MessageOrigin, toEventRow } from './event-row';

/** A row and the message it came from, which is what a refused row is dead-lettered as. */
export interface DecodedEvent {
  row: EventRow;
  message: InboundMessage;
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
    const validated = validateEvent(decoded.envelope.event, { path: 'event', sourceBytes: message.value?.length });
    if (!validated.ok) {
      invalid.push({ message, reason: validated.errors.map((e) => `${e.field} ${e.reason}`).join('; ') });
      continue;
    }
    const { envelope } = decoded;
    const receivedAt = envelope.receivedAt ?? message.timestamp;
    if (!isEventInstant(receivedAt)) {
      invalid.push({ message, reason: `the message timestamp ${message.timestamp.toISOString()} is outside 2000-01-01..2100-01-01 and no received_at was given` });
      continue;
    }
    const id = dedupKeyOf(validated.value) ?? fallbackId(envelope, message.headers[REPLAY_OF_HEADER], origin);
    if (events.has(id)) {
      duplicates++;
      continue;
    }
    events.set(id, { row: toEventRow(validated.value, { id, receivedAt, clientIp: envelope.clientIp, origin }), message });
  }
  return { events: [...events.values()], invalid, duplicates };
}

/**
 * A keyless event (no event_id, no client time) keeps the random id the gateway gave it; from
 * a producer that sent none, the id derives from the message's place in the log, so that a
 * redelivery of the message gets the same id; a replayed dead letter keeps its first place's.
 */
function fallbackId(envelope: EventEnvelope, replayOf: string | undefined, origin: MessageOrigin): string {
  if (isUuid(envelope.id)) return envelope.id;
  const place = parseLogPosition(replayOf) ?? origin;
  return uuidFromText(`offset\u0000${place.topic}\u0000${place.partition}\u0000${place.offset}`);
}
