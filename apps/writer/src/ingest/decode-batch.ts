import { decodeEventMessage, dedupKeyOf, EventEnvelope, isUuid, uuidFromText, validateEvent } from '@tributary/contracts';
import type { InboundBatch, InboundMessage } from '@tributary/platform';
import { EventRow, MessageOrigin, toEventRow } from './event-row';

export interface RejectedMessage {
  message: InboundMessage;
  reason: string;
}

export interface DecodedBatch {
  /** One row per distinct id, in offset order. */
  rows: EventRow[];
  rejected: RejectedMessage[];
  /** Copies of an event already present earlier in the same batch. */
  duplicates: number;
}

/**
 * Turns a batch of messages into rows. Producers may bypass the gateway, so every message is
 * decoded and validated again, and its id is recomputed rather than trusted.
 */
export function decodeBatch(batch: InboundBatch): DecodedBatch {
  const rows = new Map<string, EventRow>();
  const rejected: RejectedMessage[] = [];
  let duplicates = 0;
  for (const message of batch.messages) {
    const origin = { topic: batch.topic, partition: batch.partition, offset: message.offset };
    const decoded = decodeEventMessage(message.value);
    if (!decoded.ok) {
      rejected.push({ message, reason: decoded.reason });
      continue;
    }
    const validated = validateEvent(decoded.envelope.event, { path: 'event', sourceBytes: message.value?.length });
    if (!validated.ok) {
      rejected.push({ message, reason: validated.errors.map((e) => `${e.field} ${e.reason}`).join('; ') });
      continue;
    }
    const { envelope } = decoded;
    const id = dedupKeyOf(validated.value) ?? fallbackId(envelope, origin);
    if (rows.has(id)) {
      duplicates++;
      continue;
    }
    rows.set(id, toEventRow(validated.value, { id, receivedAt: envelope.receivedAt ?? message.timestamp, clientIp: envelope.clientIp, origin }));
  }
  return { rows: [...rows.values()], rejected, duplicates };
}

/**
 * A keyless event (no event_id, no client time) keeps the random id the gateway gave it; from
 * a producer that sent none, the id derives from the message's place in the log, so that a
 * redelivery of the message gets the same id.
 */
function fallbackId(envelope: EventEnvelope, origin: MessageOrigin): string {
  if (isUuid(envelope.id)) return envelope.id;
  return uuidFromText(`offset\u0000${origin.topic}\u0000${origin.partition}\u0000${origin.offset}`);
}
