import { EVENTS } from '@tributary/platform';
import { QueryParams } from '../query-params';
import { CompactedEvents } from './parts-to-read';

/**
 * Rows (k0 when keyed, events) whose events add up to those `where` selects, each event once, by
 * `key` when given:
 * - the compacted parts (each alone in its partition and merged: every event once) by their
 *   rows, which ClickHouse reads from the hourly_counts projection where `where` and `key` keep to
 *   its columns: a few thousand rows a month for one name, a few hundred thousand for a source's names;
 * - every other part FINAL;
 * - less the events of the compacted parts that a part written since the lookup also holds (a
 *   copy, or the compacted part itself merged or rewritten under another name): their keys,
 *   looked up in the compacted partitions only, where such a part lands.
 * Every part FINAL where none is compacted. Exact only while every subquery reads one snapshot
 * of the parts (enable_shared_storage_snapshot_in_query), which is when parts are named compacted.
 */
export function countedOnceSql(params: QueryParams, where: string, key: string | undefined, parts: CompactedEvents): string {
  const counted = (sign: string, from: string, condition = ''): string =>
    `SELECT ${key ? `${key} AS k0, ` : ''}${sign}toInt64(count()) AS events FROM ${from} WHERE ${where}${condition}${key ? ' GROUP BY k0' : ''}`;
  if (parts.compactedEvents.length === 0) return counted('', `${EVENTS.name} FINAL`);
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
