import { Injectable } from '@nestjs/common';
import { DISTINCT_USERS, EVENTS } from '@tributary/platform';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { CompactedEvents, compactedEventsOf, EVERY_PART_FINAL, PartsToRead, partsToRead, StoredPart } from './parts-to-read';

/** The parts of events and distinct_users that exact counts read by rows, looked up before them. */
@Injectable()
export class StoredPartsRepository {
  constructor(private readonly events: ClickHouseEventsReader) {}

  /**
   * The parts to read by rows (partsToRead); every part FINAL on a server whose reads do not share
   * one snapshot of the parts, or on a cluster, whose parts are the shards'.
   */
  async partsToRead(): Promise<PartsToRead | undefined> {
    const parts = await this.activeParts();
    return parts ? partsToRead(parts) : EVERY_PART_FINAL;
  }

  /** The events' compacted parts (compactedEventsOf), or none, as partsToRead. */
  async compactedEvents(): Promise<CompactedEvents> {
    const parts = await this.activeParts();
    return parts ? compactedEventsOf(parts) : EVERY_PART_FINAL;
  }

  /** The tables' active parts; undefined where every part is read FINAL. */
  private async activeParts(): Promise<StoredPart[] | undefined> {
    if (!(await this.events.sends('enable_shared_storage_snapshot_in_query'))) return undefined;
    return this.events.rows<StoredPart>(STORED_PARTS_QUERY.sql, STORED_PARTS_QUERY.params);
  }
}

/** The active parts of the two tables, as partsToRead takes them. */
export const STORED_PARTS_QUERY = {
  sql: 'SELECT table, partition_id, name, level, rows FROM system.parts WHERE database = currentDatabase() AND table IN {tables:Array(String)} AND active',
  params: { tables: [EVENTS.name, DISTINCT_USERS.name] },
} as const;
