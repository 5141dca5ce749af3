import { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseConfig } from '../config/clickhouse.config';
import { createClickHouseClient } from './clickhouse-client';
import { Migration } from './migrations';

/**
 * Creates the database when missing and applies the pending migrations through `client`, which
 * is bound to that database. Safe when several processes boot at once: every statement is
 * idempotent and the ledger collapses repeated rows.
 */
export async function migrate(config: ClickHouseConfig, client: ClickHouseClient, migrations: Migration[]): Promise<number[]> {
  const server = createClickHouseClient(config, 'default');
  try {
    await server.command({ query: `CREATE DATABASE IF NOT EXISTS \`${config.CLICKHOUSE_DATABASE}\`` });
  } finally {
    await server.close();
  }
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, description String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3))
            ENGINE = ReplacingMergeTree ORDER BY version`,
  });
  const result = await client.query({ query: 'SELECT version FROM schema_migrations FINAL', format: 'JSONEachRow' });
  const applied = new Set((await result.json<{ version: number }>()).map((row) => Number(row.version)));
  const pending = migrations.filter((m) => !applied.has(m.version));
  for (const migration of pending) {
    for (const statement of migration.statements) await client.command({ query: statement });
    await client.insert({
      table: 'schema_migrations',
      values: [{ version: migration.version, description: migration.description }],
      format: 'JSONEachRow',
    });
  }
  return pending.map((m) => m.version);
}
