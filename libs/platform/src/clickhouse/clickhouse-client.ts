import { ClickHouseClient, ClickHouseClientConfigOptions, ClickHouseLogLevel, ClickHouseSettings, createClient } from '@clickhouse/client';
import { readFileSync } from 'node:fs';
import { ClickHouseConfig } from '../config/clickhouse.config';

export type ReadBinaryFile = (path: string) => Buffer;

/** The same client serves a ClickHouse server and the embedded engine: both speak HTTP. */
export function createClickHouseClient(config: ClickHouseConfig, database = config.CLICKHOUSE_DATABASE, settings: ClickHouseSettings = {}): ClickHouseClient {
  const options = clickHouseClientOptions(config, database);
  return createClient({ ...options, clickhouse_settings: { ...options.clickhouse_settings, ...settings } });
}

/**
 * @clickhouse/client's options from the configuration. An https URL uses the system's CAs unless
 * CLICKHOUSE_TLS_CA_FILE names others; a client certificate and key make it mutual TLS. The
 * password goes to the client only: its logging is off, and failures are logged by the callers,
 * which print the URL (never carrying credentials: ClickHouseConfig refuses them there).
 */
export function clickHouseClientOptions(
  config: ClickHouseConfig,
  database = config.CLICKHOUSE_DATABASE,
  readFile: ReadBinaryFile = (path) => readFileSync(path),
): ClickHouseClientConfigOptions {
  return {
    url: config.CLICKHOUSE_URL,
    username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
    database,
    request_timeout: 60_000,
    clickhouse_settings: { date_time_input_format: 'best_effort', output_format_json_quote_64bit_integers: 0 },
    // Every failure reaches its caller, which logs it once, with the context the client lacks.
    log: { level: ClickHouseLogLevel.OFF },
    ...tlsOptions(config, readFile),
  };
}

function tlsOptions(config: ClickHouseConfig, readFile: ReadBinaryFile): Pick<ClickHouseClientConfigOptions, 'tls'> {
  if (!config.CLICKHOUSE_TLS_CA_FILE) return {};
  const ca_cert = readFile(config.CLICKHOUSE_TLS_CA_FILE);
  if (!config.CLICKHOUSE_TLS_CERT_FILE) return { tls: { ca_cert } };
  return { tls: { ca_cert, cert: readFile(config.CLICKHOUSE_TLS_CERT_FILE), key: readFile(config.CLICKHOUSE_TLS_KEY_FILE) } };
}
