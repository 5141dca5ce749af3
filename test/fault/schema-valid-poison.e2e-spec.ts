import { createClient } from '@clickhouse/client';
import { DEAD_LETTER_HEADERS } from '@tributary/contracts';
import { KafkaConfig, loadConfig } from '@tributary/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { readTopic } from '../support/kafka-probe';
import { waitFor } from '../support/wait-for';
import { useFaultPlatform } from './support/fault-platform';
import { Ledger, REFUSED_USER } from './support/ledger';
import { Traffic } from './support/traffic';
import { expectExactlyOnce, verify } from './support/verify';

/**
 * Events that pass every validation but that ClickHouse refuses: here, a constraint added to the
 * events table, as an operator might; the same holds for any value a column cannot take.
 */
describe('fault: schema-valid poison, valid events ClickHouse refuses, interleaved over four partitions', () => {
  const fault = useFaultPlatform({ writers: 2 });

  it('dead-letters exactly the refused events with ClickHouse error, counts every other once, and stays ready', async () => {
    const platform = fault();
    const clickhouse = createClient({ url: String(platform.env.CLICKHOUSE_URL), database: String(platform.env.CLICKHOUSE_DATABASE) });
    await clickhouse.command({ query: `ALTER TABLE events ADD CONSTRAINT refuses_poison CHECK user_id != '${REFUSED_USER}'` });
    await clickhouse.close();

    const traffic = await new Traffic(platform, new Ledger('fault_schema_valid_poison'), { refusedByClickHouse: true }).start();
    await sleep(10_000);
    await traffic.stop();
    const report = await verify('schema-valid poison', platform, traffic.ledger);
    expectExactlyOnce(report, traffic.ledger);

    const refused = traffic.ledger.refusedAcknowledged;
    expect(refused.size).toBeGreaterThan(50);
    const letters = await readTopic(platform.env, loadConfig(KafkaConfig, platform.env).deadLetterTopic);
    expect(letters).toHaveLength(refused.size);
    for (const letter of letters) {
      expect(JSON.parse(letter.value).event.user_id).toBe(REFUSED_USER);
      expect(letter.headers[DEAD_LETTER_HEADERS.stage]).toBe('clickhouse');
      expect(letter.headers[DEAD_LETTER_HEADERS.clickhouseError]).toBe('VIOLATED_CONSTRAINT (469)');
      expect(letter.headers[DEAD_LETTER_HEADERS.reason]).toMatch(/^ClickHouse refused the row: .*refuses_poison/);
    }
    for (const writer of platform.writers) {
      await waitFor(`${writer.process.name} to answer /ready with 200`, async () => ((await fetch(`${writer.url}/ready`)).ok ? true : undefined), 15_000);
    }
  }, 240_000);
});
