import { ClickHouseClient, createClient } from '@clickhouse/client';
import { ClickHouseConfig, clickHouseClientOptions, compactionRequestTimeoutMs } from '@tributary/platform';

/** The compaction's own client: one merge may outlast the request timeout of the shared client. */
export const COMPACTION_CLIENT = Symbol('COMPACTION_CLIENT');

export function createCompactionClient(config: ClickHouseConfig, timeoutMs: number): ClickHouseClient {
  return createClient({ ...clickHouseClientOptions(config), request_timeout: compactionRequestTimeoutMs(timeoutMs) });
}
