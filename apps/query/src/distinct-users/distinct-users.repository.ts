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

/** A row of the users' read: which parts it counts (`base`, or `others`), or `present`: how many rows the base has, of every name. */
interface PartsCountRow extends UserCountRow {
  counted: 'base' | 'others' | 'present';
}

/** The users of the base's groups, kept with the base's rows as a statement found them. */
interface KeptCounts {
  baseRows: number;
  groups: UserCountRow[];
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
 * another name; a DELETE written as a patch part, which keeps the name, takes rows from every read
 * of it), so the base's counts are kept by its name, with its rows, and read again only once a
 * read finds other rows under that name (none: it is gone; a table made anew starts its names
 * again; fewer: a patch): that read then counts every other part FINAL, as a read from a stale
 * lookup does (docs/PERFORMANCE.md, Session 14).
 */
@Injectable()
export class DistinctUsersRepository {
  private readonly baseCounts = new LRUCache<string, KeptCounts>({ maxSize: KEPT_BASE_ROWS, sizeCalculation: (kept) => kept.groups.length + 1 });

  constructor(private readonly events: ClickHouseEventsReader) {}

  /** The users of each group of these breakdowns: `base` (StoredPartsRepository's usersBase) by rows, the other parts FINAL. */
  async userCounts(base: string, project: string, name: string, breakdowns: Breakdown[]): Promise<UserCountRow[]> {
    if (!base) return summed((await this.read(project, name, breakdowns, base)).rows);
    const kept = JSON.stringify([base, project, name, breakdowns]);
    const baseCounts = this.baseCounts.get(kept);
    if (baseCounts) {
      const others = await this.read(project, name, breakdowns, base, false);
      // Gone since its lookup (its successor holds its users, which only a read of it whole counts), or another part of that name.
      if (others.baseRows === baseCounts.baseRows) return summed([...baseCounts.groups, ...others.rows]);
      this.baseCounts.delete(kept);
    }
    const read = await this.read(project, name, breakdowns, base);
    if (read.baseRows > 0) this.baseCounts.set(kept, { baseRows: read.baseRows, groups: read.rows.filter((row) => row.counted === 'base') });
    return summed(read.rows);
  }

  /**
   * One statement, so one snapshot of the parts: every part FINAL without a base; else the base by
   * rows (unless not `withBase`), the other parts FINAL less the users the base holds, and how many
   * rows the base has (0: it is gone).
   */
  private async read(project: string, name: string, breakdowns: Breakdown[], base: string, withBase = true): Promise<{ rows: PartsCountRow[]; baseRows: number }> {
    const params = new QueryParams();
    const where = `WHERE project = ${params.bind('String', project)} AND name = ${params.bind('String', name)} AND breakdown IN ${params.bind('Array(String)', breakdowns)}`;
    const counted = (parts: PartsCountRow['counted'], from: string, condition = '', sign = ''): string =>
      `SELECT '${parts}' AS counted, breakdown, group_key, ${sign}toInt64(count()) AS users FROM ${from} ${where}${condition} GROUP BY breakdown, group_key`;
    const table = DISTINCT_USERS.name;
    if (!base) return { rows: await this.sum([counted('others', `${table} FINAL`)], params), baseRows: 0 };
    const part = params.bind('String', base);
    const inBase = ` AND _part = ${part}`;
    const others = ` AND _part != ${part}`;
    const rows = await this.sum(
      [
        ...(withBase ? [counted('base', table, inBase)] : []),
        counted('others', `${table} FINAL`, others),
        counted('others', table, `${inBase} AND (breakdown, group_key, user_hash) IN (SELECT breakdown, group_key, user_hash FROM ${table} ${where}${others})`, '-'),
        `SELECT 'present' AS counted, '' AS breakdown, '' AS group_key, toInt64(count()) AS users FROM ${table} WHERE _part = ${part}`,
      ],
      params,
    );
    const present = rows.find((row) => row.counted === 'present');
    return { rows: rows.filter((row) => row.counted !== 'present'), baseRows: Number(present?.users ?? 0) };
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

/** One group of one breakdown, as a map key: no breakdown's name holds a line feed. */
export const userGroupId = (breakdown: string, key: string): string => `${breakdown}\n${key}`;

/** Each group's users, summed over the rows of every part read. */
function summed(rows: UserCountRow[]): UserCountRow[] {
  const users = new Map<string, UserCountRow>();
  for (const { breakdown, key, users: count } of rows) {
    const id = userGroupId(breakdown, key);
    const group = users.get(id);
    if (group) group.users = Number(group.users) + Number(count);
    else users.set(id, { breakdown, key, users: Number(count) });
  }
  return [...users.values()];
}
