import { DEAD_LETTER_HEADERS, EVENT_MESSAGE_CONTENT_TYPE } from '@tributary/contracts';
import { KafkaConfig, loadConfig } from '@tributary/platform';
import { Consumer, Producer } from 'kafkajs';
import { testKafka, waitForWriterCaughtUp } from '../support/kafka-probe';
import { metricsOf, startPlatform, TestPlatform, waitForCount } from '../support/platform';
import { waitFor } from '../support/wait-for';

interface DeadLetter {
  value: string;
  headers: Record<string, string>;
}

describe('an internal service producing straight to Kafka', () => {
  let platform: TestPlatform;
  let producer: Producer;
  let dlqConsumer: Consumer;
  const deadLetters: DeadLetter[] = [];

  beforeAll(async () => {
    platform = await startPlatform();
    const kafka = testKafka(platform.env);
    producer = kafka.producer();
    await producer.connect();
    dlqConsumer = kafka.consumer({ groupId: `dlq-reader-${platform.env.KAFKA_TOPIC}` });
    await dlqConsumer.connect();
    await dlqConsumer.subscribe({ topic: loadConfig(KafkaConfig, platform.env).deadLetterTopic, fromBeginning: true });
    await dlqConsumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        deadLetters.push({ value: message.value?.toString() ?? '', headers });
      },
    });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await dlqConsumer?.disconnect();
    await platform?.stop();
  });

  /** Keyed by the event's id where it has one, as docs/kafka-message-format.md asks. */
  const produce = (values: string[]) =>
    producer.send({
      topic: String(platform.env.KAFKA_TOPIC),
      messages: values.map((value) => ({ key: keyOf(value), value, headers: { 'content-type': EVENT_MESSAGE_CONTENT_TYPE } })),
    });

  it('has its events counted, with or without id and enrichment', async () => {
    const timed = JSON.stringify({ v: 1, event: { name: 'job_done', channel_type: 'other', user_id: 'svc-1', timestamp: 1705314600 } });
    await produce([
      timed,
      timed,
      JSON.stringify({ v: 1, event: { name: 'job_done', channel_type: 'other', user_id: 'svc-2' } }),
      JSON.stringify({ v: 1, received_at: '2024-01-15T10:00:00Z', client_ip: '10.0.0.1', event: { name: 'job_done', channel_type: 'desktop', user_id: 'svc-1' } }),
    ]);
    await waitForCount(platform, 'job_done', 3, { group_by: 'channel' });
    // Counts read during an insert may lead its users (docs/metrics-api.md): once written, they agree.
    await waitForWriterCaughtUp(platform.env);
    const metrics = await metricsOf(platform, { event_name: 'job_done', group_by: 'channel' });
    expect(metrics.grouped_metrics).toEqual([
      { group_key: 'desktop', total_count: 1, unique_user_count: 1 },
      { group_key: 'other', total_count: 2, unique_user_count: 2 },
    ]);
    expect(metrics.unique_user_count).toBe(2);
  });

  it('has canonical events (message v2) counted once: with its own id, keyed by content, or by their place in the log', async () => {
    const withId = JSON.stringify({ v: 2, event: { id: '0b9e5f3e-1b2c-8d4e-9f00-112233445566', source: 'billing', name: 'invoice_paid', channel: 'server', user_id: 'acct-1' } });
    const timed = JSON.stringify({ v: 2, event: { source: 'billing', name: 'invoice_paid', channel: 'server', user_id: 'acct-2', time: '2024-01-15T10:00:00Z', properties: { amount: 12.5 } } });
    const untimed = JSON.stringify({ v: 2, event: { source: 'billing', name: 'invoice_paid', channel: 'server', user_id: 'acct-3' } });
    await produce([withId, timed, untimed]);
    await waitForCount(platform, 'invoice_paid', 3);
    await waitForWriterCaughtUp(platform.env);
    const metrics = await metricsOf(platform, { event_name: 'invoice_paid' });
    // The copies come later, in messages of other timestamps: the undated one is aligned by its id.
    await produce([withId, timed]);
    await waitForWriterCaughtUp(platform.env);
    expect(await metricsOf(platform, { event_name: 'invoice_paid' })).toEqual(metrics);
    expect([metrics.total_count, metrics.unique_user_count]).toEqual([3, 3]);
  });

  it('sends malformed messages to the dead-letter topic with the reason, and keeps writing', async () => {
    const poison = [
      'not json at all',
      JSON.stringify({ v: 3, event: { name: 'x', channel_type: 'web' } }),
      JSON.stringify({ v: 2, event: { name: 'x', channel: 'web', colour: 'red' } }),
      JSON.stringify({ v: 1, event: { name: '', channel_type: 'fax' } }),
    ];
    await produce([...poison, JSON.stringify({ v: 1, event: { name: 'after_poison', channel_type: 'web', user_id: 'u' } })]);
    await waitForCount(platform, 'after_poison', 1);
    const arrived = await waitFor('4 dead letters', async () => (deadLetters.length >= 4 ? deadLetters : undefined));
    // The dead-letter topic has several partitions: put the letters back in the order sent.
    const letters = [...arrived].sort((a, b) => poison.indexOf(a.value) - poison.indexOf(b.value));
    expect(letters.map((l) => l.value)).toEqual(poison);
    expect(letters.map((l) => l.headers[DEAD_LETTER_HEADERS.reason])).toEqual([
      expect.stringContaining('value is not valid JSON'),
      'v must be 1 or 2, got 3',
      'event.source is required; event.colour is not a known field',
      'event.name must not be empty; event.channel_type must be one of web, mobile, desktop, tv, console, other',
    ]);
    for (const letter of letters) {
      expect(letter.headers['content-type']).toBe(EVENT_MESSAGE_CONTENT_TYPE);
      expect(letter.headers[DEAD_LETTER_HEADERS.source]).toMatch(new RegExp(`^${platform.env.KAFKA_TOPIC}/\\d+/\\d+$`));
    }
  });
});

function keyOf(value: string): string | null {
  try {
    return (JSON.parse(value) as { event?: { id?: string } }).event?.id ?? null;
  } catch {
    return null;
  }
}
