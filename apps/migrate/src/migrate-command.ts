import { ClickHouseConfig, ConfigError, describeMigration, Env, loadConfig, LogConfig, MigrationSummary, runMigrations, SchemaConfig, schemaScript } from '@tributary/platform';

export const USAGE = `Usage: node dist/apps/migrate/apps/migrate/src/main.js [--print]

Applies the pending ClickHouse schema migrations and the events' retention, prints what it did as
one line, and exits: 0 done, 1 failed (the reason on stderr), 2 a wrong command line. Run once per
release (the Helm chart's pre-install/pre-upgrade Job) while the apps run with CLICKHOUSE_MIGRATE=skip.

  --print   print the statements a run would send (for CLICKHOUSE_CLUSTER, the cluster's DDL)
            without connecting to ClickHouse
  --help    this text

Settings (environment): CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, CLICKHOUSE_DATABASE,
CLICKHOUSE_CLUSTER, EVENTS_RETENTION_DAYS, LOG_LEVEL (docs/deployment.md).`;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export interface MigrateDependencies {
  run(config: ClickHouseConfig, schema: SchemaConfig): Promise<MigrationSummary>;
}

const realDependencies: MigrateDependencies = { run: (config, schema) => runMigrations(config, schema) };

/** The whole command: the exit code, what it printed through `output`. */
export async function migrateCommand(argv: string[], env: Env, output: Output, deps: MigrateDependencies = realDependencies): Promise<number> {
  const unknown = argv.filter((arg) => !['--print', '--help', '-h'].includes(arg));
  if (unknown.length > 0) {
    output.err(`migrate: unknown argument ${unknown[0]}\n\n${USAGE}`);
    return 2;
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    output.out(USAGE);
    return 0;
  }
  let config: ClickHouseConfig;
  let schema: SchemaConfig;
  try {
    config = loadConfig(ClickHouseConfig, env);
    schema = loadConfig(SchemaConfig, env);
    loadConfig(LogConfig, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    output.err(`migrate: ${error.message}`);
    return 1;
  }
  if (argv.includes('--print')) {
    output.out(schemaScript(config, schema));
    return 0;
  }
  try {
    output.out(`migrate: ${describeMigration(await deps.run(config, schema))}`);
    return 0;
  } catch (error) {
    output.err(`migrate: failed on ${config.CLICKHOUSE_URL}, database ${config.CLICKHOUSE_DATABASE}: ${(error as Error).message}`);
    return 1;
  }
}
