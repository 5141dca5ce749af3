/** ClickHouse's own fallback when neither the SQL nor the request names an output format. */
export const FALLBACK_FORMAT = 'TabSeparated';

const TRAILING_FORMAT = /\bFORMAT\s+([A-Za-z][A-Za-z0-9_]*)\s*;?\s*$/i;
const INSERT = /^\s*INSERT\b/i;

/**
 * The format the engine answers in: a trailing `FORMAT x` clause (what @clickhouse/client appends
 * to a query) wins over the request's default. An INSERT's FORMAT names its input, not its output.
 */
export function outputFormat(sql: string, defaultFormat: string | undefined): string {
  const explicit = INSERT.test(sql) ? undefined : TRAILING_FORMAT.exec(sql)?.[1];
  return explicit ?? defaultFormat ?? FALLBACK_FORMAT;
}

const BINARY_FORMATS = /^(?:Native|RowBinary|Parquet|Arrow|ORC|Avro|Protobuf|CapnProto|MsgPack|BSONEachRow|Npy)/;

export function contentType(format: string): string {
  if (format.startsWith('JSON')) return 'application/json; charset=UTF-8';
  if (format.startsWith('TabSeparated') || format.startsWith('TSV')) return 'text/tab-separated-values; charset=UTF-8';
  if (format.startsWith('CSV')) return 'text/csv; charset=UTF-8';
  if (BINARY_FORMATS.test(format)) return 'application/octet-stream';
  return 'text/plain; charset=UTF-8';
}
