import { createKafka, ensureTopic, KafkaConfig, loadConfig } from '@tributary/platform';
import { Admin } from 'kafkajs';
import { testKafka } from '../support/kafka-probe';
import { isolatedEnv } from '../support/platform';

describe('ensureTopic: the topic a writer or gateway boots on', () => {
  const config = loadConfig(KafkaConfig, isolatedEnv());
  const created: string[] = [];
  let admin: Admin;

  beforeAll(async () => {
    admin = testKafka({ KAFKA_BROKERS: config.KAFKA_BROKERS }).admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: created });
    await admin.disconnect();
  });

  function freshTopic(name: string): string {
    const topic = `${config.KAFKA_TOPIC}.${name}`;
    created.push(topic);
    return topic;
  }

  async function leadersOf(topic: string): Promise<boolean[]> {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0].partitions.map((partition) => partition.leader >= 0);
  }

  it('returns, topic after topic, only once every partition of the new topic has a leader', async () => {
    const kafka = createKafka(config, 'ensure-topic-test');
    for (let i = 0; i < 10; i++) {
      const topic = freshTopic(`fresh-${i}`);
      await ensureTopic(kafka, topic, 4);
      expect(await leadersOf(topic)).toEqual([true, true, true, true]);
    }
  }, 120_000);

  it('lets two processes create the same topic at once', async () => {
    const topic = freshTopic('raced');
    await Promise.all([
      ensureTopic(createKafka(config, 'ensure-topic-a'), topic, 3),
      ensureTopic(createKafka(config, 'ensure-topic-b'), topic, 3),
    ]);
    expect(await leadersOf(topic)).toEqual([true, true, true]);
  }, 60_000);

  it('leaves an existing topic as it is', async () => {
    const topic = freshTopic('existing');
    const kafka = createKafka(config, 'ensure-topic-test');
    await ensureTopic(kafka, topic, 2);
    await ensureTopic(kafka, topic, 5);
    expect(await leadersOf(topic)).toEqual([true, true]);
  }, 60_000);
});
