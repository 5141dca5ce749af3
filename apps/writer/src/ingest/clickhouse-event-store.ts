import { ClickHouseClient } from '@clickhouse/client';
import { Injectable } from '@nestjs/common';
import { EventRow } from './event-row';
import { EventStore, StoredSortKey } from './event-store';

@Injectable()
export class ClickHouseEventStore extends EventStore {
  constructor(private readonly client: ClickHouseClient) {
    super();
  }

  async insert(rows: EventRow[], dedupToken: string): Promise<void> {
    await this.client.insert({
      table: 'events',
      values: rows,
      format: 'JSONEachRow',
      clickhouse_settings: { insert_deduplication_token: dedupToken },
    });
  }

  async storedSortKeys(ids: string[]): Promise<Map<string, StoredSortKey>> {
    if (ids.length === 0) return new Map();
    const result = await this.client.query({
      query: `SELECT toString(id) AS id, toString(min(event_time)) AS event_time, any(channel_type) AS channel_type
              FROM events WHERE id IN {ids:Array(UUID)} GROUP BY id`,
      query_params: { ids },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ id: string } & StoredSortKey>();
    return new Map(rows.map(({ id, ...key }) => [id, key]));
  }
}
