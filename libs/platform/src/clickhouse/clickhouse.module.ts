import { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ClickHouseConfig } from '../config/clickhouse.config';
import { SchemaConfig } from '../config/schema.config';
import { createClickHouseClient } from './clickhouse-client';
import { awaitSchema, describeMigration, migrateSchema } from './migrate';
import { Migration, MIGRATIONS } from './migrations';
import { waitUntilReachable } from './wait-until-reachable';

const logger = new Logger('ClickHouse');

/** How long boot waits for ClickHouse to answer, then (CLICKHOUSE_MIGRATE=skip) for the migrate job's schema. */
const REACHABLE_TIMEOUT_MS = 60_000;
const SCHEMA_TIMEOUT_MS = 60_000;

export interface OpenClickHouseOptions {
  reachableTimeoutMs?: number;
  schemaTimeoutMs?: number;
  migrations?: Migration[];
  /** Sent with every statement of the app's client. */
  settings?: ClickHouseSettings;
}

/**
 * A client on the configured database, once ClickHouse answers and the schema is the one this
 * release needs: migrated here (CLICKHOUSE_MIGRATE=boot), or checked (skip: the migrate job
 * applies it; a schema lacking a migration fails the boot, naming it, so the app never writes
 * into an older schema).
 */
export async function openClickHouse(config: ClickHouseConfig, schema: SchemaConfig, options: OpenClickHouseOptions = {}): Promise<ClickHouseClient> {
  const migrations = options.migrations ?? MIGRATIONS;
  const client = createClickHouseClient(config, config.CLICKHOUSE_DATABASE, options.settings);
  try {
    await waitUntilReachable(client, config.CLICKHOUSE_URL, options.reachableTimeoutMs ?? REACHABLE_TIMEOUT_MS);
    if (schema.CLICKHOUSE_MIGRATE === 'boot') {
      const summary = await migrateSchema(config, schema, client, migrations);
      if (summary.applied.length > 0 || summary.retention !== 'unchanged') logger.log(describeMigration(summary));
    } else {
      await awaitSchema(config, client, options.schemaTimeoutMs ?? SCHEMA_TIMEOUT_MS, migrations);
    }
    return client;
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** Provides a ClickHouseClient on the configured database, its schema the one this release needs before the app starts. */
@Module({})
export class ClickHouseModule implements OnApplicationShutdown {
  constructor(@Inject(ClickHouseClient) private readonly client: ClickHouseClient) {}

  static forRoot(config: ClickHouseConfig, schema: SchemaConfig, settings: ClickHouseSettings = {}): DynamicModule {
    return {
      module: ClickHouseModule,
      global: true,
      providers: [
        { provide: ClickHouseConfig, useValue: config },
        { provide: SchemaConfig, useValue: schema },
        { provide: ClickHouseClient, useFactory: () => openClickHouse(config, schema, { settings }) },
      ],
      exports: [ClickHouseClient, ClickHouseConfig, SchemaConfig],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
