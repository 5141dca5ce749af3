import { ensureTopic, KafkajsPublisher, PublishUnavailableError } from '@tributary/platform';
import { Kafka, logLevel } from 'kafkajs';
import { readTopic } from '../support/kafka-probe';
import { RunningKafka, startKafkaBroker } from '../support/kafka-broker';
import { waitFor } from '../support/wait-for';

const TOPIC = 'unanswered-produce';

/**
 * A send whose answer never came may still have been written: the broker was frozen, the
 * client gave up, and the broker appended it once thawed. The publisher's next send must not
 * be taken for a copy of that one (an idempotent producer that rewinds its sequence numbers
 * after a failure has the broker acknowledge the next batch of the same size and drop it).
 */
describe('fault: a produce request the broker answers only after the publisher gave up', () => {
  let broker: RunningKafka;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startKafkaBroker();
    // Short request timeouts: the publisher gives up on the frozen broker within seconds.
    kafka = new Kafka({ clientId: 'unanswered-produce', brokers: [broker.brokers], requestTimeout: 1000, logLevel: logLevel.NOTHING });
    await ensureTopic(kafka, TOPIC, 1);
  }, 120_000);

  afterAll(async () => {
    broker?.thaw();
    await broker?.stop();
  }, 60_000);

  it('keeps every message of the next send acknowledged after it', async () => {
    const publisher = new KafkajsPublisher(kafka, { timeoutMs: 60_000 });
    const batch = (tag: string) => Array.from({ length: 10 }, (_, i) => ({ key: `${tag}${i}`, value: `${tag}${i}` }));
    try {
      await publisher.publish(TOPIC, batch('warm-up-'));
      await broker.freeze();
      const unanswered = await publisher.publish(TOPIC, batch('unanswered-')).then(
        () => 'acknowledged',
        (error: Error) => (error instanceof PublishUnavailableError ? 'unavailable' : error.message),
      );
      broker.thaw();
      await publisher.publish(TOPIC, batch('after-'));

      // Just thawed, the broker may answer "not the leader" for a moment.
      const messages = await waitFor(`the thawed broker to serve ${TOPIC}`, () => readTopic({ KAFKA_BROKERS: broker.brokers }, TOPIC), 60_000);
      const stored = new Set(messages.map((m) => m.value?.toString()));
      expect(unanswered).toBe('unavailable');
      expect(batch('after-').filter(({ value }) => !stored.has(value))).toEqual([]);
    } finally {
      broker.thaw();
      await publisher.disconnect();
    }
  }, 120_000);
});
