import { clickHouseTime, ClickHouseConfig, ErasureStore, loadConfig, openClickHouse, SchemaConfig } from '@tributary/platform';
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

/**
 * The store's deletes keep the users of distinct_users those of the events left: the request's
 * (every stored event of the user), then the writer's (late copies among a batch's ids), which
 * keeps a new event of the user and its rows.
 */
describe("the erasure's deletes, in distinct_users", () => {
  const config = loadConfig(ClickHouseConfig, { CLICKHOUSE_URL: requiredTestEnv(TEST_ENV.clickhouseUrl), CLICKHOUSE_DATABASE: `test_erasure_users_${randomBytes(4).toString('hex')}` });
  const schema = loadConfig(SchemaConfig, {});
  let client: ClickHouseClient;

  beforeAll(async () => {
    client = await openClickHouse(config, schema);
  }, 60_000);

  afterAll(async () => {
    await client?.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client?.close();
  });

  const OLD = '2025-11-12 10:00:00.000';
  const event = (id: string, user: string, time: string, receivedAt = time) => ({ id, project: 'shop', name: 'view', channel_type: 'web', event_time: time, received_at: receivedAt, user_id: user, user_key: user });
  const store = async (...events: ReturnType<typeof event>[]): Promise<void> => {
    await client.insert({ table: 'events', values: events, format: 'JSONEachRow' });
  };
  /** shop's rows of distinct_users as `user all` or `user breakdown group_key`. */
  const rows = async (): Promise<string[]> => {
    const result = await client.query({
      query: `SELECT concat(multiIf(user_hash = xxh3_128('alice'), 'alice', user_hash = xxh3_128('bob'), 'bob', '?'), ' ', if(breakdown = '', 'all', concat(breakdown, ' ', group_key))) AS row
              FROM distinct_users FINAL WHERE project = 'shop' ORDER BY row`,
      format: 'JSONEachRow',
    });
    return (await result.json<{ row: string }>()).map((r) => r.row);
  };
  const rowsOfUser = (user: string, time: string): string[] => [`${user} all`, `${user} channel web`, `${user} day ${time.slice(0, 10)}`, `${user} hour ${time.slice(0, 13)}:00:00`];

  it("the request's delete takes the user's rows and keeps the others'; the writer's keeps only a new event's", async () => {
    const erasures = new ErasureStore(client, config, schema);
    await store(event('00000000-0000-8000-8000-00000000a001', 'alice', OLD), event('00000000-0000-8000-8000-00000000b001', 'bob', OLD));
    expect(await rows()).toEqual([...rowsOfUser('alice', OLD), ...rowsOfUser('bob', OLD)].sort());

    const requestedAt = new Date();
    const erasure = { project: 'shop', user_id: 'alice', requested_at: requestedAt.toISOString() };
    await erasures.eraseStored(erasure);
    expect(await rows()).toEqual(rowsOfUser('bob', OLD));

    // A batch bringing a late copy (dated before the erasure, received after) and a new event of Alice.
    const later = (ms: number): string => clickHouseTime(new Date(requestedAt.getTime() + ms).toISOString());
    const lateCopy = event('00000000-0000-8000-8000-00000000a001', 'alice', OLD, later(1000));
    const fresh = event('00000000-0000-8000-8000-00000000a002', 'alice', later(60_000));
    await store(lateCopy, fresh);
    expect(await rows()).toContain(`alice day ${OLD.slice(0, 10)}`);
    await erasures.eraseArrived(erasure, [lateCopy.id]);
    expect(await rows()).toEqual([...rowsOfUser('alice', fresh.event_time), ...rowsOfUser('bob', OLD)].sort());
  });
});
