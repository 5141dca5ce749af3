/** Headers a dead letter carries besides the original message's own (docs/kafka-message-format.md). */
export const DEAD_LETTER_HEADERS = {
  /** Why it was dead-lettered, naming the field or ClickHouse's error. */
  reason: 'tributary-dlq-reason',
  /** `<topic>/<partition>/<offset>` of the original message. */
  source: 'tributary-dlq-source',
  /** When it was dead-lettered (ISO 8601). */
  at: 'tributary-dlq-at',
  /** `validation` (not a valid event) or `clickhouse` (a valid event ClickHouse refused to store). */
  stage: 'tributary-dlq-stage',
  /** For the `clickhouse` stage: ClickHouse's error name and code, `VIOLATED_CONSTRAINT (469)`. */
  clickhouseError: 'tributary-dlq-clickhouse-error',
} as const;

/**
 * Set on a dead letter re-published to the events topic: the `<topic>/<partition>/<offset>` it
 * was first written at. A keyless message's id derives from that place, not the replay's, so a
 * message replayed twice is still counted once.
 */
export const REPLAY_OF_HEADER = 'tributary-replay-of';

export interface LogPosition {
  topic: string;
  partition: number;
  offset: string;
}

const POSITION = /^(.+)\/(\d+)\/(\d+)$/;

export function formatLogPosition({ topic, partition, offset }: LogPosition): string {
  return `${topic}/${partition}/${offset}`;
}

export function parseLogPosition(text: string | undefined): LogPosition | undefined {
  const match = text === undefined ? null : POSITION.exec(text);
  return match ? { topic: match[1], partition: Number(match[2]), offset: match[3] } : undefined;
}
