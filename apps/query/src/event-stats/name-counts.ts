import { Breakdown, EVENTS } from '@tributary/platform';
import { PartsToRead } from '../stored-parts/parts-to-read';
import { QueryParams } from './query-params';

/** A breakdown's group key from what HOURLY_COUNTS_PROJECTION keeps of an event: its channel and UTC hour. */
const KEY_OF_BREAKDOWN: Record<Exclude<Breakdown, ''>, string> = {
  channel: 'channel_type',
  day: 'toUnixTimestamp(toStartOfDay(toStartOfHour(event_time)))',
  hour: 'toUnixTimestamp(toStartOfHour(event_time))',
};

/**
 * The events of one name counted, whole (breakdown '': one row, total_count) or by a breakdown
 * (the totals row, is_total 1, then each group by its key, as groupsInKeyOrder reads them), each
 * event once:
 * - the compacted parts (each alone in its partition and merged: every event once) by their
 *   rows, which ClickHouse reads from the hourly_counts projection, a few thousand rows a month;
 * - every other part FINAL;
 * - less the events of the compacted parts that a part written since the lookup also holds (a
 *   copy, or the compacted part itself merged or rewritten under another name): their keys,
 *   looked up in the compacted partitions only, where such a part lands.
 * The users are not counted here (0): distinct_users has them.
 */
export function nameCountsSql(params: QueryParams, project: string, name: string, breakdown: Breakdown, parts: PartsToRead, rows?: number): string {
  const where = `project = ${params.bind('String', project)} AND name = ${params.bind('String', name)}`;
  const key = breakdown === '' ? undefined : KEY_OF_BREAKDOWN[breakdown];
  const counted = (sign: string, from: string, condition = ''): string =>
    `SELECT ${key ? `${key} AS k0, ` : ''}${sign}toInt64(count()) AS events FROM ${from} WHERE ${where}${condition}${key ? ' GROUP BY k0' : ''}`;
  const sources = parts.compactedEvents.length === 0 ? counted('', `${EVENTS.name} FINAL`) : compactedOrFinal(params, where, parts, counted);
  if (!key) return `SELECT sum(events) AS total_count, 0 AS unique_user_count FROM (${sources})`;
  return `SELECT grouping(k0) AS is_total, k0, sum(events) AS total_count, 0 AS unique_user_count, count() OVER (PARTITION BY is_total) AS groups_total
    FROM (${sources})
    GROUP BY GROUPING SETS ((k0), ())
    ORDER BY is_total DESC, k0 ASC
    ${rows === undefined ? '' : `LIMIT ${params.bind('UInt32', rows)}`}`;
}

/** The three counts of nameCountsSql, where some parts are compacted: none is named on a cluster, whose parts are the shards'. */
function compactedOrFinal(params: QueryParams, where: string, parts: PartsToRead, counted: (sign: string, from: string, condition: string) => string): string {
  const compacted = params.bind('Array(String)', parts.compactedEvents);
  const sortKey = EVENTS.orderBy;
  return [
    counted('', EVENTS.name, ` AND _part IN ${compacted}`),
    counted('', `${EVENTS.name} FINAL`, ` AND _part NOT IN ${compacted}`),
    counted(
      '-',
      EVENTS.name,
      ` AND _part IN ${compacted} AND ${sortKey} IN (SELECT ${sortKey} FROM ${EVENTS.name} WHERE ${where} AND _part NOT IN ${compacted} AND _partition_id IN ${params.bind('Array(String)', parts.compactedPartitions)})`,
    ),
  ].join('\n UNION ALL ');
}
