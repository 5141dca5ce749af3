import { DEAD_LETTER_HEADERS, tributaryIdOf, EVENT_MESSAGE_CONTENT_TYPE } from '@tributary/contracts';
import { KafkaConfig, loadConfig } from '@tributary/platform';
import { execFile } from 'node:child_process';
import { Admin, Producer } from 'kafkajs';
import { mainOf } from '../../bench/support/platform';
import { testAppHome } from '../support/app-home';
import { testKafka, waitForWriterCaughtUp } from '../support/kafka-probe';
import { metricsOf, startPlatform, TestPlatform, waitForCount } from '../support/platform';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const CLI_TIMEOUT_MS = 45_000;

/** `npm run dlq`, as a user runs it: the built apps/dlq, in its own process, with the platform's settings. */
function runDlq(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  const home = testAppHome('dlq');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [mainOf(home.repoRoot, 'dlq'), ...args], { env, timeout: CLI_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error?.killed) reject(new Error(`dlq ${args.join(' ')} did not end within ${CLI_TIMEOUT_MS} ms; stderr: ${stderr}`));
      else if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** Two valid events the writer once dead-lettered: one with an event_id, one with neither id nor time. */
const withEventId = { name: 'dlq_replayed', channel_type: 'web', user_id: 'u-1', event_id: 'order-1' } as const;
const keyless = { name: 'dlq_replayed', channel_type: 'mobile', user_id: 'u-2' } as const;

describe('dead letters listed and replayed with npm run dlq', () => {
  let platform: TestPlatform;
  let producer: Producer;
  let admin: Admin;
  const dlq = (...args: string[]) => runDlq(platform.env, ...args);
  const topic = () => String(platform.env.KAFKA_TOPIC);

  beforeAll(async () => {
    platform = await startPlatform();
    const kafka = testKafka(platform.env);
    producer = kafka.producer();
    admin = kafka.admin();
    await Promise.all([producer.connect(), admin.connect()]);
    // As the writer writes them: original key and value, the dead-letter headers; all on partition 0.
    const deadLetter = (event: object, key: string | null, source: string, headers: Record<string, string>) => ({
      partition: 0,
      key,
      value: JSON.stringify({ v: 1, event }),
      headers: { 'content-type': EVENT_MESSAGE_CONTENT_TYPE, [DEAD_LETTER_HEADERS.at]: '2025-11-28T10:15:02.113Z', [DEAD_LETTER_HEADERS.source]: source, ...headers },
    });
    await producer.send({
      topic: loadConfig(KafkaConfig, platform.env).deadLetterTopic,
      acks: -1,
      messages: [
        deadLetter(withEventId, tributaryIdOf(withEventId)!, `${topic()}/0/1000`, {
          [DEAD_LETTER_HEADERS.reason]: 'ClickHouse refused the row',
          [DEAD_LETTER_HEADERS.stage]: 'clickhouse',
          [DEAD_LETTER_HEADERS.clickhouseError]: 'VIOLATED_CONSTRAINT (469)',
        }),
        deadLetter(keyless, null, `${topic()}/1/1001`, {
          [DEAD_LETTER_HEADERS.reason]: 'event.user_id must be at most 1 character',
          [DEAD_LETTER_HEADERS.stage]: 'validation',
        }),
      ],
    });
  });

  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await platform?.stop();
  });

  const eventsInTopic = async () => (await admin.fetchTopicOffsets(topic())).reduce((sum, { high }) => sum + Number(high), 0);
  const countOf = async () => (await metricsOf(platform, { event_name: 'dlq_replayed' })).total_count;

  it('lists each dead letter with its place, stage, source and reason, then how many', async () => {
    const list = await dlq('list');
    expect(list).toMatchObject({ code: 0 });
    const lines = list.stdout.trim().split('\n');
    expect(lines).toEqual([
      `0:0  2025-11-28T10:15:02.113Z  clickhouse  from ${topic()}/0/1000  ClickHouse refused the row (ClickHouse: VIOLATED_CONSTRAINT (469))`,
      `0:1  2025-11-28T10:15:02.113Z  validation  from ${topic()}/1/1001  event.user_id must be at most 1 character`,
      '2 dead letters',
    ]);

    const json = await dlq('list', '--json', '--limit', '1');
    expect(json.stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ dlq: '0:0', source: `${topic()}/0/1000`, reason: 'ClickHouse refused the row', key: tributaryIdOf(withEventId) }),
    ]);
    expect(json.stderr).toContain('2 dead letters, the first 1 shown');
  });

  it('refuses a selector that is not in the dead-letter topic, naming it, and publishes nothing', async () => {
    const before = await eventsInTopic();
    const replay = await dlq('replay', '0:1', '0:7');
    expect(replay.code).toBe(1);
    expect(replay.stderr).toContain(`not in ${topic()}.dlq: 0:7; nothing replayed`);
    expect(await eventsInTopic()).toBe(before);
  });

  it('answers a wrong command line with the usage and exit code 2', async () => {
    const wrong = await dlq('replay', '--everything');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('usage: npm run dlq');
  });

  it('replays them to the events topic, where the writer counts them', async () => {
    const replay = await dlq('replay', '--all');
    expect(replay).toMatchObject({ code: 0 });
    expect(replay.stdout).toContain(`2 dead letters replayed to ${topic()}`);
    await waitForCount(platform, 'dlq_replayed', 2);
  });

  it('counts a dead letter replayed twice once, keyless or not', async () => {
    expect(await dlq('replay', '--all')).toMatchObject({ code: 0 });
    await waitForWriterCaughtUp(platform.env);
    expect(await countOf()).toBe(2);
  });
});
