import { ClickHouseClient, createClient } from '@clickhouse/client';
import { DEAD_LETTER_HEADERS } from '@tributary/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { InboundMessage, KafkaConfig, loadConfig } from '@tributary/platform';
import { readTopic } from '../support/kafka-probe';
import { waitFor } from '../support/wait-for';
import { FaultPlatform, useFaultPlatform } from './support/fault-platform';
import { Ledger, REFUSED_USER } from './support/ledger';
import { Traffic } from './support/traffic';
import { expectExactlyOnce, verify } from './support/verify';

/**
 * Events that pass every validation but that ClickHouse refuses: here, a constraint added to the
 * events table, as an operator might; the same holds for any value a column cannot take. One such
 * event rides in every request, so nearly every batch is split.
 */
async function onClickHouse<T>(platform: FaultPlatform, work: (client: ClickHouseClient) => Promise<T>): Promise<T> {
  const client = createClient({ url: String(platform.env.CLICKHOUSE_URL), database: String(platform.env.CLICKHOUSE_DATABASE) });
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

function refuseInClickHouse(platform: FaultPlatform): Promise<void> {
  return onClickHouse(platform, (client) => client.command({ query: `ALTER TABLE events ADD CONSTRAINT refuses_poison CHECK user_id != '${REFUSED_USER}'` }).then(() => undefined));
}

/** The tables the writers made to find refused rows, left behind. */
function probeTables(platform: FaultPlatform): Promise<string[]> {
  return onClickHouse(platform, async (client) => {
    const result = await client.query({ query: "SELECT name FROM system.tables WHERE database = currentDatabase() AND name LIKE 'events_refusal_probe_%'", format: 'JSONEachRow' });
    return (await result.json<{ name: string }>()).map(({ name }) => name);
  });
}

async function deadLetters(platform: FaultPlatform): Promise<InboundMessage[]> {
  return readTopic(platform.env, loadConfig(KafkaConfig, platform.env).deadLetterTopic);
}

function expectRefusedLetters(letters: InboundMessage[], refused: Set<string>): void {
  for (const letter of letters) {
    expect(JSON.parse(String(letter.value)).event.user_id).toBe(REFUSED_USER);
    expect(letter.headers[DEAD_LETTER_HEADERS.stage]).toBe('clickhouse');
    expect(letter.headers[DEAD_LETTER_HEADERS.clickhouseError]).toBe('VIOLATED_CONSTRAINT (469)');
    expect(letter.headers[DEAD_LETTER_HEADERS.reason]).toMatch(/^ClickHouse refused the row: .*refuses_poison/);
  }
  const sources = new Set(letters.map((letter) => letter.headers[DEAD_LETTER_HEADERS.source]));
  expect(sources.size).toBe(refused.size);
}

async function expectAllReady(platform: FaultPlatform): Promise<void> {
  for (const writer of platform.writers.filter((w) => w.process.running)) {
    await waitFor(`${writer.process.name} to answer /ready with 200`, async () => ((await fetch(`${writer.managementUrl}/ready`)).ok ? true : undefined), 15_000);
  }
}

/** Traffic with one refused event in every request, while `during` runs; then the exactly-once check. */
async function sendWithRefusals(platform: FaultPlatform, scenario: string, during: () => Promise<void>): Promise<Ledger> {
  await refuseInClickHouse(platform);
  const traffic = await new Traffic(platform, new Ledger(`fault_${scenario.replace(/\W+/g, '_')}`), { refusedByClickHouse: true }).start();
  await during();
  await traffic.stop();
  expectExactlyOnce(await verify(scenario, platform, traffic.ledger), traffic.ledger);
  return traffic.ledger;
}

describe('fault: schema-valid poison, valid events ClickHouse refuses, interleaved over four partitions', () => {
  const fault = useFaultPlatform({ writers: 2 });

  it('dead-letters exactly the refused events with ClickHouse error, counts every other once, and stays ready', async () => {
    const platform = fault();
    const ledger = await sendWithRefusals(platform, 'schema-valid poison', () => sleep(10_000));
    const refused = ledger.refusedAcknowledged;
    expect(refused.size).toBeGreaterThan(50);
    const letters = await deadLetters(platform);
    expect(letters).toHaveLength(refused.size);
    expectRefusedLetters(letters, refused);
    await expectAllReady(platform);
    expect(await probeTables(platform)).toEqual([]);
  }, 240_000);
});

describe('fault: schema-valid poison while writers are killed (kill -9) in the middle of splitting batches', () => {
  const fault = useFaultPlatform({ writers: 2 });

  it('splits every redelivered batch the same way: nothing lost, nothing counted twice, every refused event dead-lettered', async () => {
    const platform = fault();
    const ledger = await sendWithRefusals(platform, 'schema-valid poison, writer kill -9 x3', async () => {
      await platform.killWritersInTurn(3, 4000);
      await sleep(2000);
    });
    // A writer killed after sending dead letters and before its commit sends them again: at least once.
    expectRefusedLetters(await deadLetters(platform), ledger.refusedAcknowledged);
    await expectAllReady(platform);
  }, 240_000);
});
