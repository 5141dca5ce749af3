import { ClickHouseConfig, ErasureStore, loadConfig, openClickHouse, SchemaConfig } from '@tributary/platform';
import { ClickHouseClient } from '@clickhouse/client';
import { randomBytes } from 'node:crypto';
import { requiredTestEnv, TEST_ENV } from '../support/test-env';

const ERASURES = 100_000;
const ERASED_IN_BATCH = 20;

/**
 * The writer's erasure lookup with many erasures recorded and a batch's worth of users, bound in
 * several chunks (the URL carries them): it finds exactly the erased ones. Its cost is the
 * bench's business (docs/guarantees.md, "Erasure").
 */
describe("the writer's erasure lookup, per batch", () => {
  const config = loadConfig(ClickHouseConfig, { CLICKHOUSE_URL: requiredTestEnv(TEST_ENV.clickhouseUrl), CLICKHOUSE_DATABASE: `test_erasure_cost_${randomBytes(4).toString('hex')}` });
  const schema = loadConfig(SchemaConfig, {});
  let client: ClickHouseClient;

  beforeAll(async () => {
    client = await openClickHouse(config, schema);
    await client.command({
      query: `INSERT INTO erasures (erasure_id, project, user_id, requested_at)
              SELECT generateUUIDv4(), 'shop', concat('erased-user-', toString(number)), now64(3) FROM numbers(${ERASURES})`,
    });
  }, 60_000);

  afterAll(async () => {
    await client?.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client?.close();
  });

  // A batch of a few hundred users, and a full batch (12,000 events) of thousands of distinct users.
  it.each([500, 4_000])('finds exactly the erased users of a batch of %i users', async (batchUsers) => {
    const store = new ErasureStore(client, config, schema);
    const pairs = Array.from({ length: batchUsers }, (_, i) => ({ project: 'shop', user_id: i < ERASED_IN_BATCH ? `erased-user-${i * 1000}` : `user-${randomBytes(8).toString('hex')}` }));
    const found = await store.latestOf(pairs);
    expect(found.map((erasure) => erasure.user_id).sort()).toEqual(pairs.slice(0, ERASED_IN_BATCH).map((pair) => pair.user_id).sort());
    // A batch without erased users finds none, nor one of a project without erasures.
    expect(await store.latestOf(pairs.slice(ERASED_IN_BATCH))).toEqual([]);
    expect(await store.latestOf(pairs.map((pair) => ({ ...pair, project: 'other' })))).toEqual([]);
  });
});
