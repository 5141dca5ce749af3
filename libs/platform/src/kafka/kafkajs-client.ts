import { Logger } from '@nestjs/common';
import { Admin, Kafka, logLevel, LogEntry } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { KafkaConfig } from '../config/kafka.config';
import { kafkaConnectionOptions } from './kafka-connection-options';

const logger = new Logger('kafkajs');

function logEntry({ level, log }: LogEntry): void {
  const { message, ...extra } = log;
  const text = `${message} ${JSON.stringify(extra)}`;
  if (level <= logLevel.ERROR) logger.error(text);
  else if (level === logLevel.WARN) logger.warn(text);
}

/**
 * One kafkajs client per process role, logging through Nest's logger (warnings and errors only),
 * with the configured SASL and TLS (kafka-connection-options.ts).
 */
export function createKafka(config: KafkaConfig, role: string): Kafka {
  if (config.KAFKA_TLS && !config.KAFKA_TLS_REJECT_UNAUTHORIZED) {
    logger.warn(
      `KAFKA_TLS_REJECT_UNAUTHORIZED=false: the ${role}'s Kafka client accepts ANY broker certificate; ` +
        'anyone on the network path can read and change the traffic, credentials included. Set KAFKA_TLS_CA_FILE instead.',
    );
  }
  return new Kafka({
    clientId: `${config.KAFKA_CLIENT_ID}-${role}`,
    brokers: config.brokers,
    ...kafkaConnectionOptions(config),
    connectionTimeout: 3000,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: () => logEntry,
  });
}

const TOPIC_METADATA_DEADLINE_MS = 15_000;

/**
 * Creates the topic when missing; an existing topic is left as it is. Returns once the broker
 * serves the topic's metadata: KRaft answers the creation before every broker knows the topic,
 * and a consumer subscribing in between fails with UNKNOWN_TOPIC_OR_PARTITION. kafkajs's own
 * `waitForLeaders` fails on that same answer (it retries only LEADER_NOT_AVAILABLE), so the wait
 * is ours alone.
 */
export async function ensureTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) {
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: false });
    }
    await untilMetadataServed(admin, topic);
  } finally {
    await admin.disconnect();
  }
}

async function untilMetadataServed(admin: Admin, topic: string): Promise<void> {
  const deadline = Date.now() + TOPIC_METADATA_DEADLINE_MS;
  for (;;) {
    try {
      // Every topic's metadata: a topic the broker does not know yet is missing from it, where
      // asking for it by name answers an error that kafkajs logs.
      const { topics } = await admin.fetchTopicMetadata();
      const partitions = topics.find(({ name }) => name === topic)?.partitions ?? [];
      if (partitions.length > 0 && partitions.every((partition) => partition.leader >= 0)) {
        // A leader named in the metadata may not act as one yet (KRaft hands leadership on after
        // it names it): a produce there fails, and kafkajs resends the whole request, so a send
        // of several partitions' messages stores twice those the others took. Each leader
        // answering its partition's offsets is acting as one.
        await admin.fetchTopicOffsets(topic);
        return;
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`Kafka did not serve the metadata of ${topic} within ${TOPIC_METADATA_DEADLINE_MS} ms`);
    await sleep(100);
  }
}
