import { Env } from '@tributary/platform';
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

export interface ReadMessage {
  partition: number;
  offset: string;
  value: string;
  headers: Record<string, string>;
}

/** Every message of a topic, from its start to its end as it is when called. */
export async function readTopic(env: Env, topic: string, timeoutMs = 30_000): Promise<ReadMessage[]> {
  const kafka = testKafka(env);
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const expected = ends.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  const messages: ReadMessage[] = [];
  if (expected === 0) return messages;
  const consumer = kafka.consumer({ groupId: `topic-reader-${topic}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        messages.push({ partition, offset: message.offset, value: message.value?.toString() ?? '', headers });
      },
    });
    await waitFor(`all ${expected} messages of ${topic}`, async () => (messages.length >= expected ? true : undefined), timeoutMs);
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
