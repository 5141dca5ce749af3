import { Injectable } from '@nestjs/common';
import { Breakdown, DISTINCT_USERS } from '@tributary/platform';
import { LRUCache } from 'lru-cache';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { QueryParams } from '../query-params';

/** The unique users of one group of a breakdown. */
export interface UserCountRow {
  breakdown: Breakdown;
  /** The channel; a day's or hour's start in Unix seconds; '' for the whole breakdown. */
  key: string;
  users: number | string;
}

/** A row of the users' read: which parts it counts (`base`, `since`: every other part), or `present`: the base's rows, all of them. */
interface PartsCountRow extends UserCountRow {
  counted: 'base' | 'since' | 'present';
}

/**
 * The base's counts kept, as rows in all: an hourly breakdown over a year is 8,760 rows, and
 * these are a few MB (a row is a few hundred bytes on the heap).
 */
const KEPT_BASE_ROWS = 20_000;

/**
 * Unique users counted as rows of distinct_users, where every part holds each key once (a merge's
 * output, or an insert's, which ClickHouse merges on insert: its level is above 0). The largest
 * such part, the base, is counted by rows; the parts written since are read FINAL, and their users
 * the base already has are subtracted: exact only if every subquery reads one snapshot of the parts,
 * which servers before enable_shared_storage_snapshot_in_query do not promise. Without it, or
 * without a base (a cluster, whose parts are the shards'), every part is read FINAL
 * (StoredPartsRepository; docs/PERFORMANCE.md, Session 8).
 *
 * A part never changes once written (a mutation, an erasure's DELETE too, writes it anew under
 * another name), so the base's counts are kept by its name, and read again only once it is gone:
 * the read that finds it gone reads its successor FINAL, as a read from a stale lookup does
 * (docs/PERFORMANCE.md, Session 14).
 */
@Injectable()
export class DistinctUsersRepository {
  private readonly baseCounts = new LRUCache<string, UserCountRow[]>({ maxSize: KEPT_BASE_ROWS, sizeCalculation: (rows) => rows.length + 1 });

  constructor(private readonly events: ClickHouseEventsReader) {}

  /** The users of each group of these breakdowns: `base` (StoredPartsRepository's usersBase) by rows, the other parts FINAL. */
  async userCounts(base: string, project: string, name: string, breakdowns: Breakdown[]): Promise<UserCountRow[]> {
    if (!base) return summed((await this.read(project, name, breakdowns, base)).rows);
    const kept = JSON.stringify([base, project, name, breakdowns]);
    const baseCounts = this.baseCounts.get(kept);
    if (baseCounts) {
      const since = await this.read(project, name, breakdowns, base, false);
      // Gone since its lookup: its successor holds its users, which only a read of it whole counts.
      if (since.present) return summed([...baseCounts, ...since.rows]);
      this.baseCounts.delete(kept);
    }
    const read = await this.read(project, name, breakdowns, base);
    if (read.present) this.baseCounts.set(kept, read.rows.filter((row) => row.counted === 'base'));
    return summed(read.rows);
  }

  /**
   * One statement, so one snapshot of the parts: every part FINAL without a base; else the base by
   * rows (unless not `withBase`), the parts written since FINAL less the users the base holds, and
   * whether the base is there.
   */
  private async read(project: string, name: string, breakdowns: Breakdown[], base: string, withBase = true): Promise<{ rows: PartsCountRow[]; present: boolean }> {
    const params = new QueryParams();
    const where = `WHERE project = ${params.bind('String', project)} AND name = ${params.bind('String', name)} AND breakdown IN ${params.bind('Array(String)', breakdowns)}`;
    const counted = (parts: PartsCountRow['counted'], from: string, condition = '', sign = ''): string =>
      `SELECT '${parts}' AS counted, breakdown, group_key, ${sign}toInt64(count()) AS users FROM ${from} ${where}${condition} GROUP BY breakdown, group_key`;
    const table = DISTINCT_USERS.name;
    if (!base) return { rows: await this.sum([counted('since', `${table} FINAL`)], params), present: false };
    const part = params.bind('String', base);
    const inBase = ` AND _part = ${part}`;
    const since = ` AND _part != ${part}`;
    const rows = await this.sum(
      [
        ...(withBase ? [counted('base', table, inBase)] : []),
        counted('since', `${table} FINAL`, since),
        counted('since', table, `${inBase} AND (breakdown, group_key, user_hash) IN (SELECT breakdown, group_key, user_hash FROM ${table} ${where}${since})`, '-'),
        `SELECT 'present' AS counted, '' AS breakdown, '' AS group_key, toInt64(count()) AS users FROM ${table} WHERE _part = ${part}`,
      ],
      params,
    );
    return { rows: rows.filter((row) => row.counted !== 'present'), present: rows.some((row) => row.counted === 'present' && Number(row.users) > 0) };
  }

  private sum(sources: string[], params: QueryParams): Promise<PartsCountRow[]> {
    return this.events.rows(
      `SELECT counted, breakdown, if(breakdown IN ('day', 'hour'), toString(toUnixTimestamp(toDateTime(group_key, 'UTC'))), toString(group_key)) AS key, sum(users) AS users
       FROM (${sources.join('\n UNION ALL ')})
       GROUP BY counted, breakdown, group_key`,
      params.values,
      { optimize_aggregation_in_order: 1 },
    );
  }
}

/** Each group's users, summed over the rows of every part read. */
function summed(rows: UserCountRow[]): UserCountRow[] {
  const users = new Map<string, UserCountRow>();
  for (const { breakdown, key, users: count } of rows) {
    const id = `${breakdown}\n${key}`;
    const group = users.get(id);
    if (group) group.users = Number(group.users) + Number(count);
    else users.set(id, { breakdown, key, users: Number(count) });
  }
  return [...users.values()];
}
