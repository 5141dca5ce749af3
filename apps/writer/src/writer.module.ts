import { DynamicModule, Module } from '@nestjs/common';
import {
  ClickHouseConfig,
  ClickHouseModule,
  ClickHouseReadiness,
  createKafka,
  ensureTopic,
  healthEndpoints,
  KafkaConfig,
  KafkajsPublisher,
  KafkajsSubscriber,
  MessagePublisher,
  MessageSubscriber,
  MetricsModule,
  SubscriberReadiness,
} from '@tributary/platform';
import { Kafka } from 'kafkajs';
import { BatchWriter } from './ingest/batch-writer.service';
import { ClickHouseEventStore } from './ingest/clickhouse-event-store';
import { ConsumerLoop } from './ingest/consumer-loop';
import { DeadLetters } from './ingest/dead-letters';
import { EventStore } from './ingest/event-store';
import { WriterMetrics } from './ingest/writer.metrics';
import { WriterConfig } from './writer.config';

export interface WriterSettings {
  kafka: KafkaConfig;
  clickhouse: ClickHouseConfig;
  writer: WriterConfig;
}

const DEAD_LETTER_PUBLISH_TIMEOUT_MS = 30_000;

@Module({})
export class WriterModule {
  static forRoot({ kafka, clickhouse, writer }: WriterSettings): DynamicModule {
    const health = healthEndpoints([SubscriberReadiness, ClickHouseReadiness]);
    return {
      module: WriterModule,
      imports: [MetricsModule, ClickHouseModule.forRoot(clickhouse)],
      controllers: health.controllers,
      providers: [
        ...health.providers,
        { provide: KafkaConfig, useValue: kafka },
        { provide: WriterConfig, useValue: writer },
        {
          provide: Kafka,
          useFactory: async () => {
            const client = createKafka(kafka, 'writer');
            await ensureTopic(client, kafka.KAFKA_TOPIC, kafka.KAFKA_TOPIC_PARTITIONS);
            await ensureTopic(client, kafka.deadLetterTopic, kafka.KAFKA_TOPIC_PARTITIONS);
            return client;
          },
        },
        { provide: MessageSubscriber, useFactory: (client: Kafka) => new KafkajsSubscriber(client), inject: [Kafka] },
        {
          provide: MessagePublisher,
          useFactory: (client: Kafka) => new KafkajsPublisher(client, { timeoutMs: DEAD_LETTER_PUBLISH_TIMEOUT_MS }),
          inject: [Kafka],
        },
        { provide: EventStore, useClass: ClickHouseEventStore },
        WriterMetrics,
        DeadLetters,
        BatchWriter,
        ConsumerLoop,
      ],
    };
  }
}
