import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DEAD_LETTER_HEADERS, formatLogPosition } from '@tributary/contracts';
import { InboundMessage, KafkaConfig, MessagePublisher } from '@tributary/platform';

export interface DeadLetter {
  message: InboundMessage;
  reason: string;
  /** `validation`: not a valid event; `clickhouse`: a valid event ClickHouse refused to store. */
  stage: 'validation' | 'clickhouse';
  /** ClickHouse's error name and code, for the clickhouse stage. */
  clickhouseError?: string;
}

/**
 * Sends messages the writer cannot store to the dead-letter topic: original bytes and headers
 * (its x-request-id among them, so a replay keeps it), the reason in headers of its own.
 */
@Injectable()
export class DeadLetters implements OnApplicationShutdown {
  constructor(
    private readonly publisher: MessagePublisher,
    @Inject(KafkaConfig) private readonly kafka: KafkaConfig,
  ) {}

  /** After the consumer has stopped (Nest closes the microservice first): no batch needs it then. */
  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }

  async send(topic: string, letters: DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    const at = new Date().toISOString();
    await this.publisher.publish(
      this.kafka.deadLetterTopic,
      letters.map(({ message, reason, stage, clickhouseError }) => ({
        key: message.key,
        value: message.value ?? Buffer.alloc(0),
        // Kept, so that a replay keeps it: a keyless event without received_at takes its time from it.
        timestamp: message.timestamp,
        headers: {
          ...message.headers,
          [DEAD_LETTER_HEADERS.reason]: reason,
          [DEAD_LETTER_HEADERS.source]: formatLogPosition({ topic, partition: message.partition, offset: message.offset }),
          [DEAD_LETTER_HEADERS.at]: at,
          [DEAD_LETTER_HEADERS.stage]: stage,
          ...(clickhouseError && { [DEAD_LETTER_HEADERS.clickhouseError]: clickhouseError }),
        },
      })),
    );
  }
}
