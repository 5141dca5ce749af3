import { Inject, Injectable } from '@nestjs/common';
import { KafkaConfig, MessagePublisher } from '@tributary/platform';
import { RejectedMessage } from './decode-batch';

/** Headers a dead letter carries besides the original ones. */
export const DEAD_LETTER_HEADERS = {
  reason: 'tributary-dlq-reason',
  source: 'tributary-dlq-source',
  at: 'tributary-dlq-at',
} as const;

/** Sends messages that are not valid events to the dead-letter topic: original bytes, reason in headers. */
@Injectable()
export class DeadLetters {
  constructor(
    private readonly publisher: MessagePublisher,
    @Inject(KafkaConfig) private readonly kafka: KafkaConfig,
  ) {}

  async send(topic: string, rejected: RejectedMessage[]): Promise<void> {
    if (rejected.length === 0) return;
    const at = new Date().toISOString();
    await this.publisher.publish(
      this.kafka.deadLetterTopic,
      rejected.map(({ message, reason }) => ({
        key: message.key?.toString('utf8') ?? null,
        value: message.value ?? Buffer.alloc(0),
        headers: {
          ...message.headers,
          [DEAD_LETTER_HEADERS.reason]: reason,
          [DEAD_LETTER_HEADERS.source]: `${topic}/${message.partition}/${message.offset}`,
          [DEAD_LETTER_HEADERS.at]: at,
        },
      })),
    );
  }
}
