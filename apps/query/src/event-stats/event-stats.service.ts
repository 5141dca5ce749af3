import { Injectable } from '@nestjs/common';
import { EVENT_LIMITS } from '@tributary/contracts';
import { InvalidInputError } from '@tributary/platform';
import { isoOfTimeBound } from '../event-metrics/time-bound';
import { Dimension } from './dimensions';
import { timeSeriesAnswer, topGroupsAnswer, totalsAnswer, valueSeriesAnswer } from './event-stats-answer';
import { EventStatsDto } from './event-stats.dto';
import { BucketRow, EventStatsRepository } from './event-stats.repository';
import { EventStatsQuery, MAX_VALUE_SERIES_GROUPS, TimeGrouping } from './stats-query';
import { MAX_SERIES_BUCKETS, TimeBucket } from './time-buckets';

/** Every event is dated within these (and ClickHouse's DateTime holds them in every zone). */
const EVENT_TIMES = { first: new Date(EVENT_LIMITS.minTimestamp * 1000), last: new Date(EVENT_LIMITS.maxTimestamp * 1000) };

/** Buckets of the first and last event, Unix seconds. */
interface Span {
  first: number;
  last: number;
}

/**
 * Which reads a request needs, by its group_by, and the caps on the answer's size: a series'
 * buckets are counted before the events are read whenever from and to are both given.
 */
@Injectable()
export class EventStatsService {
  constructor(private readonly repository: EventStatsRepository) {}

  async stats(query: EventStatsQuery): Promise<EventStatsDto> {
    const time = query.groupBy.find((entry): entry is TimeGrouping => entry.kind === 'time');
    const dimensions = query.groupBy.filter((entry): entry is Dimension => entry.kind !== 'time');
    if (!time) return dimensions.length === 0 ? totalsAnswer(query, await this.repository.totals(query)) : topGroupsAnswer(query, await this.repository.topGroups(query, dimensions));
    return dimensions.length === 0 ? this.timeSeries(query, time.name) : this.valueSeries(query, dimensions[0], time.name);
  }

  private async timeSeries(query: EventStatsQuery, bucket: TimeBucket): Promise<EventStatsDto> {
    const bounded = query.from && query.to ? await this.series(query, bucket) : undefined;
    const rows = await this.repository.bucketCounts(query, bucket);
    const buckets = rows.filter((row) => Number(row.is_total) === 0);
    const span = buckets.length > 0 ? { first: Number(buckets[0].k0), last: Number(buckets[buckets.length - 1].k0) } : undefined;
    return timeSeriesAnswer(query, rows, bounded ?? (await this.series(query, bucket, span)));
  }

  private async valueSeries(query: EventStatsQuery, dimension: Dimension, bucket: TimeBucket): Promise<EventStatsDto> {
    const bounded = query.from && query.to ? await this.series(query, bucket) : undefined;
    const ranked = await this.repository.rankedValues(query, dimension, bucket);
    const counted = ranked.find((row) => Number(row.is_total) === 1);
    const span = counted && Number(counted.total_count) > 0 ? { first: Number(counted.first_bucket), last: Number(counted.last_bucket) } : undefined;
    const series = bounded ?? (await this.series(query, bucket, span));
    const values = ranked.filter((row) => Number(row.is_total) === 0).map((row) => String(row.k0));
    if (values.length * series.length > MAX_VALUE_SERIES_GROUPS) {
      const fitting = Math.floor(MAX_VALUE_SERIES_GROUPS / series.length);
      const reason = `${values.length} values of ${dimension.name} by ${series.length} ${bucket} buckets are more than ${MAX_VALUE_SERIES_GROUPS} groups: lower limit to ${fitting}, or choose a longer time bucket or a shorter range`;
      throw new InvalidInputError([{ field: 'limit', reason }]);
    }
    // Two statements the server runs side by side: each counts users (a set of them per group), the totals' over every event.
    const [[totals], rows] = await Promise.all([
      span ? this.repository.totals(query) : [],
      values.length > 0 && series.length > 0 ? this.repository.valueBucketCounts(query, dimension, values, bucket) : [],
    ]);
    return valueSeriesAnswer(query, ranked, totals, rows, series);
  }

  /**
   * The buckets from the range's start, else the first event's, to its end, else the last
   * event's, within the times events have; none without such an event. A longer series than
   * MAX_SERIES_BUCKETS is refused.
   */
  private async series(query: EventStatsQuery, bucket: TimeBucket, span?: Span): Promise<BucketRow[]> {
    const start = query.from ?? (span && new Date(span.first * 1000));
    const end = query.to ?? (span && new Date(span.last * 1000));
    if (!start || !end) return [];
    const [from, to] = [new Date(Math.max(+start, +EVENT_TIMES.first)), new Date(Math.min(+end, +EVENT_TIMES.last))];
    if (from > to) return [];
    const series = await this.repository.bucketSeries(query.tz, bucket, from, to);
    if (series.length > MAX_SERIES_BUCKETS) {
      const reason = `${bucket} buckets from ${isoOfTimeBound(from)} to ${isoOfTimeBound(to)} are more than ${MAX_SERIES_BUCKETS}: choose a longer time bucket or a shorter range (from, to)`;
      throw new InvalidInputError([{ field: 'group_by', reason }]);
    }
    return series;
  }
}
