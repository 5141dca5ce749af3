import { Injectable } from '@nestjs/common';
import { CountsRow, EventStatsRepository } from '../event-stats/event-stats.repository';
import { EventStatsQuery, STATS_LIMIT } from '../event-stats/stats-query';
import { ReadScope } from '../read-scope/read-scope';
import { EventMetricsDto, GroupMetricsDto } from './event-metrics.dto';
import { GROUP_BY_ENTRIES, GROUP_KEY_TEXT, GroupBy } from './group-by';
import { MetricsQueryDto } from './metrics-query.dto';
import { isoOfTimeBound, timeRangeOf } from './time-bound';

/**
 * Seed 000's metrics, read through GET /events/stats' repository: one event name, exact counts
 * (every copy of an event collapsed), grouped by the channel or a UTC day or hour: every group
 * that has events, by its key.
 */
@Injectable()
export class EventMetricsService {
  constructor(private readonly repository: EventStatsRepository) {}

  async metrics(query: MetricsQueryDto, scope: ReadScope): Promise<EventMetricsDto> {
    const { from, to } = timeRangeOf(query.from, query.to);
    // limit caps the top groups of GET /events/stats; seed 000's answer has every group.
    const stats: EventStatsQuery = { scope, eventNames: [query.event_name], from, to, tz: 'UTC', filters: [], groupBy: [], limit: STATS_LIMIT.max, approximate: false };
    const { totals, groups } = query.group_by ? await this.groups(stats, query.group_by) : { totals: (await this.repository.totals(stats))[0], groups: [] };
    return {
      event_name: query.event_name,
      from: from ? isoOfTimeBound(from) : null,
      to: to ? isoOfTimeBound(to) : null,
      total_count: Number(totals?.total_count ?? 0),
      unique_user_count: Number(totals?.unique_user_count ?? 0),
      grouped_metrics: groups,
    };
  }

  private async groups(stats: EventStatsQuery, groupBy: GroupBy): Promise<{ totals?: CountsRow; groups: GroupMetricsDto[] }> {
    const rows = await this.repository.groupsInKeyOrder(stats, GROUP_BY_ENTRIES[groupBy]);
    return {
      totals: rows.find((row) => Number(row.is_total) === 1),
      groups: rows
        .filter((row) => Number(row.is_total) === 0)
        .map((row) => ({ group_key: GROUP_KEY_TEXT[groupBy](row.k0), total_count: Number(row.total_count), unique_user_count: Number(row.unique_user_count) })),
    };
  }
}
