import { ClickHouseClient } from '@clickhouse/client';
import { Injectable } from '@nestjs/common';

/**
 * Runs the read models' SELECTs on the events table, whose SQL reads it `FROM events FINAL`: FINAL
 * collapses every copy of an event (they share the sort key) before any background merge has
 * run, and all copies of an event sit in one partition, so FINAL need not merge across them.
 */
@Injectable()
export class ClickHouseEventsReader {
  constructor(private readonly client: ClickHouseClient) {}

  async rows<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
    const result = await this.client.query({
      query,
      format: 'JSONEachRow',
      query_params: params,
      clickhouse_settings: { do_not_merge_across_partitions_select_final: 1 },
    });
    return result.json<T>();
  }
}
