import { ClickHouseClient } from '@clickhouse/client';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { classifyInsertError } from './clickhouse-refusals';
import { EventRow } from './event-row';
import { EventStore, RowProbe, StoredSortKey } from './event-store';

const TABLE = 'events';
const PROBE_PREFIX = `${TABLE}_refusal_probe_`;
/** A probe lives for the seconds of one batch's split; one this old was left by a writer that died. */
const ABANDONED_PROBE_MS = 10 * 60_000;

const PROBE_NAME = new RegExp(`^${PROBE_PREFIX}(\\d+)_[0-9a-f]+$`);

/** Probe tables are named `<prefix><created, Unix ms>_<random>`. */
export function isAbandonedProbe(name: string, now: number): boolean {
  const created = Number(PROBE_NAME.exec(name)?.[1]);
  return Number.isFinite(created) && now - created > ABANDONED_PROBE_MS;
}

/** Ids travel as a query parameter, in the URL: 1,000 make about 40 KB. */
const LOOKUP_IDS_PER_QUERY = 1000;

/**
 * Event times span 2000 to 2100: a batch may hold more months than ClickHouse's default of 100
 * partitions per insert, and refusing it would stop the partition for no fault of any row.
 * On a cluster (CLICKHOUSE_CLUSTER) events is a Distributed table, which by default acknowledges
 * an insert once queued on the server it reached: foreground, it answers once every shard has its
 * rows, so that the offsets are committed only after that. A plain table ignores the setting.
 */
const INSERT_SETTINGS = { max_partitions_per_insert_block: '0', distributed_foreground_insert: 1 } as const;

@Injectable()
export class ClickHouseEventStore extends EventStore {
  private lastProbeSweep = -Infinity;

  constructor(private readonly client: ClickHouseClient) {
    super();
  }

  async insert(rows: EventRow[], dedupToken: string): Promise<void> {
    await this.insertInto(TABLE, rows, dedupToken);
  }

  /**
   * A table of the Null engine made `AS events` now: the same columns, types and constraints, so
   * it refuses exactly what events would, and it stores nothing. One per probe, so that writers
   * and partitions probing at once never share one.
   */
  async openProbe(): Promise<RowProbe> {
    await this.dropAbandonedProbes();
    const probeTable = `${PROBE_PREFIX}${Date.now()}_${randomBytes(6).toString('hex')}`;
    await this.client.command({ query: `CREATE TABLE ${probeTable} AS ${TABLE} ENGINE = Null` });
    return {
      check: (rows) => this.insertInto(probeTable, rows),
      close: async () => {
        await this.client.command({ query: `DROP TABLE IF EXISTS ${probeTable} SYNC` });
      },
    };
  }

  /**
   * A writer killed while probing leaves its (empty) probe table: one older than any probe lives
   * is dropped. Looked for once per that age, not before every split.
   */
  private async dropAbandonedProbes(): Promise<void> {
    if (Date.now() - this.lastProbeSweep < ABANDONED_PROBE_MS) return;
    this.lastProbeSweep = Date.now();
    const result = await this.client.query({
      query: 'SELECT name FROM system.tables WHERE database = currentDatabase() AND startsWith(name, {prefix:String})',
      query_params: { prefix: PROBE_PREFIX },
      format: 'JSONEachRow',
    });
    for (const { name } of await result.json<{ name: string }>()) {
      if (isAbandonedProbe(name, Date.now())) await this.client.command({ query: `DROP TABLE IF EXISTS ${name} SYNC` });
    }
  }

  /** JSONCompactEachRow: rows as arrays, the column names once; ClickHouse parses it faster (docs/PERFORMANCE.md). */
  private async insertInto(table: string, rows: EventRow[], dedupToken?: string): Promise<void> {
    const columns = Object.keys(rows[0]) as [string, ...string[]];
    try {
      await this.client.insert<unknown>({
        table,
        columns,
        values: rows.map((row) => columns.map((column) => row[column])),
        format: 'JSONCompactEachRow',
        clickhouse_settings: { ...INSERT_SETTINGS, ...(dedupToken && { insert_deduplication_token: dedupToken }) },
      });
    } catch (error) {
      throw classifyInsertError(error);
    }
  }

  async storedSortKeys(ids: string[]): Promise<Map<string, StoredSortKey>> {
    const found = new Map<string, StoredSortKey>();
    for (let start = 0; start < ids.length; start += LOOKUP_IDS_PER_QUERY) {
      for (const [id, key] of await this.lookUp(ids.slice(start, start + LOOKUP_IDS_PER_QUERY))) found.set(id, key);
    }
    return found;
  }

  private async lookUp(ids: string[]): Promise<Map<string, StoredSortKey>> {
    // Aliases must not shadow the columns: WHERE would compare against the alias.
    const result = await this.client.query({
      query: `SELECT id, toString(min(event_time)) AS first_event_time, argMin(channel_type, event_time) AS first_channel_type
              FROM event_id_sort_keys WHERE id IN {ids:Array(UUID)} GROUP BY id`,
      query_params: { ids },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ id: string; first_event_time: string; first_channel_type: string }>();
    return new Map(rows.map((row) => [row.id, { event_time: row.first_event_time, channel_type: row.first_channel_type }]));
  }
}
