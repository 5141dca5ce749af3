import { ClickHouseConfig } from '../config/clickhouse.config';
import { SchemaConfig } from '../config/schema.config';
import { createClickHouseClient } from './clickhouse-client';
import { describeMigration, MigrationSummary, migrateSchema, schemaStatements, SchemaSettings } from './migrate';
import { waitUntilReachable } from './wait-until-reachable';

export { describeMigration, MigrationSummary, schemaStatements, SchemaTooOldError } from './migrate';

/**
 * One run of the migrator, as the migrate job does it once per release: waits for ClickHouse (it
 * may still be starting), applies the pending migrations and the events' retention, and says what
 * it did. Whatever CLICKHOUSE_MIGRATE says: it is the apps' setting.
 */
export async function runMigrations(config: ClickHouseConfig, schema: SchemaSettings | SchemaConfig, reachableTimeoutMs = 60_000): Promise<MigrationSummary> {
  const client = createClickHouseClient(config);
  try {
    await waitUntilReachable(client, config.CLICKHOUSE_URL, reachableTimeoutMs);
    return await migrateSchema(config, schema, client);
  } finally {
    await client.close();
  }
}

/** The statements a run would send (schemaStatements), as one SQL script. */
export const schemaScript = (config: ClickHouseConfig, schema: SchemaSettings): string => schemaStatements(config, schema).map((s) => `${s};\n`).join('\n');
