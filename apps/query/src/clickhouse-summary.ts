import type { ResponseHeaders } from '@clickhouse/client';

/** The rows ClickHouse read to answer a query, from its X-ClickHouse-Summary header; 0 when the header is missing or garbled. */
export function rowsReadOf(headers: ResponseHeaders): number {
  const summary = headers['x-clickhouse-summary'];
  if (typeof summary !== 'string') return 0;
  try {
    const rows = Number((JSON.parse(summary) as { read_rows?: unknown }).read_rows);
    return Number.isSafeInteger(rows) && rows > 0 ? rows : 0;
  } catch {
    return 0;
  }
}
