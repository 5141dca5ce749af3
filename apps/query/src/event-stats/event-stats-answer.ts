import { isoOfTimeBound } from '../event-metrics/time-bound';
import { EventStatsDto, EventStatsGroupDto } from './event-stats.dto';
import { BucketRow, CountsRow, GroupRow, ValueBucketRow } from './event-stats.repository';
import { EventStatsQuery } from './stats-query';
import { zonedIso } from './zoned-time';

/** Without group_by: the counts alone. */
export function totalsAnswer(query: EventStatsQuery, [totals]: CountsRow[]): EventStatsDto {
  return answerOf(query, totals, [], 0);
}

/** One or two dimensions: the rows as read, largest first. */
export function topGroupsAnswer(query: EventStatsQuery, rows: GroupRow[]): EventStatsDto {
  const { totals, groups } = split(rows);
  const keyed = groups.map((row) => groupOf(query.groupBy.map((entry, i) => [entry.name, String(i === 0 ? row.k0 : row.k1)]), row));
  return answerOf(query, totals, keyed, Number(groups[0]?.groups_total ?? 0));
}

/** A time bucket alone: the series' first `limit` buckets, those without events at zero. */
export function timeSeriesAnswer(query: EventStatsQuery, rows: GroupRow[], series: BucketRow[]): EventStatsDto {
  const { totals, groups } = split(rows);
  const counts = new Map(groups.map((row) => [Number(row.k0), row]));
  const [{ name }] = query.groupBy;
  const buckets = series.slice(0, query.limit).map((bucket) => groupOf([[name, zonedIso(bucket.bucket_start, bucket.utc_offset)]], counts.get(bucket.bucket_start)));
  return answerOf(query, totals, buckets, series.length);
}

/** A dimension and a time bucket: each top value of `ranked` with every bucket of the series; `totals` of every event matched. */
export function valueSeriesAnswer(query: EventStatsQuery, ranked: GroupRow[], totals: CountsRow | undefined, rows: ValueBucketRow[], series: BucketRow[]): EventStatsDto {
  const { groups: values } = split(ranked);
  const counts = new Map(rows.map((row) => [JSON.stringify([row.value, row.bucket_start]), row]));
  const groups = values.flatMap(({ k0 }) =>
    series.map((bucket) => {
      const keys = query.groupBy.map((entry): [string, string] => [entry.name, entry.kind === 'time' ? zonedIso(bucket.bucket_start, bucket.utc_offset) : String(k0)]);
      return groupOf(keys, counts.get(JSON.stringify([String(k0), bucket.bucket_start])));
    }),
  );
  return answerOf(query, totals, groups, Number(values[0]?.groups_total ?? 0));
}

function split(rows: GroupRow[]): { totals?: GroupRow; groups: GroupRow[] } {
  return { totals: rows.find((row) => Number(row.is_total) === 1), groups: rows.filter((row) => Number(row.is_total) === 0) };
}

/** The group's keys in group_by's order, then its counts; zeros for a group without events. */
function groupOf(keys: Array<[string, string]>, counts: CountsRow | undefined): EventStatsGroupDto {
  return { ...Object.fromEntries(keys), total_count: Number(counts?.total_count ?? 0), unique_user_count: Number(counts?.unique_user_count ?? 0) };
}

function answerOf(query: EventStatsQuery, totals: CountsRow | undefined, groups: EventStatsGroupDto[], groupsTotal: number): EventStatsDto {
  return {
    event_names: query.eventNames,
    from: query.from ? isoOfTimeBound(query.from) : null,
    to: query.to ? isoOfTimeBound(query.to) : null,
    tz: query.tz,
    group_by: query.groupBy.map((entry) => entry.name),
    total_count: Number(totals?.total_count ?? 0),
    unique_user_count: Number(totals?.unique_user_count ?? 0),
    groups_total: groupsTotal,
    groups,
    approximate: query.approximate,
  };
}
