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
