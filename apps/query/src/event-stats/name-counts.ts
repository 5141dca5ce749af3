import { Breakdown } from '@tributary/platform';
import { countedOnceSql } from '../stored-parts/counted-once';
import { PartsToRead } from '../stored-parts/parts-to-read';
import { QueryParams } from '../query-params';

/** A breakdown's group key from what HOURLY_COUNTS_PROJECTION keeps of an event: its channel and UTC hour. */
const KEY_OF_BREAKDOWN: Record<Exclude<Breakdown, ''>, string> = {
  channel: 'channel_type',
  day: 'toUnixTimestamp(toStartOfDay(toStartOfHour(event_time)))',
  hour: 'toUnixTimestamp(toStartOfHour(event_time))',
};

/**
 * The events of one name counted, whole (breakdown '': one row, total_count) or by a breakdown
 * (the totals row, is_total 1, then each group by its key, as groupsInKeyOrder reads them), each
 * event once (countedOnceSql). The users are not counted here (0): distinct_users has them.
 */
export function nameCountsSql(params: QueryParams, project: string, name: string, breakdown: Breakdown, parts: PartsToRead, rows?: number): string {
  const where = `project = ${params.bind('String', project)} AND name = ${params.bind('String', name)}`;
  const key = breakdown === '' ? undefined : KEY_OF_BREAKDOWN[breakdown];
  const sources = countedOnceSql(params, where, key, parts);
  if (!key) return `SELECT sum(events) AS total_count, 0 AS unique_user_count FROM (${sources})`;
  return `SELECT grouping(k0) AS is_total, k0, sum(events) AS total_count, 0 AS unique_user_count, count() OVER (PARTITION BY is_total) AS groups_total
    FROM (${sources})
    GROUP BY GROUPING SETS ((k0), ())
    ORDER BY is_total DESC, k0 ASC
    ${rows === undefined ? '' : `LIMIT ${params.bind('UInt32', rows)}`}`;
}
