import { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { DISTINCT_USERS } from './distinct-users';
import { EVENTS } from './migrations';
import { isCluster, SchemaLayout, storageTableOf, storageTableOnCluster, TableDefinition } from './schema-layout';

/**
 * Compaction of closed partitions: a partition of events in one part is read FINAL without a merge
 * (do_not_merge_across_partitions_select_final), and distinct_users in one part is counted by rows
 * alone, so merging each quiet partition into one part takes that work off every exact read
 * (docs/PERFORMANCE.md, Sessions 6 and 8).
 */
export const COMPACTED_TABLES: readonly TableDefinition[] = [EVENTS, DISTINCT_USERS];

/** A partition worth merging: more than one active part, none written for the quiet period. */
export interface CompactionCandidate {
  /** Where the rows are: events, or events_local on a cluster. */
  table: string;
  partition_id: string;
  parts: number;
}

/** The candidates, table by table, oldest partition first; on a cluster, those of any host (each host has its own parts). */
export function compactionCandidatesSql(layout: SchemaLayout): string {
  const parts = isCluster(layout) ? `clusterAllReplicas('${layout.cluster}', system.parts)` : 'system.parts';
  const tables = COMPACTED_TABLES.map((table) => `'${storageTableOf(table, layout)}'`).join(', ');
  return `SELECT table, partition_id, toUInt32(max(parts)) AS parts
    FROM (
      SELECT hostName() AS host, table, partition_id, count() AS parts, max(modification_time) AS newest
      FROM ${parts}
      WHERE database = {database:String} AND table IN (${tables}) AND active
      GROUP BY host, table, partition_id
    )
    GROUP BY table, partition_id
    HAVING parts > 1 AND max(newest) < now() - toIntervalSecond({quiet_seconds:UInt32})
    ORDER BY table, partition_id`;
}

/** Merges one partition of a compacted table into one part, every copy of a row collapsed; on a cluster on every host. */
export const optimizePartitionStatement = (layout: SchemaLayout, table: TableDefinition, partitionId: string): string =>
  `OPTIMIZE TABLE ${storageTableOnCluster(table, layout)} PARTITION ID '${partitionId.replace(/[^0-9A-Za-z_-]/g, '')}' FINAL`;

/**
 * ClickHouse's limits on one OPTIMIZE set to `timeoutMs`, so that neither a profile's
 * max_execution_time nor, on a cluster, the wait for every host (distributed_ddl_task_timeout,
 * 180 s by default) ends a long merge sooner.
 */
export function optimizeSettings(timeoutMs: number): ClickHouseSettings {
  const seconds = Math.ceil(timeoutMs / 1000);
  // A merge ClickHouse declines (parts mutating, another merge under way) fails the run, named.
  return { optimize_throw_if_noop: 1, max_execution_time: seconds, distributed_ddl_task_timeout: String(seconds) };
}

/** Beyond ClickHouse's own limit, so that a merge too long ends in ClickHouse's TIMEOUT_EXCEEDED, not in a dropped request. */
const ANSWER_MARGIN_MS = 10_000;

/** The request timeout of a client running compactions of `timeoutMs` each. */
export const compactionRequestTimeoutMs = (timeoutMs: number): number => timeoutMs + ANSWER_MARGIN_MS;

/** One partition merged by compactQuietPartitions. */
export interface PartitionCompacted {
  table: string;
  partitionId: string;
  parts: number;
  seconds: number;
}

export interface CompactionOptions {
  /** A partition is quiet when none of its parts was written for this many seconds. */
  quietSeconds: number;
  /** How long one partition's merge may take; the client's request timeout is compactionRequestTimeoutMs of it. */
  timeoutMs: number;
  /** Stops the run: the merge in flight is no longer waited for, no other begins. */
  signal?: AbortSignal;
  /** Hears of each partition as its merge ends. */
  onCompacted?: (done: PartitionCompacted) => void;
}

/**
 * Merges every quiet partition with more than one part, one at a time (each OPTIMIZE holds a
 * partition's worth of rows in flight).
 */
export async function compactQuietPartitions(
  client: ClickHouseClient,
  layout: SchemaLayout,
  { quietSeconds, timeoutMs, signal, onCompacted }: CompactionOptions,
): Promise<PartitionCompacted[]> {
  const result = await client.query({
    query: compactionCandidatesSql(layout),
    query_params: { database: layout.database, quiet_seconds: quietSeconds },
    format: 'JSONEachRow',
    abort_signal: signal,
  });
  const done: PartitionCompacted[] = [];
  for (const { table: stored, partition_id, parts } of await result.json<CompactionCandidate>()) {
    signal?.throwIfAborted();
    const table = COMPACTED_TABLES.find((compacted) => storageTableOf(compacted, layout) === stored);
    if (!table) continue;
    const started = performance.now();
    await client.command({ query: optimizePartitionStatement(layout, table, partition_id), clickhouse_settings: optimizeSettings(timeoutMs), abort_signal: signal });
    const compacted = { table: table.name, partitionId: partition_id, parts: Number(parts), seconds: (performance.now() - started) / 1000 };
    onCompacted?.(compacted);
    done.push(compacted);
  }
  return done;
}
