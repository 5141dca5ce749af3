import { ClickHouseClient } from '@clickhouse/client';
import { DISTINCT_USERS } from './distinct-users';
import { EVENTS } from './migrations';
import { SchemaLayout, storageTableOf, storageTableOnCluster, TableDefinition } from './schema-layout';

/** What a run did to the TTLs: 'unchanged' when every table had the configured one already. */
export type RetentionChange = 'unchanged' | 'set' | 'removed';

/** A table under the retention, and the time its rows expire by. */
interface RetainedTable {
  table: TableDefinition;
  time: string;
}

/**
 * The raw events by their event time, and the users of distinct_users by the latest event time
 * a row stands for (the version its ReplacingMergeTree keeps): a row expires with that event.
 */
const RETAINED_TABLES: RetainedTable[] = [
  { table: EVENTS, time: 'event_time' },
  { table: DISTINCT_USERS, time: 'last_event_time' },
];

/** The TTL deleting a row `days` after its `time`. */
export const retentionTtl = (time: string, days: number): string => `toDateTime(${time}) + INTERVAL ${days} DAY`;

/**
 * The statement giving a table the retention: a TTL of `days` days, or none (0). On a cluster
 * it changes the local tables, where the rows are, on every host.
 */
function retentionStatement({ table, time }: RetainedTable, layout: SchemaLayout, days: number): string {
  const target = storageTableOnCluster(table, layout);
  return days > 0 ? `ALTER TABLE ${target} MODIFY TTL ${retentionTtl(time, days)}` : `ALTER TABLE ${target} REMOVE TTL`;
}

/** The statement of each retained table, as a run sends it when the table's TTL differs. */
export const retentionStatements = (layout: SchemaLayout, days: number): string[] => RETAINED_TABLES.map((retained) => retentionStatement(retained, layout, days));

/**
 * The retention in days a table has now, as ClickHouse prints it back in engine_full
 * (`TTL toDateTime(event_time) + toIntervalDay(30)`); 0 without a TTL, NaN for a TTL of another form.
 */
export function retentionDaysOf(engineFull: string, time: string): number {
  if (!/\bTTL\b/.test(engineFull)) return 0;
  const days = new RegExp(`\\bTTL toDateTime\\(${time}\\) \\+ toIntervalDay\\((\\d+)\\)(?:\\s+SETTINGS\\b|\\s*$)`).exec(engineFull);
  return days ? Number(days[1]) : NaN;
}

/**
 * A setting, not a migration: every run makes each table's TTL the configured one. It changes a
 * table only when its TTL differs, as a change rewrites the parts holding expired rows
 * (materialize_ttl_after_modify).
 */
export async function applyRetention(client: ClickHouseClient, layout: SchemaLayout, days: number): Promise<RetentionChange> {
  let changed = false;
  for (const retained of RETAINED_TABLES) {
    if (retentionDaysOf(await engineOf(client, layout, retained.table), retained.time) === days) continue;
    await client.command({ query: retentionStatement(retained, layout, days) });
    changed = true;
  }
  if (!changed) return 'unchanged';
  return days > 0 ? 'set' : 'removed';
}

async function engineOf(client: ClickHouseClient, layout: SchemaLayout, table: TableDefinition): Promise<string> {
  const name = storageTableOf(table, layout);
  const result = await client.query({
    query: 'SELECT engine_full FROM system.tables WHERE database = {database:String} AND name = {table:String}',
    query_params: { database: layout.database, table: name },
    format: 'JSONEachRow',
  });
  const [found] = await result.json<{ engine_full: string }>();
  if (!found) throw new Error(`no table ${name} in ${layout.database} to set the retention of`);
  return found.engine_full;
}
