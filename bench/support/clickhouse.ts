import { setTimeout } from 'node:timers/promises';
import { ClickHouseClient, createClient } from '@clickhouse/client';
// A relative import of the file, not of the lib's index: the bench runs under plain node, which
// knows no @tributary/* alias, and the index pulls in the lib's Nest modules.
import { compactionRequestTimeoutMs, compactQuietPartitions } from '../../libs/platform/src/clickhouse/compaction';

/** The bench's other statements (the direct insert's copies, counts) take seconds; the client's default 30 s is too tight on a busy machine. Above 60 s the client asks for progress headers. */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * For the statements that write into the query table as it grows to 100M events: a fill statement
 * (1M rows) takes seconds at first, then waits longer and longer on the merges of the table and of
 * distinct_users beside it (run 24's 100M fill gave up at 60 s, about 42 minutes in:
 * docs/PERFORMANCE.md, Session 11); the dedup rows copy 1 % of it.
 */
export const LARGE_TABLE_REQUEST_TIMEOUT_MS = 900_000;

/** OPTIMIZE … FINAL of a month of 33M events (the 100M table) takes minutes. */
const COMPACTION_TIMEOUT_MS = 3_600_000;

export function clickHouseClient(url: string, database: string, requestTimeoutMs = REQUEST_TIMEOUT_MS): ClickHouseClient {
  return createClient({ url, database, request_timeout: requestTimeoutMs });
}

export async function countRows(client: ClickHouseClient, table: string): Promise<number> {
  const result = await client.query({ query: `SELECT count() AS n FROM ${table}`, format: 'JSONEachRow' });
  const [row] = await result.json<{ n: string }>();
  return Number(row.n);
}

/**
 * What the writer's compaction (apps/writer/src/compaction) does once every partition is quiet,
 * with the lib's own statements: each partition of events with more than one part merged into
 * one, one at a time. Returns the seconds taken.
 */
export async function compactEvents(url: string, database: string): Promise<number> {
  // No quiet period, as nothing else writes to the bench's table; but the lib takes a part written
  // in the current second (modification_time has whole seconds) for one still being written.
  await setTimeout(1000);
  const client = clickHouseClient(url, database, compactionRequestTimeoutMs(COMPACTION_TIMEOUT_MS));
  try {
    const started = performance.now();
    await compactQuietPartitions(client, { database, cluster: '' }, { quietSeconds: 0, timeoutMs: COMPACTION_TIMEOUT_MS });
    return (performance.now() - started) / 1000;
  } finally {
    await client.close();
  }
}
