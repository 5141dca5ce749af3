import { createClient } from '@clickhouse/client';
import { EVENT_MESSAGE_CONTENT_TYPE } from '@tributary/contracts';
import { ClickHouseConfig, eraseStoredStatement, forgetDistinctUserStatement, layoutOf, loadConfig, SchemaConfig } from '@tributary/platform';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { testKafka } from '../support/kafka-probe';
import { postJson, send, settledCount, startPlatform, storedCommand, storedRows, TestPlatform } from '../support/platform';
import { waitFor } from '../support/wait-for';
import { ClickHouseEventsReader } from '../../apps/query/src/clickhouse-events-reader';
import { DistinctUsersRepository, UserCountRow } from '../../apps/query/src/distinct-users/distinct-users.repository';
import { nameCountsSql } from '../../apps/query/src/event-stats/name-counts';
import { QueryParams } from '../../apps/query/src/query-params';
import { PartsToRead, partsToRead, StoredPart } from '../../apps/query/src/stored-parts/parts-to-read';
import { STORED_PARTS_QUERY } from '../../apps/query/src/stored-parts/stored-parts.repository';

const NAME = 'exact_view';
/** Two months, so two partitions of events; users u0 to u6, and two events of no user. */
const EVENTS = Array.from({ length: 40 }, (_, i) => ({
  name: NAME,
  channel_type: i % 3 === 0 ? 'mobile' : 'web',
  ...(i % 20 === 19 ? {} : { user_id: `u${i % 7}` }),
  timestamp: Date.UTC(2025, i < 25 ? 0 : 1, 1 + (i % 20), i % 24) / 1000,
}));
/** Seed 002's log, with its own created_at: one event however often written. */
const LOG = '{"event_name":"user_signed_in","description":"a new user has code","created_at":"2022-11-14T21:01:56Z"}';
const NAMES = [NAME, 'user_signed_in'];

/** Every exact answer these events have, through the query app's fast path. */
async function answersOf(platform: TestPlatform): Promise<unknown[]> {
  const reads = [
    ...['', 'channel', 'daily', 'hourly'].map((groupBy) => `/events/metrics?event_name=${NAME}${groupBy && `&group_by=${groupBy}`}`),
    ...['channel', 'day', 'hour'].map((groupBy) => `/events/stats?event_name=${NAME}&group_by=${groupBy}&limit=1000`),
    '/api/read?event_name=user&page_size=100',
  ];
  return Promise.all(
    reads.map(async (path) => {
      const answer = await send(`${platform.queryUrl}${path}`);
      expect([path, answer.status]).toEqual([path, 200]);
      return answer.body;
    }),
  );
}

/**
 * GET /events/metrics without a range counts users as rows of distinct_users; with a range holding
 * every event, it counts the events' users: both must give every group the same figures.
 */
async function expectUnboundedAsBounded(platform: TestPlatform): Promise<void> {
  for (const groupBy of ['', 'channel', 'daily', 'hourly']) {
    const path = `/events/metrics?event_name=${NAME}${groupBy && `&group_by=${groupBy}`}`;
    const [unbounded, bounded] = await Promise.all(
      [path, `${path}&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`].map((read) => send<Record<string, unknown>>(`${platform.queryUrl}${read}`)),
    );
    const figures = ({ total_count, unique_user_count, grouped_metrics }: Record<string, unknown>) => ({ total_count, unique_user_count, grouped_metrics });
    expect([path, figures(unbounded.body)]).toEqual([path, figures(bounded.body)]);
  }
}

/** The figures straight from ClickHouse: every distinct id, every distinct non-empty user_key. */
async function truthOf(platform: TestPlatform): Promise<{ events: number; users: number; stored: number }> {
  const [row] = await storedRows<{ events: string; users: string; stored: string }>(
    platform,
    `SELECT COUNT(DISTINCT id) AS events, uniqExactIf(user_key, user_key != '') AS users, count() AS stored FROM events WHERE name = {name:String}`,
    { name: NAME },
  );
  return { events: Number(row.events), users: Number(row.users), stored: Number(row.stored) };
}

const partsOf = (platform: TestPlatform, table = 'events') =>
  storedRows<{ partition_id: string; parts: string }>(
    platform,
    `SELECT partition_id, toString(count()) AS parts FROM system.parts WHERE database = currentDatabase() AND table = {table:String} AND active GROUP BY partition_id ORDER BY partition_id`,
    { table },
  );

/** Each group's users, in one order. */
const sortedUsers = (rows: UserCountRow[]) =>
  rows.map(({ breakdown, key, users }) => ({ breakdown, key, users: Number(users) })).sort((a, b) => a.breakdown.localeCompare(b.breakdown) || a.key.localeCompare(b.key));

/** The events of NAME by UTC hour, as the query app counts them from parts looked up before (`parts`), and FINAL. */
async function hourlyCounts(platform: TestPlatform, parts: PartsToRead): Promise<{ counted: unknown[]; final: unknown[] }> {
  const params = new QueryParams();
  const counted = await storedRows<{ is_total: number; k0: string; total_count: string }>(platform, nameCountsSql(params, 'default', NAME, 'hour', parts), params.values);
  const final = await storedRows(
    platform,
    `SELECT grouping(k0) AS is_total, toUnixTimestamp(toStartOfHour(event_time)) AS k0, toString(count()) AS total_count FROM events FINAL WHERE name = {name:String}
     GROUP BY GROUPING SETS ((k0), ()) ORDER BY is_total DESC, k0 ASC`,
    { name: NAME },
  );
  return { counted: counted.map(({ is_total, k0, total_count }) => ({ is_total, k0, total_count: String(total_count) })), final };
}

describe('exact reads under every kind of duplicate, before and after the writer compacts the partitions', () => {
  let platform: TestPlatform | undefined;

  afterAll(() => platform?.stop());

  it('answers the same exact figures as COUNT(DISTINCT id) on the stored copies, then on one part per partition', async () => {
    const first = await startPlatform({ WRITER_COMPACTION_INTERVAL_MS: '0' });
    platform = first;
    // The same events through the gateway twice, then straight to Kafka; the log written twice.
    for (let i = 0; i < 2; i++) expect((await postJson(`${first.gatewayUrl}/events/batch`, { events: EVENTS })).status).toBe(202);
    const producer = testKafka(first.env).producer();
    await producer.connect();
    try {
      const messages = EVENTS.map((event) => ({ value: JSON.stringify({ v: 1, event }), headers: { 'content-type': EVENT_MESSAGE_CONTENT_TYPE } }));
      await producer.send({ topic: String(first.env.KAFKA_TOPIC), messages });
    } finally {
      await producer.disconnect();
    }
    for (let i = 0; i < 2; i++) {
      const write = await send(`${first.gatewayUrl}/api/write`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: LOG });
      expect(write.status).toBe(200);
    }
    expect(await settledCount(first, NAME, EVENTS.length)).toBe(EVENTS.length);
    await settledCount(first, 'user_signed_in', 1);

    // A second copy of every stored row in parts of their own: another insert, another dedup token.
    await storedCommand(first, `INSERT INTO events SELECT * FROM events WHERE name IN {names:Array(String)}`, { names: NAMES }, { insert_deduplication_token: randomUUID() });
    const truth = await truthOf(first);
    // At least two copies of each: the writer also stores copies that met in no batch or lookup.
    expect(truth).toEqual({ events: EVENTS.length, users: 7, stored: expect.any(Number) });
    expect(truth.stored).toBeGreaterThanOrEqual(2 * EVENTS.length);
    expect((await partsOf(first)).every(({ parts }) => Number(parts) > 1)).toBe(true);

    const before = await answersOf(first);
    expect(before[0]).toMatchObject({ total_count: truth.events, unique_user_count: truth.users });
    expect(before[4]).toMatchObject({ total_count: truth.events, unique_user_count: truth.users });
    expect(before[7]).toMatchObject({ metadata: { total_records: 1 } });
    expect(await partsOf(first, 'distinct_users')).toEqual([{ partition_id: 'all', parts: expect.stringMatching(/^([2-9]|\d\d+)$/) }]);
    await expectUnboundedAsBounded(first);
    await first.stop();
    platform = undefined;

    // The same database, topic and group; the writer now compacts every partition at once.
    const second = await startPlatform({ ...first.env, WRITER_COMPACTION_INTERVAL_MS: '200', WRITER_COMPACTION_QUIET_SECONDS: '0' });
    platform = second;
    await waitFor('one active part in every partition of events', async () => ((await partsOf(second)).every(({ parts }) => Number(parts) === 1) ? true : undefined));
    const compactions = await send<string>(`${second.managementUrls.writer}/metrics`);
    expect(compactions.body).toMatch(/^tributary_writer_compactions_total\{outcome="done"\} [1-9]\d*$/m);
    expect(await truthOf(second)).toEqual({ ...truth, stored: EVENTS.length });
    expect(await answersOf(second)).toEqual(before);
    await expectUnboundedAsBounded(second);

    // Parts looked up, then, before the count, a copy of every event in a part of its own in each compacted
    // partition, then each partition merged under a new name: the count from the stale lookup stays exact.
    const stale = partsToRead(await storedRows<StoredPart>(second, STORED_PARTS_QUERY.sql, STORED_PARTS_QUERY.params));
    // The log's month too (2022-11).
    expect(stale?.compactedPartitions).toEqual(['202211', '202501', '202502']);
    await storedCommand(second, 'SYSTEM STOP MERGES events');
    try {
      await storedCommand(second, 'INSERT INTO events SELECT * FROM events WHERE name = {name:String}', { name: NAME }, { insert_deduplication_token: randomUUID() });
      expect(await partsOf(second)).toEqual([{ partition_id: '202211', parts: '1' }, { partition_id: '202501', parts: '2' }, { partition_id: '202502', parts: '2' }]);
      const copied = await hourlyCounts(second, stale!);
      expect(copied.counted).toEqual(copied.final);
      expect(copied.counted[0]).toEqual({ is_total: 1, k0: expect.anything(), total_count: String(EVENTS.length) });
    } finally {
      await storedCommand(second, 'SYSTEM START MERGES events');
    }
    await storedCommand(second, 'OPTIMIZE TABLE events FINAL');
    const merged = await hourlyCounts(second, stale!);
    expect(merged.counted).toEqual(merged.final);
    expect(merged.counted[0]).toMatchObject({ total_count: String(EVENTS.length) });

    // distinct_users' base counted and its counts kept; a copy of its users in a part of their own;
    // then the table merged, the base with it: each read stays exact.
    const client = createClient({ url: String(second.env.CLICKHOUSE_URL), database: String(second.env.CLICKHOUSE_DATABASE) });
    try {
      const repository = new DistinctUsersRepository(new ClickHouseEventsReader(client, new Registry()));
      const usersOf = async (base: string) => sortedUsers(await repository.userCounts(base, 'default', NAME, ['', 'hour']));
      const { usersBase } = partsToRead(await storedRows<StoredPart>(second, STORED_PARTS_QUERY.sql, STORED_PARTS_QUERY.params))!;
      expect(usersBase).not.toBe('');
      // Every part FINAL: no base.
      const final = await usersOf('');
      expect(final[0]).toEqual({ breakdown: '', key: '', users: truth.users });
      expect(await usersOf(usersBase)).toEqual(final);
      expect(await usersOf(usersBase)).toEqual(final);
      await storedCommand(second, 'SYSTEM STOP MERGES distinct_users');
      try {
        await storedCommand(second, 'INSERT INTO distinct_users SELECT * FROM distinct_users WHERE name = {name:String}', { name: NAME }, { insert_deduplication_token: randomUUID() });
        expect(await usersOf(usersBase)).toEqual(final);
      } finally {
        await storedCommand(second, 'SYSTEM START MERGES distinct_users');
      }
      await storedCommand(second, 'OPTIMIZE TABLE distinct_users FINAL');
      const afterMerge = await storedRows<StoredPart>(second, STORED_PARTS_QUERY.sql, STORED_PARTS_QUERY.params);
      expect(afterMerge.filter((part) => part.table === 'distinct_users').map((part) => part.name)).not.toContain(usersBase);
      expect(await usersOf(usersBase)).toEqual(final);
      expect(await usersOf(usersBase)).toEqual(final);

      // A server whose DELETE writes patch parts (lightweight updates): the parts keep their
      // names, with u0 erased from them by a patch. Counts kept and parts looked up before it stay exact.
      const current = partsToRead(await storedRows<StoredPart>(second, STORED_PARTS_QUERY.sql, STORED_PARTS_QUERY.params))!;
      expect(await usersOf(current.usersBase)).toEqual(final);
      // The erasure's own deletes (ErasureStore), each written as a patch or refused.
      const layout = layoutOf(loadConfig(ClickHouseConfig, second.env), loadConfig(SchemaConfig, second.env));
      for (const [table, statement] of [['events', eraseStoredStatement(layout)], ['distinct_users', forgetDistinctUserStatement(layout)]]) {
        await storedCommand(second, `ALTER TABLE ${table} MODIFY SETTING enable_block_number_column = 1, enable_block_offset_column = 1`);
        await storedCommand(second, statement, { project: 'default', user_id: 'u0' }, { lightweight_delete_mode: 'lightweight_update_force' });
      }
      const patched = await storedRows<StoredPart>(second, STORED_PARTS_QUERY.sql, STORED_PARTS_QUERY.params);
      expect(patched.map((part) => part.name)).toEqual(expect.arrayContaining([current.usersBase, ...current.compactedEvents]));
      expect(new Set(patched.filter((part) => part.partition_id.startsWith('patch-')).map((part) => part.table))).toEqual(new Set(['distinct_users', 'events']));
      const erasedU0 = await usersOf('');
      expect(erasedU0[0]).toEqual({ breakdown: '', key: '', users: truth.users - 1 });
      expect(await usersOf(current.usersBase)).toEqual(erasedU0);
      const afterPatch = await hourlyCounts(second, current);
      expect(afterPatch.counted).toEqual(afterPatch.final);
      expect(afterPatch.counted[0]).toMatchObject({ total_count: String(EVENTS.length - EVENTS.filter((event) => event.user_id === 'u0').length) });
      await expectUnboundedAsBounded(second);
    } finally {
      await client.close();
    }
  });
});
