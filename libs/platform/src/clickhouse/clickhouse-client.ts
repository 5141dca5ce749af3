import { ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { ClickHouseConfig } from '../config/clickhouse.config';

/** The same client serves a ClickHouse server and the embedded engine: both speak HTTP. */
export function createClickHouseClient(config: ClickHouseConfig, database = config.CLICKHOUSE_DATABASE): ClickHouseClient {
  return createClient({
    url: config.CLICKHOUSE_URL,
    username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
    database,
    request_timeout: 60_000,
    clickhouse_settings: { date_time_input_format: 'best_effort', output_format_json_quote_64bit_integers: 0 },
    // Every failure reaches its caller, which logs it once, with the context the client lacks.
    log: { level: ClickHouseLogLevel.OFF },
  });
}
