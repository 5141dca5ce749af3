import { createKafka, ensureTopic, InboundMessage, KafkaConfig, KafkajsPublisher, KafkajsTopicReader, loadConfig } from '@tributary/platform';
import { isolatedEnv } from '../support/platform';

/** The TopicReader port's kafkajs adapter (what `npm run dlq` reads with), and what the publisher keeps of a message. */
describe('the Kafka topic reader', () => {
  const config = loadConfig(KafkaConfig, isolatedEnv());
  const kafka = createKafka(config, 'topic-reader-test');
  const reader = new KafkajsTopicReader(kafka, `${config.KAFKA_TOPIC}-reader`);
  const publisher = new KafkajsPublisher(kafka, { timeoutMs: 10_000 });
  const topic = config.KAFKA_TOPIC;

  beforeAll(() => ensureTopic(kafka, topic, 3));
  afterAll(() => publisher.disconnect());

  it('hands over every message from the start to the end it had, once, each partition in order; then ends', async () => {
    const timestamp = new Date('2025-11-28T10:15:02.113Z');
    await publisher.publish(
      topic,
      Array.from({ length: 60 }, (_, i) => ({ key: Buffer.from([0xff, i]), value: `v${i}`, headers: { n: String(i) }, timestamp })),
    );
    const read: InboundMessage[] = [];
    await reader.read(topic, async ({ messages }) => {
      // Published during the read: after the end it started with, so not handed over.
      if (read.length === 0) await publisher.publish(topic, [{ key: 'late', value: 'late' }]);
      read.push(...messages);
    });
    expect(read.map((m) => m.value?.toString()).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `v${i}`).sort());
    for (const partition of new Set(read.map((m) => m.partition))) {
      const offsets = read.filter((m) => m.partition === partition).map((m) => Number(m.offset));
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
    const first = read.find((m) => m.value?.toString() === 'v7')!;
    expect(first).toMatchObject({ key: Buffer.from([0xff, 7]), headers: { n: '7' }, timestamp });
  });

  it('ends at once on an empty topic, and names a missing one', async () => {
    const empty = `${topic}.empty`;
    await ensureTopic(kafka, empty, 2);
    const handled: unknown[] = [];
    await reader.read(empty, async (batch) => void handled.push(batch));
    expect(handled).toEqual([]);
    await expect(reader.read(`${topic}.missing`, async () => undefined)).rejects.toThrow(`topic ${topic}.missing does not exist`);
  });
});
