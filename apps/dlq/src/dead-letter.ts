import { DEAD_LETTER_HEADERS, formatLogPosition, parseLogPosition, REPLAY_OF_HEADER } from '@tributary/contracts';
import { InboundMessage, OutboundMessage } from '@tributary/platform';

/** Every header the writer adds to a dead letter starts with this; a replay drops them all. */
export const DEAD_LETTER_HEADER_PREFIX = 'tributary-dlq-';

/** A message of the dead-letter topic, read through its headers (docs/kafka-message-format.md). */
export interface DeadLetter {
  /** `<partition>:<offset>` in the dead-letter topic: what `replay` takes. */
  position: string;
  /** When it was dead-lettered: its header, else the message's timestamp. */
  at: string;
  stage?: string;
  /** `<topic>/<partition>/<offset>` of the original message. */
  source?: string;
  reason?: string;
  clickhouseError?: string;
  message: InboundMessage;
}

export function deadLetterOf(message: InboundMessage): DeadLetter {
  const { headers } = message;
  return {
    position: `${message.partition}:${message.offset}`,
    at: headers[DEAD_LETTER_HEADERS.at] ?? message.timestamp.toISOString(),
    stage: headers[DEAD_LETTER_HEADERS.stage],
    source: headers[DEAD_LETTER_HEADERS.source],
    reason: headers[DEAD_LETTER_HEADERS.reason],
    clickhouseError: headers[DEAD_LETTER_HEADERS.clickhouseError],
    message,
  };
}

/**
 * The message a replay publishes: the dead letter's key, value, timestamp and original headers,
 * and REPLAY_OF_HEADER naming where the message was first written. A keyless event without a
 * time takes its id from that place and its time from the timestamp, so each replay of it is
 * the same row. A dead letter of a replay already carries the header, and keeps it: the place
 * of the very first copy.
 */
export function replayMessage({ message, source }: DeadLetter): OutboundMessage {
  const headers = Object.fromEntries(Object.entries(message.headers).filter(([name]) => !name.startsWith(DEAD_LETTER_HEADER_PREFIX)));
  const firstWritten = parseLogPosition(headers[REPLAY_OF_HEADER]) ?? parseLogPosition(source);
  if (firstWritten) headers[REPLAY_OF_HEADER] = formatLogPosition(firstWritten);
  return { key: message.key, value: message.value ?? Buffer.alloc(0), headers, timestamp: message.timestamp };
}
