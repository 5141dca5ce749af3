import { Injectable } from '@nestjs/common';
import { Breakdown, userHashSql } from '@tributary/platform';
import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { distinctUsersBreakdownOf } from '../distinct-users/distinct-users-breakdown';
import { DistinctUsersRepository, UserCountRow, userGroupId } from '../distinct-users/distinct-users.repository';
import { StoredPartsRepository } from '../stored-parts/stored-parts.repository';
import { Dimension, dimensionSql } from './dimensions';
import { fromEventsSql, INSTANT_TYPE } from './event-selection';
import { nameCountsSql } from './name-counts';
import { QueryParams } from '../query-params';
import { EventStatsQuery, GroupEntry } from './stats-query';
import { bucketCountSql, bucketStartSql, MAX_SERIES_BUCKETS, nthBucketSql, TimeBucket } from './time-buckets';

/** ClickHouse's JSON writes 64-bit integers as strings. */
type Count = number | string;

export interface CountsRow {
  total_count: Count;
  unique_user_count: Count;
}

/** A row of a GROUPING SETS read: is_total 1 for the counts of every event matched, which come first. */
export interface GroupRow extends CountsRow {
  is_total: number;
  /** The group's keys: a dimension's value, a bucket's start in Unix seconds. */
  k0: string | number;
  k1?: string | number;
  /** How many groups there are, on every group's row. */
  groups_total: Count;
  /** In topGroups with a time bucket, on the totals row: the buckets of the first and last event, Unix seconds. */
  first_bucket?: number;
  last_bucket?: number;
}

export interface ValueBucketRow extends CountsRow {
  value: string;
  bucket_start: number;
}

export interface BucketRow {
  /** Unix seconds. */
  bucket_start: number;
  /** The zone's offset to UTC at the bucket's start, in seconds. */
  utc_offset: number;
}

/**
 * The SQL of `GET /events/stats` and `GET /events/metrics`. Every read of events keeps to the
 * request's project (event-selection.ts builds every WHERE). Identifiers come from the dimension
 * registry and the time buckets only; every value a request carries (project, names, bounds,
 * zone, filter values, property keys, limits) is bound as a parameter. Exact counts read `FROM events FINAL`, approximate ones
 * the table as stored. Where distinct_users holds the exact unique users (every event of a name,
 * whole or by channel, UTC day or hour), the events are counted by hour in their compacted parts
 * (nameCountsSql) while their users are counted there (withDistinctUsers).
 */
@Injectable()
export class EventStatsRepository {
  constructor(
    private readonly events: ClickHouseEventsReader,
    private readonly distinctUsers: DistinctUsersRepository,
    private readonly storedParts: StoredPartsRepository,
  ) {}

  /** The counts of every event matched. */
  async totals(query: EventStatsQuery): Promise<CountsRow[]> {
    const params = new QueryParams();
    const counted = (): Promise<CountsRow[]> => this.events.rows(`SELECT ${countsSql(query)} ${scopeSql(query, params)}`, params.values);
    const breakdown = distinctUsersBreakdownOf(query);
    if (breakdown === undefined) return counted();
    return this.withDistinctUsers(query, breakdown, counted, (_, usersOf) => usersOf('', ''));
  }

  /** The totals, then the `limit` largest groups of one or two dimensions, by total_count, then by their values. */
  topGroups(query: EventStatsQuery, dimensions: Dimension[]): Promise<GroupRow[]> {
    const params = new QueryParams();
    const keys = dimensions.map((dimension) => dimensionSql(dimension, params.bind));
    return this.groupingSets(query, params, keys, topOrder(keys), query.limit + 1, countsSql(query), []);
  }

  /**
   * As topGroups for one dimension, its events counted but not its users (0): a value series
   * counts the users of its values by bucket and of the totals apart, and a set of users per value
   * here would hold every event's user once more. The totals row holds the first and last event's bucket.
   */
  rankedValues(query: EventStatsQuery, dimension: Dimension, spanOf: TimeBucket): Promise<GroupRow[]> {
    const params = new QueryParams();
    const keys = [dimensionSql(dimension, params.bind)];
    const span = spanSql(spanOf, params.bind(ZONE_TYPE, query.tz));
    return this.groupingSets(query, params, keys, topOrder(keys), query.limit + 1, EVENTS_COUNTED, span);
  }

  /** The totals, then the buckets that hold events, in time order: at most one more than a series may have. */
  bucketCounts(query: EventStatsQuery, bucket: TimeBucket): Promise<GroupRow[]> {
    return this.groupsInKeyOrder(query, { kind: 'time', name: bucket }, MAX_SERIES_BUCKETS + 2);
  }

  /**
   * The totals, then the groups of one dimension or time bucket that hold events, by their key
   * ascending (a bucket's key: its start in Unix seconds); every group without `rows`.
   */
  async groupsInKeyOrder(query: EventStatsQuery, entry: GroupEntry, rows?: number): Promise<GroupRow[]> {
    const params = new QueryParams();
    const key = entry.kind === 'time' ? `toUnixTimestamp(${bucketStartSql(entry.name, 'event_time', params.bind(ZONE_TYPE, query.tz))})` : dimensionSql(entry, params.bind);
    const counted = (): Promise<GroupRow[]> => this.groupingSets(query, params, [key], ['k0 ASC'], rows, countsSql(query), []);
    const breakdown = distinctUsersBreakdownOf(query, entry);
    if (breakdown === undefined) return counted();
    const usersOfGroup = (group: GroupRow, usersOf: UsersOf): number => (Number(group.is_total) === 1 ? usersOf('', '') : usersOf(breakdown, String(group.k0)));
    return this.withDistinctUsers(query, breakdown, counted, usersOfGroup, rows);
  }

  /**
   * Every event of one name counted by nameCountsSql while its users are read in distinct_users,
   * at once (two statements the server runs side by side; the view writes an insert's users with
   * its events, so once the insert is done both have them); or by `counted`, from the events with
   * their users, while distinct_users' parts do not serve.
   */
  private async withDistinctUsers<Row extends CountsRow>(
    query: EventStatsQuery,
    breakdown: Breakdown,
    counted: () => Promise<Row[]>,
    usersOfRow: (row: Row, usersOf: UsersOf) => number,
    rows?: number,
  ): Promise<Row[]> {
    const parts = await this.storedParts.partsToRead();
    if (!parts) return counted();
    const [name, project] = [query.eventNames[0], query.scope.project];
    const params = new QueryParams();
    const [counts, users] = await Promise.all([
      this.events.rows<Row>(nameCountsSql(params, project, name, breakdown, parts, rows), params.values),
      this.distinctUsers.userCounts(parts.usersBase, project, name, breakdown === '' ? [''] : ['', breakdown]),
    ]);
    const usersOf = usersByGroup(users);
    return counts.map((row) => ({ ...row, unique_user_count: usersOfRow(row, usersOf) }));
  }

  /** The counts of each bucket that holds events of the dimension's `values`. */
  valueBucketCounts(query: EventStatsQuery, dimension: Dimension, values: string[], bucket: TimeBucket): Promise<ValueBucketRow[]> {
    const params = new QueryParams();
    const value = dimensionSql(dimension, params.bind);
    const start = bucketStartSql(bucket, 'event_time', params.bind(ZONE_TYPE, query.tz));
    // The values' condition joins the request's filters, so it narrows the scope's WHERE.
    const scoped: EventStatsQuery = { ...query, filters: [...query.filters, { dimension, values }] };
    return this.events.rows(
      `SELECT ${value} AS value, toUnixTimestamp(${start}) AS bucket_start, ${countsSql(query)}
       ${scopeSql(scoped, params)}
       GROUP BY value, bucket_start`,
      params.values,
    );
  }

  /**
   * Every bucket from the one holding `from` to the one holding `to`, in the zone's calendar;
   * at most one more than a series may have, so a longer series is never generated whole.
   */
  bucketSeries(tz: string, bucket: TimeBucket, from: Date, to: Date): Promise<BucketRow[]> {
    const params = new QueryParams();
    const zone = params.bind(ZONE_TYPE, tz);
    const first = params.bind(INSTANT_TYPE, from);
    const count = `least(${bucketCountSql(bucket, first, params.bind(INSTANT_TYPE, to), zone)}, ${params.bind('UInt32', MAX_SERIES_BUCKETS + 1)})`;
    return this.events.rows(
      `SELECT toUnixTimestamp(bucket) AS bucket_start, timeZoneOffset(bucket) AS utc_offset
       FROM (SELECT ${nthBucketSql(bucket, first, 'number', zone)} AS bucket FROM numbers(${count}))
       ORDER BY bucket_start`,
      params.values,
    );
  }

  /** GROUPING SETS gives the groups and the totals in one pass over one state of the table. */
  private groupingSets(
    query: EventStatsQuery,
    params: QueryParams,
    keys: string[],
    order: string[],
    rows: number | undefined,
    counts: string,
    extra: string[],
  ): Promise<GroupRow[]> {
    const names = keys.map((_, i) => `k${i}`);
    const columns = [
      'grouping(k0) AS is_total',
      ...keys.map((key, i) => `${key} AS ${names[i]}`),
      counts,
      'count() OVER (PARTITION BY is_total) AS groups_total',
      ...extra,
    ];
    return this.events.rows(
      `SELECT ${columns.join(', ')}
       ${scopeSql(query, params)}
       GROUP BY GROUPING SETS ((${names.join(', ')}), ())
       ORDER BY is_total DESC, ${order.join(', ')}
       ${rows === undefined ? '' : `LIMIT ${params.bind('UInt32', rows)}`}`,
      params.values,
    );
  }
}

const ZONE_TYPE = 'String';

/**
 * Unique users are user_key (user_id, else the anonymous id); an event with neither counts none.
 * Approximate: HyperLogLog of 4,096 registers, a few KB a group whatever the users, 3 times
 * faster than `uniq`'s sample of up to 65,536 hashes at 10M events (docs/PERFORMANCE.md).
 * Counted by user_hash, user_key's stored 128-bit hash: exact as the event ids are
 * (docs/metrics-api.md), and it reads neither the strings nor hashes them at query time.
 */
function countsSql(query: EventStatsQuery): string {
  // The estimate takes 64 bits of the hash: already uniform, and 18 % sooner than the whole 128 (docs/PERFORMANCE.md, Session 9).
  const [uniq, user] = query.approximate ? ['uniqHLL12If', 'toUInt64(user_hash)'] : ['uniqExactIf', 'user_hash'];
  return `count() AS total_count, ${uniq}(${user}, user_hash != ${EMPTY_USER_HASH}) AS unique_user_count`;
}

const EVENTS_COUNTED = 'count() AS total_count, 0 AS unique_user_count';

/** The largest groups first, then by their keys. */
const topOrder = (keys: string[]): string[] => ['total_count DESC', ...keys.map((_, i) => `k${i} ASC`)];

/** The users of a group of a breakdown, by its key. */
type UsersOf = (breakdown: string, key: string) => number;

/** The users of a group of a breakdown, by a lookup (an hourly series has thousands); a group without users has no row. */
function usersByGroup(rows: UserCountRow[]): UsersOf {
  const users = new Map(rows.map((row) => [userGroupId(row.breakdown, row.key), Number(row.users)]));
  return (breakdown, key) => users.get(userGroupId(breakdown, key)) ?? 0;
}

const EMPTY_USER_HASH = userHashSql("''");

function spanSql(bucket: TimeBucket, tz: string): string[] {
  const start = bucketStartSql(bucket, 'event_time', tz);
  return [`toUnixTimestamp(min(${start})) AS first_bucket`, `toUnixTimestamp(max(${start})) AS last_bucket`];
}

/** FROM and WHERE: exact counts read every event once, approximate ones the table as stored. */
function scopeSql(query: EventStatsQuery, params: QueryParams): string {
  return fromEventsSql(query, params, { final: !query.approximate });
}
