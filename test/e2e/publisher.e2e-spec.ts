import { createKafka, ensureTopic, KafkaConfig, KafkajsPublisher, loadConfig, PublishUnavailableError } from '@tributary/platform';
import { testKafka } from '../support/kafka-probe';
import { isolatedEnv } from '../support/platform';

describe('the Kafka publisher (group commit over kafkajs)', () => {
  const config = loadConfig(KafkaConfig, isolatedEnv());
  const kafka = createKafka(config, 'publisher-test');
  const topic = config.KAFKA_TOPIC;

  beforeAll(() => ensureTopic(kafka, topic, 2));

  async function messagesIn(name: string): Promise<number> {
    const admin = testKafka({ KAFKA_BROKERS: config.KAFKA_BROKERS }).admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(name);
      return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    } finally {
      await admin.disconnect();
    }
  }

  it('acknowledges many concurrent publishes, every message in the topic once', async () => {
    const publisher = new KafkajsPublisher(kafka, { timeoutMs: 10_000 });
    try {
      const before = await messagesIn(topic);
      await Promise.all(
        Array.from({ length: 300 }, (_, i) => publisher.publish(topic, [{ key: `k${i}`, value: `v${i}` }, { key: `k${i}b`, value: `v${i}b` }])),
      );
      expect((await messagesIn(topic)) - before).toBe(600);
    } finally {
      await publisher.disconnect();
    }
  });

  it("acknowledges a publish larger than the broker takes in one request (message.max.bytes, 1 MiB), every message in the topic", async () => {
    const publisher = new KafkajsPublisher(kafka, { timeoutMs: 20_000 });
    try {
      const before = await messagesIn(topic);
      const value = 'x'.repeat(1000);
      // One key: a single partition's share of the send, the part the broker bounds.
      await publisher.publish(topic, Array.from({ length: 3000 }, () => ({ key: 'one-partition', value })));
      expect((await messagesIn(topic)) - before).toBe(3000);
    } finally {
      await publisher.disconnect();
    }
  });

  it('refuses at once what would overflow its queue, and keeps serving after', async () => {
    const publisher = new KafkajsPublisher(kafka, { timeoutMs: 10_000, maxQueuedMessages: 5 });
    try {
      const three = (tag: string) => [1, 2, 3].map((n) => ({ key: `${tag}${n}`, value: `${n}` }));
      // The first goes out at once; the second waits for it (3 queued); the third would make 6.
      const results = await Promise.allSettled([publisher.publish(topic, three('a')), publisher.publish(topic, three('b')), publisher.publish(topic, three('c'))]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(PublishUnavailableError);
      await expect(publisher.publish(topic, [{ key: 'g', value: '7' }])).resolves.toBeUndefined();
    } finally {
      await publisher.disconnect();
    }
  });
});
