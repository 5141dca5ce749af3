import { ClickHouseClient } from '@clickhouse/client';
import { EVENTS } from './migrations';
import { SchemaLayout, storageTableOf, storageTableOnCluster } from './schema-layout';

/** What a run did to the events' TTL. */
export type RetentionChange = 'unchanged' | 'set' | 'removed';

/** The TTL deleting raw events `days` after their event time. */
export const retentionTtl = (days: number): string => `toDateTime(event_time) + INTERVAL ${days} DAY`;

/**
 * The statement giving the events table the retention: a TTL of `days` days, or none (0). On a
 * cluster it changes the local tables, where the rows are, on every host.
 */
export function retentionStatement(layout: SchemaLayout, days: number): string {
  const table = storageTableOnCluster(EVENTS, layout);
  return days > 0 ? `ALTER TABLE ${table} MODIFY TTL ${retentionTtl(days)}` : `ALTER TABLE ${table} REMOVE TTL`;
}

/**
 * The retention in days the table has now, as ClickHouse prints it back in engine_full
 * (`TTL toDateTime(event_time) + toIntervalDay(30)`); 0 without a TTL, NaN for a TTL of another form.
 */
export function retentionDaysOf(engineFull: string): number {
  if (!/\bTTL\b/.test(engineFull)) return 0;
  const days = /\bTTL toDateTime\(event_time\) \+ toIntervalDay\((\d+)\)(?:\s+SETTINGS\b|\s*$)/.exec(engineFull);
  return days ? Number(days[1]) : NaN;
}

/**
 * A setting, not a migration: every run makes the TTL the configured one. It changes the table only
 * when the TTL differs, as a change rewrites the parts holding expired rows (materialize_ttl_after_modify).
 */
export async function applyRetention(client: ClickHouseClient, layout: SchemaLayout, days: number): Promise<RetentionChange> {
  const result = await client.query({
    query: 'SELECT engine_full FROM system.tables WHERE database = {database:String} AND name = {table:String}',
    query_params: { database: layout.database, table: storageTableOf(EVENTS, layout) },
    format: 'JSONEachRow',
  });
  const [table] = await result.json<{ engine_full: string }>();
  if (!table) throw new Error(`no table ${storageTableOf(EVENTS, layout)} in ${layout.database} to set the retention of`);
  if (retentionDaysOf(table.engine_full) === days) return 'unchanged';
  await client.command({ query: retentionStatement(layout, days) });
  return days > 0 ? 'set' : 'removed';
}
