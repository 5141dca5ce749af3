import { ClickHouseClient, createClient } from '@clickhouse/client';

/** A fill statement (2M rows) takes seconds; the client's default 30 s is too tight on a busy machine. Above 60 s the client asks for progress headers. */
const REQUEST_TIMEOUT_MS = 60_000;

export function clickHouseClient(url: string, database: string): ClickHouseClient {
  return createClient({ url, database, request_timeout: REQUEST_TIMEOUT_MS });
}

export async function countRows(client: ClickHouseClient, table: string): Promise<number> {
  const result = await client.query({ query: `SELECT count() AS n FROM ${table}`, format: 'JSONEachRow' });
  const [row] = await result.json<{ n: string }>();
  return Number(row.n);
}

/**
 * What the writer's compaction (apps/writer/src/compaction) does once every partition is quiet:
 * each partition of events with more than one part merged into one, one at a time. The bench
 * builds apart from the libs, so it states the two statements again. Returns the seconds taken.
 */
export async function compactEvents(client: ClickHouseClient): Promise<number> {
  const started = performance.now();
  const result = await client.query({
    query: "SELECT partition_id FROM system.parts WHERE database = currentDatabase() AND table = 'events' AND active GROUP BY partition_id HAVING count() > 1 ORDER BY partition_id",
    format: 'JSONEachRow',
  });
  for (const { partition_id } of await result.json<{ partition_id: string }>()) {
    await client.command({ query: `OPTIMIZE TABLE events PARTITION ID '${partition_id}' FINAL`, clickhouse_settings: { optimize_throw_if_noop: 0 } });
  }
  return (performance.now() - started) / 1000;
}
