import { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { rowsReadOf } from './clickhouse-summary';

/**
 * Runs the read models' SELECTs on the events table. The counts read it `FROM events FINAL`,
 * which collapses every copy of an event (they share the sort key) before any background merge
 * has run; all copies of an event sit in one partition, so FINAL need not merge across them. The
 * listings read plain rows in a projection's order and collapse the copies themselves.
 * Counts the rows each read, as ClickHouse reports them.
 */
@Injectable()
export class ClickHouseEventsReader {
  private readonly rowsRead: Counter;
  private knownSettings?: Promise<ClickHouseSettings>;

  constructor(
    private readonly client: ClickHouseClient,
    registry: Registry,
  ) {
    this.rowsRead = new Counter({
      name: 'tributary_query_rows_read_total',
      help: 'Rows ClickHouse read to answer the queries (read_rows of its X-ClickHouse-Summary)',
      registers: [registry],
    });
  }

  async rows<T>(query: string, params: Record<string, unknown>, settings: ClickHouseSettings = {}): Promise<T[]> {
    const result = await this.client.query({
      query,
      format: 'JSONEachRow',
      query_params: params,
      // ClickHouse sends its summary with the headers: only a response it buffers whole has the whole read counted there.
      clickhouse_settings: { do_not_merge_across_partitions_select_final: 1, wait_end_of_query: 1, ...(await this.newerSettings()), ...settings },
    });
    this.rowsRead.inc(rowsReadOf(result.response_headers));
    return result.json<T>();
  }

  /** Whether the server has one of NEWER_SETTINGS, which every read then sends. */
  async sends(setting: keyof typeof NEWER_SETTINGS): Promise<boolean> {
    return setting in (await this.newerSettings());
  }

  /**
   * Settings of newer servers, sent only where the server has them (asked once): an older one
   * would refuse them as unknown.
   * - ClickHouse 26 reads a filtered `ORDER BY … LIMIT n` in the sort key's order (stopping after
   *   n rows) only through its TopK optimization, which it allows up to n = 1,000 by default: a
   *   window of 10,020 rows was read whole and sorted, 1.6 s at 10M events against 0.1 s in order.
   *   Servers before that setting read in order without it.
   * - One snapshot of a table's parts for every subquery of a statement: distinct_users' counts
   *   subtract what one read of the table finds from another's.
   */
  private newerSettings(): Promise<ClickHouseSettings> {
    this.knownSettings ??= this.client
      .query({ query: 'SELECT name FROM system.settings WHERE name IN {names:Array(String)}', query_params: { names: Object.keys(NEWER_SETTINGS) }, format: 'JSONEachRow' })
      .then((result) => result.json<{ name: string }>())
      .then((rows): ClickHouseSettings => Object.fromEntries(rows.map(({ name }) => [name, NEWER_SETTINGS[name as keyof typeof NEWER_SETTINGS]])))
      .catch(() => {
        this.knownSettings = undefined;
        return {};
      });
    return this.knownSettings;
  }
}

const NEWER_SETTINGS = {
  /** 0: no limit. */
  query_plan_max_limit_for_top_k_optimization: 0,
  enable_shared_storage_snapshot_in_query: 1,
} as const satisfies ClickHouseSettings;
