import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';

/** How an app gets its ClickHouse schema: it migrates at boot, or a migration job does (the Helm chart). */
export const MIGRATE_MODES = ['boot', 'skip'] as const;
export type MigrateMode = (typeof MIGRATE_MODES)[number];

/**
 * Raw events older than this many days are deleted: 10 years at most, as
 * toDateTime(event_time) + INTERVAL n DAY stays below DateTime's end (2106) for any stored event.
 */
export const MAX_RETENTION_DAYS = 3650;

/** The ClickHouse schema: who applies it, on one server or a cluster, and how long raw events are kept. */
export class SchemaConfig {
  /**
   * boot: the app applies pending migrations (and the retention) before it starts (npm start,
   * docker compose). skip: it does not; at boot it checks that the schema has every migration it
   * needs and fails naming the one missing (the Helm chart runs the migrate job before each release).
   */
  @IsIn(MIGRATE_MODES, { message: `CLICKHOUSE_MIGRATE must be one of ${MIGRATE_MODES.join(', ')}` })
  CLICKHOUSE_MIGRATE: MigrateMode = 'boot';

  /**
   * Empty: one ClickHouse server. Otherwise the name of a cluster of the server's remote_servers:
   * the migrations create replicated local tables ON CLUSTER behind Distributed tables (docs/deployment.md).
   */
  @Matches(/^([A-Za-z_][A-Za-z0-9_-]{0,62})?$/, { message: 'CLICKHOUSE_CLUSTER must be empty or a cluster name of [A-Za-z0-9_-] (a letter or _ first, 63 at most)' })
  CLICKHOUSE_CLUSTER = '';

  /** Raw events are deleted this many days after their event time; 0: kept forever. */
  @IsInt({ message: 'EVENTS_RETENTION_DAYS must be a whole number of days' })
  @Min(0)
  @Max(MAX_RETENTION_DAYS)
  EVENTS_RETENTION_DAYS = 0;
}
