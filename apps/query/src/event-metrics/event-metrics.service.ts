import { Injectable } from '@nestjs/common';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { EventMetricsDto, GroupMetricsDto } from './event-metrics.dto';
import { GROUP_KEY_SQL } from './group-by';
import { MetricsQueryDto } from './metrics-query.dto';
import { isoOfTimeBound, timeRangeOf } from './time-bound';

interface MetricsRow {
  group_key?: string;
  is_total: number;
  total_count: number;
  unique_user_count: number;
}

/**
 * Exact counts: FINAL collapses every copy of an event (they share the sort key) before any
 * background merge has run. All copies of an event sit in one partition, so FINAL need not merge
 * across partitions.
 */
@Injectable()
export class EventMetricsService {
  constructor(private readonly events: ClickHouseEventsReader) {}

  async metrics(query: MetricsQueryDto): Promise<EventMetricsDto> {
    const { from, to } = timeRangeOf(query.from, query.to);

    const where = ['name = {event_name:String}'];
    if (from) where.push("event_time >= {from:DateTime64(3, 'UTC')}");
    if (to) where.push("event_time <= {to:DateTime64(3, 'UTC')}");
    const counts = "count() AS total_count, uniqExactIf(user_key, user_key != '') AS unique_user_count";
    const groupKey = query.group_by ? GROUP_KEY_SQL[query.group_by] : undefined;
    // GROUPING SETS gives the groups and the overall totals in one pass; is_total marks the latter.
    const sql = groupKey
      ? `SELECT ${groupKey} AS group_key, grouping(group_key) AS is_total, ${counts} FROM events FINAL
         WHERE ${where.join(' AND ')} GROUP BY GROUPING SETS ((group_key), ()) ORDER BY is_total, group_key`
      : `SELECT 1 AS is_total, ${counts} FROM events FINAL WHERE ${where.join(' AND ')}`;

    const rows = await this.events.rows<MetricsRow>(sql, {
      event_name: query.event_name,
      ...(from && { from: clickHouseTime(from) }),
      ...(to && { to: clickHouseTime(to) }),
    });
    const totals = rows.find((row) => Number(row.is_total) === 1);
    return {
      event_name: query.event_name,
      from: from ? isoOfTimeBound(from) : null,
      to: to ? isoOfTimeBound(to) : null,
      total_count: Number(totals?.total_count ?? 0),
      unique_user_count: Number(totals?.unique_user_count ?? 0),
      grouped_metrics: rows.filter((row) => Number(row.is_total) === 0).map(groupOf),
    };
  }
}

function groupOf(row: MetricsRow): GroupMetricsDto {
  return { group_key: String(row.group_key), total_count: Number(row.total_count), unique_user_count: Number(row.unique_user_count) };
}

/** DateTime64 text in UTC: 2024-01-15 10:30:00.000 */
function clickHouseTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
