import { Injectable } from '@nestjs/common';
import { DISTINCT_USERS, EVENTS } from '@tributary/platform';
import { LRUCache } from 'lru-cache';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { CompactedEvents, compactedEventsOf, EVERY_PART_FINAL, PartsToRead, partsToRead, StoredPart } from './parts-to-read';

/**
 * How long one lookup of the parts serves the reads after it. A part is never changed once
 * written, so a count from an older lookup is as exact as from a new one: a part merged away
 * since is read by its successor, FINAL, and a part written since is read FINAL either way
 * (countedOnceSql, DistinctUsersRepository; the fault spec counts from a stale lookup). What an
 * older lookup costs is speed only: a month compacted within that second is read FINAL until the next.
 */
export const PARTS_LOOKUP_TTL_MS = 1_000;

/** The parts of events and distinct_users that exact counts read by rows, looked up before them. */
@Injectable()
export class StoredPartsRepository {
  /** One entry: the tables' active parts, or none where every part is read FINAL. */
  private readonly lookups: LRUCache<'parts', { parts: StoredPart[] | undefined }>;

  constructor(private readonly events: ClickHouseEventsReader) {
    this.lookups = new LRUCache({
      max: 1,
      ttl: PARTS_LOOKUP_TTL_MS,
      fetchMethod: async () => ({ parts: await this.lookUp() }),
      // The global clock at each call, not the one lru-cache took when loaded: a test's fake timers replace it.
      perf: { now: () => performance.now() },
    });
  }

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

  /** The tables' active parts as looked up within PARTS_LOOKUP_TTL_MS (reads at once share the lookup); undefined where every part is read FINAL. */
  private async activeParts(): Promise<StoredPart[] | undefined> {
    return (await this.lookups.fetch('parts'))?.parts;
  }

  private async lookUp(): Promise<StoredPart[] | undefined> {
    if (!(await this.events.sends('enable_shared_storage_snapshot_in_query'))) return undefined;
    return this.events.rows<StoredPart>(STORED_PARTS_QUERY.sql, STORED_PARTS_QUERY.params);
  }
}

/** The active parts of the two tables, as partsToRead takes them. */
export const STORED_PARTS_QUERY = {
  sql: 'SELECT table, partition_id, name, level, rows FROM system.parts WHERE database = currentDatabase() AND table IN {tables:Array(String)} AND active',
  params: { tables: [EVENTS.name, DISTINCT_USERS.name] },
} as const;
