import { createClient } from '@clickhouse/client';
import { KafkaConfig, loadConfig } from '@tributary/platform';
import { testKafka, waitForWriterCaughtUp } from '../../support/kafka-probe';
import { Metrics, metricsOf } from '../../support/platform';
import { FaultPlatform } from './fault-platform';
import { Ledger } from './ledger';

export interface ScenarioReport {
  line: string;
  lost: string[];
  countedTwice: number;
  unexpected: string[];
  deadLettered: number;
  metrics: Metrics;
}

/**
 * Once the writers have committed everything, compares what is stored and counted with the
 * ledger: every acknowledged event counted exactly once, nothing counted that was not sent.
 */
export async function verify(scenario: string, platform: FaultPlatform, ledger: Ledger): Promise<ScenarioReport> {
  await waitForWriterCaughtUp(platform.env, 90_000).catch((error: Error) => {
    const logs = platform.writers.map(({ process: w }) => `--- ${w.name} (${w.running ? 'running' : 'ended'}):\n${w.tail(15)}`).join('\n');
    throw new Error(`${error.message}\n${logs}`);
  });
  const copies = await storedCopies(platform, ledger.eventName);
  const metrics = await metricsOf(platform, { event_name: ledger.eventName });
  const lost = [...ledger.acknowledged].filter((id) => !copies.has(id));
  const unexpected = [...copies.keys()].filter((id) => !ledger.sent.has(id));
  const countedTwice = [...copies.values()].filter((n) => n > 1).length + Math.max(0, metrics.total_count - copies.size);
  const deadLettered = await messagesIn(platform, loadConfig(KafkaConfig, platform.env).deadLetterTopic);
  const line =
    `${scenario}: sent ${ledger.copiesSent} (${ledger.sent.size} events), acknowledged ${ledger.copiesAcknowledged} (${ledger.acknowledged.size} events), ` +
    `counted ${metrics.total_count}, duplicates suppressed ${ledger.copiesAcknowledged - ledger.acknowledged.size}, ` +
    `dead-lettered ${deadLettered}, lost ${lost.length}, counted twice ${countedTwice}; answers ${JSON.stringify(Object.fromEntries(ledger.answers))}`;
  process.stdout.write(`\n[fault] ${line}\n`);
  return { line, lost, countedTwice, unexpected, deadLettered, metrics };
}

/** Rows per id as the metrics see them (FINAL): more than one would be counted twice. */
async function storedCopies(platform: FaultPlatform, name: string): Promise<Map<string, number>> {
  const client = createClient({ url: String(platform.env.CLICKHOUSE_URL), database: String(platform.env.CLICKHOUSE_DATABASE) });
  try {
    const result = await client.query({
      query: 'SELECT toString(id) AS event_key, count() AS copies FROM events FINAL WHERE name = {name:String} GROUP BY event_key',
      query_params: { name },
      format: 'JSONEachRow',
    });
    return new Map((await result.json<{ event_key: string; copies: number }>()).map((r) => [r.event_key, Number(r.copies)]));
  } finally {
    await client.close();
  }
}

async function messagesIn(platform: FaultPlatform, topic: string): Promise<number> {
  const admin = testKafka(platform.env).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** The promise of every scenario: each acknowledged event counted once, nothing else counted. */
export function expectExactlyOnce(report: ScenarioReport, ledger: Ledger): void {
  expect(report.lost).toEqual([]);
  expect(report.countedTwice).toBe(0);
  expect(report.unexpected).toEqual([]);
  expect(report.metrics.total_count).toBeGreaterThanOrEqual(ledger.acknowledged.size);
  expect(ledger.acknowledged.size).toBeGreaterThan(200);
}
