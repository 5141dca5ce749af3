import { ClickHouseClient } from '@clickhouse/client';
import { percentile } from '../report/percentiles';
import { formatCount } from '../report/format-count';
import { clickHouseClient, countRows, LARGE_TABLE_REQUEST_TIMEOUT_MS } from '../support/clickhouse';
import { BenchContext } from './bench-context';

const RUNS = 7;
const METRICS_WHERE = "name = 'page_view'";
/** Unique users as the query app counts them: by the stored hash of user_key (migration 5). */
const UNIQUE_USERS = "uniqExactIf(user_hash, user_hash != xxh3_128('')) AS unique_user_count";
const COUNTS = `count() AS total_count, ${UNIQUE_USERS}`;
/** The writer's lookup of stored copies (apps/writer/src/ingest/clickhouse-event-store.ts). */
const LOOKUP = `SELECT id, toString(min(event_time)) AS first_event_time, argMin(channel_type, event_time) AS first_channel_type
                FROM event_id_sort_keys WHERE id IN {ids:Array(UUID)} GROUP BY id`;

/**
 * What exactness costs (docs/guarantees.md): the metrics query read with FINAL against a plain
 * read (wrong once copies are stored) and against counting distinct ids, before and after 1 % of
 * the rows are stored twice; an insert with a dedup token against one without; the writer's
 * lookup of 1,000 stored ids. On the query-latency phase's filled database.
 */
export async function measureDedupCost(context: BenchContext, database: string): Promise<void> {
  const client = clickHouseClient(context.settings.clickhouseUrl, database, LARGE_TABLE_REQUEST_TIMEOUT_MS);
  try {
    const stored = await countRows(client, 'events');
    const at = formatCount(stored);
    const reads = {
      final: `SELECT channel_type, ${COUNTS} FROM events FINAL WHERE ${METRICS_WHERE} GROUP BY channel_type SETTINGS do_not_merge_across_partitions_select_final = 1`,
      plain: `SELECT channel_type, ${COUNTS} FROM events WHERE ${METRICS_WHERE} GROUP BY channel_type`,
      distinctIds: `SELECT channel_type, uniqExact(id) AS total_count, ${UNIQUE_USERS} FROM events WHERE ${METRICS_WHERE} GROUP BY channel_type`,
    };
    await addTimed(context, `dedup.read.final.${at}`, `metrics query at ${at} events, FINAL (exact; what the query app runs)`, () => run(client, reads.final));
    await addTimed(context, `dedup.read.plain.${at}`, `metrics query at ${at} events, plain read (counts stored copies twice)`, () => run(client, reads.plain));
    await addTimed(context, `dedup.read.distinct.${at}`, `metrics query at ${at} events, uniqExact(id) without FINAL`, () => run(client, reads.distinctIds));

    await client.command({ query: 'INSERT INTO events SELECT * FROM events WHERE cityHash64(id) % 100 = 0' });
    await addTimed(context, `dedup.read.final-copies.${at}`, `metrics query at ${at} events + 1 % stored twice, FINAL`, () => run(client, reads.final));

    const insert = 'INSERT INTO events SELECT * REPLACE (generateUUIDv4(source_offset) AS id) FROM events LIMIT 10000';
    let token = 0;
    await addTimed(context, 'dedup.insert.token', 'insert of 10,000 rows with insert_deduplication_token', () =>
      client.command({ query: insert, clickhouse_settings: { insert_deduplication_token: `bench-${token++}` } }),
    );
    await addTimed(context, 'dedup.insert.plain', "insert of 10,000 rows without a token (the block's hash is its key)", () => client.command({ query: insert }));

    const ids = await sampleIds(client, 1000);
    await addTimed(context, `dedup.lookup.${at}`, `writer's lookup of 1,000 stored ids at ${at} events`, () => run(client, LOOKUP, { ids }));
  } finally {
    await client.close();
  }
}

async function addTimed(context: BenchContext, id: string, label: string, action: () => Promise<unknown>): Promise<void> {
  await action();
  const timings: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await action();
    timings.push(performance.now() - started);
  }
  const p50 = percentile(timings, 50);
  context.table.add({ id, label, value: p50, unit: 'ms (p50)', p50Ms: p50, p95Ms: percentile(timings, 95), note: `${RUNS} runs after one warm-up` });
}

async function run(client: ClickHouseClient, query: string, query_params?: Record<string, unknown>): Promise<unknown[]> {
  return (await client.query({ query, query_params, format: 'JSONEachRow' })).json();
}

async function sampleIds(client: ClickHouseClient, count: number): Promise<string[]> {
  const rows = await run(client, `SELECT toString(id) AS sampled FROM events WHERE event_id IS NOT NULL AND cityHash64(id) % 1000 = 7 LIMIT ${count}`);
  return (rows as Array<{ sampled: string }>).map((row) => row.sampled);
}
