import { Injectable } from '@nestjs/common';
import { Breakdown, DISTINCT_USERS } from '@tributary/platform';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { QueryParams } from '../event-stats/query-params';

/** The unique users of one group of a breakdown. */
export interface UserCountRow {
  breakdown: Breakdown;
  /** The channel; a day's or hour's start in Unix seconds; '' for the whole breakdown. */
  key: string;
  users: number | string;
}

/**
 * Unique users counted as rows of distinct_users, where every part holds each key once (a merge's
 * output, or an insert's, which ClickHouse merges on insert: its level is above 0). The largest
 * such part, the base, is counted by rows; the parts written since are read FINAL, and their users
 * the base already has are subtracted: exact only if every subquery reads one snapshot of the parts,
 * which servers before enable_shared_storage_snapshot_in_query do not promise. Without it, or
 * without a base (a cluster, whose parts are the shards'), every part is read FINAL
 * (docs/PERFORMANCE.md, Session 8).
 */
@Injectable()
export class DistinctUsersRepository {
  constructor(private readonly events: ClickHouseEventsReader) {}

  /**
   * Which parts a count reads: the base counted by rows and the others FINAL; every part FINAL
   * (base ''); or undefined while the parts written since the base hold more rows than
   * FRESH_ROWS_READ allows (after a bulk load, until ClickHouse merges them), when counting the
   * events' users is sooner. Asked before the events are counted, so that neither is read twice.
   */
  async partsToRead(): Promise<{ base: string } | undefined> {
    if (!(await this.events.sends('enable_shared_storage_snapshot_in_query'))) return { base: '' };
    const [parts] = await this.events.rows<PartsRow>(
      `SELECT argMaxIf(name, (rows, name), level > 0) AS base, maxIf(rows, level > 0) AS base_rows, sum(rows) - base_rows AS fresh_rows
       FROM system.parts WHERE database = currentDatabase() AND table = {table:String} AND active`,
      { table: DISTINCT_USERS.name },
    );
    if (parts.base && Number(parts.fresh_rows) > Math.max(FRESH_ROWS_READ.shareOfBase * Number(parts.base_rows), FRESH_ROWS_READ.always)) return undefined;
    return { base: parts.base };
  }

  /** The users of each group of these breakdowns, read from the parts partsToRead gave. */
  async userCounts({ base }: { base: string }, project: string, name: string, breakdowns: Breakdown[]): Promise<UserCountRow[]> {
    const params = new QueryParams();
    const where = `WHERE project = ${params.bind('String', project)} AND name = ${params.bind('String', name)} AND breakdown IN ${params.bind('Array(String)', breakdowns)}`;
    const counted = (from: string, condition = '', sign = ''): string =>
      `SELECT breakdown, group_key, ${sign}toInt64(count()) AS users FROM ${from} ${where}${condition} GROUP BY breakdown, group_key`;
    const table = DISTINCT_USERS.name;
    let sources = [counted(`${table} FINAL`)];
    if (base) {
      const part = params.bind('String', base);
      const inBase = ` AND _part = ${part}`;
      const fresh = ` AND _part != ${part}`;
      sources = [
        counted(table, inBase),
        counted(`${table} FINAL`, fresh),
        counted(table, `${inBase} AND (breakdown, group_key, user_hash) IN (SELECT breakdown, group_key, user_hash FROM ${table} ${where}${fresh})`, '-'),
      ];
    }
    return this.events.rows(
      `SELECT breakdown, if(breakdown IN ('day', 'hour'), toString(toUnixTimestamp(toDateTime(group_key, 'UTC'))), toString(group_key)) AS key, sum(users) AS users
       FROM (${sources.join('\n UNION ALL ')})
       GROUP BY breakdown, group_key`,
      params.values,
      { optimize_aggregation_in_order: 1 },
    );
  }
}

interface PartsRow {
  base: string;
  base_rows: number | string;
  fresh_rows: number | string;
}

/**
 * How many rows of parts written since the base a count reads before the events' users are
 * counted instead: their keys are read FINAL and looked up among the base's. Steady ingestion
 * leaves about 1 % of the base there between merges (22 to 28 ms at 10M events); a bulk load
 * leaves most of the table there, where the events' own count is sooner (docs/PERFORMANCE.md, Session 8).
 */
const FRESH_ROWS_READ = { shareOfBase: 0.1, always: 200_000 } as const;
