import { ClickHouseClient } from '@clickhouse/client';
import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { ClickHouseConfig } from '../config/clickhouse.config';
import { SchemaConfig } from '../config/schema.config';
import { createClickHouseClient } from './clickhouse-client';
import { EVENTS, Migration, MIGRATIONS, requiredVersion, SCHEMA_MIGRATIONS, statementsOf } from './migrations';
import { applyRetention, RetentionChange, retentionStatements } from './retention';
import { createDatabaseStatement, isCluster, renderStep, SchemaLayout } from './schema-layout';

const logger = new Logger('ClickHouse');

/** The settings of the schema a migration run needs. */
export type SchemaSettings = Pick<SchemaConfig, 'CLICKHOUSE_CLUSTER' | 'EVENTS_RETENTION_DAYS'>;

export const layoutOf = (config: ClickHouseConfig, schema: Pick<SchemaConfig, 'CLICKHOUSE_CLUSTER'>): SchemaLayout => ({
  database: config.CLICKHOUSE_DATABASE,
  cluster: schema.CLICKHOUSE_CLUSTER,
});

/**
 * Creates the database when missing and applies the pending migrations through `client`, which
 * is bound to that database. Safe when several processes boot at once: every statement is
 * idempotent and the ledger collapses repeated rows.
 */
export async function migrate(
  config: ClickHouseConfig,
  client: ClickHouseClient,
  migrations: Migration[],
  schema: Pick<SchemaConfig, 'CLICKHOUSE_CLUSTER'> = { CLICKHOUSE_CLUSTER: '' },
): Promise<number[]> {
  const layout = layoutOf(config, schema);
  const server = createClickHouseClient(config, 'default');
  try {
    assertSameLayout(layout, await eventsEngineOf(server, layout.database));
    await server.command({ query: createDatabaseStatement(layout) });
  } finally {
    await server.close();
  }
  for (const statement of renderStep({ kind: 'create-table', table: SCHEMA_MIGRATIONS }, layout)) await client.command({ query: statement });
  const applied = await appliedVersions(client);
  const pending = migrations.filter((m) => !applied.has(m.version));
  for (const migration of pending) {
    for (const statement of statementsOf(migration, layout)) await client.command({ query: statement });
    await client.insert({
      table: SCHEMA_MIGRATIONS.name,
      values: [{ version: migration.version, description: migration.description }],
      format: 'JSONEachRow',
    });
  }
  return pending.map((m) => m.version);
}

/** The engine of the database's `events` table, if it has one. */
async function eventsEngineOf(server: ClickHouseClient, database: string): Promise<string | undefined> {
  const result = await server.query({
    query: 'SELECT engine FROM system.tables WHERE database = {database:String} AND name = {table:String}',
    query_params: { database, table: EVENTS.name },
    format: 'JSONEachRow',
  });
  return (await result.json<{ engine: string }>())[0]?.engine;
}

/**
 * A database holds one layout for good: the single-server schema (events stores the rows) or the
 * cluster's (events is Distributed). The other setting would find every migration in the ledger
 * and change nothing but the wrong tables: refused, naming both.
 */
export function assertSameLayout(layout: SchemaLayout, eventsEngine: string | undefined): void {
  if (eventsEngine === undefined) return;
  const clustered = eventsEngine === 'Distributed';
  if (clustered === isCluster(layout)) return;
  throw new Error(
    clustered
      ? `database ${layout.database} holds the cluster schema (events is a Distributed table): set CLICKHOUSE_CLUSTER to its cluster`
      : `database ${layout.database} holds the single-server schema (events is a ${eventsEngine} table): CLICKHOUSE_CLUSTER=${layout.cluster} is for a new database (docs/deployment.md, "ClickHouse cluster")`,
  );
}

/** The versions in the ledger; none when there is no ledger (or no database) yet. */
export async function appliedVersions(client: ClickHouseClient): Promise<Set<number>> {
  let tables: { n: number }[];
  try {
    const exists = await client.query({
      query: 'SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = {table:String}',
      query_params: { table: SCHEMA_MIGRATIONS.name },
      format: 'JSONEachRow',
    });
    tables = await exists.json<{ n: number }>();
  } catch (error) {
    if (isUnknownDatabase(error)) return new Set();
    throw error;
  }
  if (Number(tables[0]?.n ?? 0) === 0) return new Set();
  const result = await client.query({ query: `SELECT version FROM ${SCHEMA_MIGRATIONS.name} FINAL`, format: 'JSONEachRow' });
  return new Set((await result.json<{ version: number }>()).map((row) => Number(row.version)));
}

const isUnknownDatabase = (error: unknown): boolean => (error as { code?: string }).code === '81' || /UNKNOWN_DATABASE/.test(String((error as Error).message));

/** What a run of the migrator did. */
export interface MigrationSummary {
  database: string;
  cluster: string;
  applied: number[];
  version: number;
  retentionDays: number;
  retention: RetentionChange;
}

/** The whole run: pending migrations, then the retention of events and distinct_users (a setting, applied every run). */
export async function migrateSchema(
  config: ClickHouseConfig,
  schema: SchemaSettings,
  client: ClickHouseClient,
  migrations: Migration[] = MIGRATIONS,
): Promise<MigrationSummary> {
  const applied = await migrate(config, client, migrations, schema);
  const retention = await applyRetention(client, layoutOf(config, schema), schema.EVENTS_RETENTION_DAYS);
  return {
    database: config.CLICKHOUSE_DATABASE,
    cluster: schema.CLICKHOUSE_CLUSTER,
    applied,
    version: requiredVersion(migrations),
    retentionDays: schema.EVENTS_RETENTION_DAYS,
    retention,
  };
}

/** The summary as one line, for logs and the migrate job's output. */
export function describeMigration(summary: MigrationSummary): string {
  const where = summary.cluster ? `${summary.database} on cluster ${summary.cluster}` : summary.database;
  const migrations =
    summary.applied.length > 0 ? `applied migration(s) ${summary.applied.join(', ')}, now at version ${summary.version}` : `schema up to date at version ${summary.version}`;
  const kept = summary.retentionDays > 0 ? `raw events kept ${summary.retentionDays} day(s)` : 'raw events kept forever';
  return `${where}: ${migrations}; ${kept} (TTL ${summary.retention})`;
}

/**
 * Every statement a run would send, in order, for a reader (the migrate job's --print): the
 * database, the ledger, each migration, the retention. A run skips the migrations the ledger
 * has, and a table's retention statement when its TTL is already the configured one.
 */
export function schemaStatements(config: ClickHouseConfig, schema: SchemaSettings, migrations: Migration[] = MIGRATIONS): string[] {
  const layout = layoutOf(config, schema);
  return [
    createDatabaseStatement(layout),
    ...renderStep({ kind: 'create-table', table: SCHEMA_MIGRATIONS }, layout),
    ...migrations.flatMap((migration) => statementsOf(migration, layout)),
    ...retentionStatements(layout, schema.EVENTS_RETENTION_DAYS),
  ];
}

/** The migrations of `migrations` the ledger lacks. */
export async function missingMigrations(client: ClickHouseClient, migrations: Migration[] = MIGRATIONS): Promise<Migration[]> {
  const applied = await appliedVersions(client);
  return migrations.filter((m) => !applied.has(m.version));
}

export class SchemaTooOldError extends Error {
  constructor(
    readonly database: string,
    readonly missing: Migration[],
  ) {
    const [first] = missing;
    const others = missing.length > 1 ? ` and ${missing.length - 1} more (${missing.slice(1).map((m) => m.version).join(', ')})` : '';
    super(
      `the schema of ClickHouse database ${database} lacks migration ${first.version} (${first.description})${others}, which this release needs; ` +
        'with CLICKHOUSE_MIGRATE=skip the migrate job applies it (node dist/apps/migrate/apps/migrate/src/main.js, the Helm chart runs it before each install and upgrade), ' +
        'or CLICKHOUSE_MIGRATE=boot lets the app apply it',
    );
  }
}

/**
 * For an app that does not migrate: waits until the schema has every migration it needs (the
 * migrate job may still be running), then returns; past the deadline it throws a SchemaTooOldError
 * naming the missing version, so the app never writes into or reads an older schema.
 */
export async function awaitSchema(config: ClickHouseConfig, client: ClickHouseClient, timeoutMs: number, migrations: Migration[] = MIGRATIONS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    const missing = await missingMigrations(client, migrations);
    if (missing.length === 0) return;
    const error = new SchemaTooOldError(config.CLICKHOUSE_DATABASE, missing);
    if (Date.now() >= deadline) throw error;
    if (attempt === 0) logger.warn(`waiting for the migrate job: ${error.message}`);
    await sleep(Math.min(2000, Math.max(0, deadline - Date.now())));
  }
}
