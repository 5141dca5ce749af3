import { ClickHouseSettings } from '@clickhouse/client';
import { DynamicModule, Module } from '@nestjs/common';
import {
  ClickHouseConfig,
  ClickHouseModule,
  ClickHouseReadiness,
  createKafka,
  ErasureStore,
  ensureTopic,
  healthEndpoints,
  KafkaConfig,
  KafkajsPublisher,
  KafkajsSubscriber,
  ManagementModule,
  MessageBatchTransport,
  MessagePublisher,
  MessageSubscriber,
  SchemaConfig,
  SubscriberReadiness,
} from '@tributary/platform';
import { Kafka } from 'kafkajs';
import { COMPACTION_CLIENT, createCompactionClient } from './compaction/clickhouse-compaction-client';
import { CompactionMetrics } from './compaction/compaction.metrics';
import { PartitionCompaction } from './compaction/clickhouse-partition-compaction';
import { BatchWriter } from './ingest/batch-writer.service';
import { ClickHouseEventStore } from './ingest/clickhouse-event-store';
import { DeadLetters } from './ingest/dead-letters';
import { ErasureSweep } from './ingest/erasure-sweep';
import { EventBatchesController } from './ingest/event-batches.controller';
import { EventStore } from './ingest/event-store';
import { WriterMetrics } from './ingest/writer.metrics';
import { WriterConfig } from './writer.config';

export interface WriterSettings {
  kafka: KafkaConfig;
  clickhouse: ClickHouseConfig;
  schema: SchemaConfig;
  writer: WriterConfig;
}

const DEAD_LETTER_PUBLISH_TIMEOUT_MS = 30_000;

/**
 * ClickHouse's `priority` on every statement of the writer's (its lookups and inserts): a server
 * runs a query of priority 1 before those of larger numbers (the query app sets none); the
 * embedded server gives the writer's waiting statements the next free session before any read,
 * so dashboards polling the shared engine do not hold back what they would read (docs/PERFORMANCE.md, Session 9).
 */
const WRITER_CLICKHOUSE_SETTINGS: ClickHouseSettings = { priority: '1' };

@Module({})
export class WriterModule {
  static forRoot({ kafka, clickhouse, schema, writer }: WriterSettings): DynamicModule {
    const health = healthEndpoints([SubscriberReadiness, ClickHouseReadiness]);
    return {
      module: WriterModule,
      imports: [ManagementModule, ClickHouseModule.forRoot(clickhouse, schema, WRITER_CLICKHOUSE_SETTINGS)],
      controllers: [...health.controllers, EventBatchesController],
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
        CompactionMetrics,
        { provide: COMPACTION_CLIENT, useFactory: () => createCompactionClient(clickhouse, writer.WRITER_COMPACTION_TIMEOUT_MS) },
        PartitionCompaction,
        DeadLetters,
        ErasureStore,
        ErasureSweep,
        BatchWriter,
        {
          provide: MessageBatchTransport,
          useFactory: (subscriber: MessageSubscriber, metrics: WriterMetrics) =>
            new MessageBatchTransport(subscriber, {
              topic: kafka.KAFKA_TOPIC,
              groupId: writer.WRITER_GROUP_ID,
              minBatchBytes: writer.WRITER_BATCH_MIN_BYTES,
              maxBatchWaitMs: writer.WRITER_BATCH_MAX_WAIT_MS,
              maxBatchBytes: writer.WRITER_BATCH_MAX_BYTES,
              sessionTimeoutMs: writer.WRITER_SESSION_TIMEOUT_MS,
              partitionsInFlight: writer.WRITER_PARTITIONS_IN_FLIGHT,
              observer: metrics,
            }),
          inject: [MessageSubscriber, WriterMetrics],
        },
      ],
    };
  }
}
