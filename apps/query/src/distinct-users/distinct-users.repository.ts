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
 * (StoredPartsRepository; docs/PERFORMANCE.md, Session 8).
 */
@Injectable()
export class DistinctUsersRepository {
  constructor(private readonly events: ClickHouseEventsReader) {}

  /** The users of each group of these breakdowns: `base` (StoredPartsRepository's usersBase) by rows, the other parts FINAL. */
  async userCounts(base: string, project: string, name: string, breakdowns: Breakdown[]): Promise<UserCountRow[]> {
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
