import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { KafkaConfig, MessagePublisher, MessageSubscriber } from '@tributary/platform';
import { WriterConfig } from '../writer.config';
import { BatchWriter } from './batch-writer.service';

/** Starts consuming once the app is up; on shutdown finishes and commits the batch in hand first. */
@Injectable()
export class ConsumerLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConsumerLoop.name);

  constructor(
    private readonly subscriber: MessageSubscriber,
    private readonly publisher: MessagePublisher,
    private readonly writer: BatchWriter,
    @Inject(KafkaConfig) private readonly kafka: KafkaConfig,
    @Inject(WriterConfig) private readonly config: WriterConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.subscriber.start(
      {
        topic: this.kafka.KAFKA_TOPIC,
        groupId: this.config.WRITER_GROUP_ID,
        minBatchBytes: this.config.WRITER_BATCH_MIN_BYTES,
        maxBatchWaitMs: this.config.WRITER_BATCH_MAX_WAIT_MS,
        maxBatchBytes: this.config.WRITER_BATCH_MAX_BYTES,
        sessionTimeoutMs: this.config.WRITER_SESSION_TIMEOUT_MS,
        partitionsInFlight: this.config.WRITER_PARTITIONS_IN_FLIGHT,
      },
      (batch) => this.writer.write(batch),
    );
    this.logger.log(`consuming ${this.kafka.KAFKA_TOPIC} as group ${this.config.WRITER_GROUP_ID}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscriber.stop();
    await this.publisher.disconnect();
  }
}
