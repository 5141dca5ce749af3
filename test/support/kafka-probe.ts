import { createKafka, Env, InboundMessage, KafkaConfig, KafkajsTopicReader, loadConfig } from '@tributary/platform';
import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from './wait-for';

export function testKafka(env: Env): Kafka {
  return new Kafka({ clientId: 'tributary-test', brokers: String(env.KAFKA_BROKERS).split(','), logLevel: logLevel.NOTHING });
}

/**
 * Waits until the writer's group has committed every message of its topic: after that, every
 * copy of every event sent so far has been through the writer.
 */
export async function waitForWriterCaughtUp(env: Env, timeoutMs = 30_000): Promise<void> {
  const admin = testKafka(env).admin();
  await admin.connect();
  try {
    await waitFor(`writer group ${env.WRITER_GROUP_ID} to commit up to the end of ${env.KAFKA_TOPIC}`, async () => {
      const ends = await admin.fetchTopicOffsets(String(env.KAFKA_TOPIC));
      const [committed] = await admin.fetchOffsets({ groupId: String(env.WRITER_GROUP_ID), topics: [String(env.KAFKA_TOPIC)] });
      const behind = ends.filter((end) => {
        const done = committed.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        return BigInt(end.high) > 0n && BigInt(done) < BigInt(end.high);
      });
      return behind.length === 0 ? true : undefined;
    }, timeoutMs);
  } finally {
    await admin.disconnect();
  }
}

/** Every message of a topic, from its start to its end as it is when called: the platform's TopicReader, as `npm run dlq` reads. */
export async function readTopic(env: Env, topic: string): Promise<InboundMessage[]> {
  const config = loadConfig(KafkaConfig, env);
  const messages: InboundMessage[] = [];
  await new KafkajsTopicReader(createKafka(config, 'test-reader'), `${config.KAFKA_CLIENT_ID}-test-reader`).read(topic, async (batch) => {
    messages.push(...batch.messages);
  });
  return messages;
}
