import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { DIMENSION_NAMES, DIMENSIONS } from './dimensions';
import { EventStatsRepository } from './event-stats.repository';
import { EventStatsQuery } from './stats-query';
import { TIME_BUCKETS } from './time-buckets';

interface Select {
  sql: string;
  params: Record<string, unknown>;
}

/** The repository over a reader that records each SELECT and answers no rows. */
function recorded(): { repository: EventStatsRepository; sent: Select[] } {
  const sent: Select[] = [];
  const reader = { rows: async (sql: string, params: Record<string, unknown>) => (sent.push({ sql: sql.replace(/\s+/g, ' ').trim(), params }), []) } as unknown as ClickHouseEventsReader;
  return { repository: new EventStatsRepository(reader), sent };
}

const HOSTILE = "x') OR 1=1; DROP TABLE events; --";
const query = (overrides: Partial<EventStatsQuery> = {}): EventStatsQuery => ({ eventNames: [], tz: 'UTC', filters: [], groupBy: [], limit: 100, approximate: false, ...overrides });

/** A request that puts its own text everywhere it can: names, zone, filter values, property keys. */
const HOSTILE_QUERY = query({
  eventNames: [HOSTILE],
  from: new Date('2024-03-29T00:00:00Z'),
  to: new Date('2024-04-03T00:00:00Z'),
  tz: 'Europe/Berlin',
  filters: [
    { dimension: { kind: 'column', name: 'country' }, values: [HOSTILE, 'DE'] },
    { dimension: { kind: 'property', name: `property.${HOSTILE}`, key: HOSTILE }, values: [HOSTILE] },
  ],
});
const PROPERTY = { kind: 'property', name: `property.${HOSTILE}`, key: HOSTILE } as const;

/** Every word the SQL may hold: keywords, functions, the aliases it names, and the registry's columns. */
const VOCABULARY = new Set([
  ...'SELECT FROM WHERE AND IN AS FINAL GROUP BY GROUPING SETS ORDER ASC DESC LIMIT OVER PARTITION'.split(' '),
  ...'count uniqExactIf uniqIf grouping min max toUnixTimestamp timeZoneOffset least dateDiff numbers toDate toDateTime addMonths if JSONType JSONExtractString JSONExtractRaw'.split(' '),
  ...'toStartOfMinute toStartOfHour toStartOfDay toStartOfWeek toStartOfMonth toIntervalMinute toIntervalHour'.split(' '),
  ...'events name event_time user_key properties is_total k0 k1 total_count unique_user_count groups_total first_bucket last_bucket value bucket_start utc_offset bucket number'.split(' '),
  ...DIMENSION_NAMES.map((name) => DIMENSIONS[name].column),
]);

/** The SQL's words, placeholders and string literals aside. */
function wordsOf(sql: string): string[] {
  return sql.replace(/\{p\d+:[^}]+\}/g, ' ').replace(/'[^']*'/g, ' ').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
}

/** Each read the repository has, for a query. */
const READS: Array<[string, (repository: EventStatsRepository, q: EventStatsQuery) => Promise<unknown>]> = [
  ['totals', (repository, q) => repository.totals(q)],
  ['topGroups', (repository, q) => repository.topGroups(q, [{ kind: 'column', name: 'os' }, PROPERTY], 'week')],
  ...TIME_BUCKETS.map((bucket): (typeof READS)[number] => [`bucketCounts ${bucket}`, (repository, q) => repository.bucketCounts(q, bucket)]),
  ['valueBucketCounts', (repository, q) => repository.valueBucketCounts(q, PROPERTY, [HOSTILE], 'hour')],
  ...TIME_BUCKETS.map((bucket): (typeof READS)[number] => [`bucketSeries ${bucket}`, (repository, q) => repository.bucketSeries(q.tz, bucket, q.from!, q.to!)]),
];

describe("GET /events/stats's SQL", () => {
  it.each(READS)("%s holds only whitelisted words, and none of the request's text", async (_, read) => {
    const { repository, sent } = recorded();
    await read(repository, HOSTILE_QUERY);
    const [{ sql }] = sent;
    expect(wordsOf(sql).filter((word) => !VOCABULARY.has(word))).toEqual([]);
    for (const text of ['OR 1=1', 'DROP', 'Europe/Berlin', '2024']) expect(sql).not.toContain(text);
  });

  it('reads exact counts FROM events FINAL with uniqExact, approximate ones as stored with uniq', async () => {
    const { repository, sent } = recorded();
    await repository.totals(query());
    await repository.totals(query({ approximate: true }));
    expect(sent.map(({ sql }) => sql)).toEqual([
      "SELECT count() AS total_count, uniqExactIf(user_key, user_key != '') AS unique_user_count FROM events FINAL",
      "SELECT count() AS total_count, uniqIf(user_key, user_key != '') AS unique_user_count FROM events",
    ]);
  });

  it('scopes to any of the names, the range, and each filter: any of its values, all filters at once', async () => {
    const { repository, sent } = recorded();
    await repository.totals(HOSTILE_QUERY);
    const [{ sql, params }] = sent;
    expect(sql).toContain(
      "FROM events FINAL WHERE name IN {p0:Array(String)} AND event_time >= {p1:DateTime64(3, 'UTC')} AND event_time <= {p2:DateTime64(3, 'UTC')} " +
        "AND country IN {p3:Array(String)} AND if(JSONType(properties, {p4:String}) = 'String', JSONExtractString(properties, {p4:String}), JSONExtractRaw(properties, {p4:String})) IN {p5:Array(String)}",
    );
    expect(params).toEqual({ p0: [HOSTILE], p1: HOSTILE_QUERY.from, p2: HOSTILE_QUERY.to, p3: [HOSTILE, 'DE'], p4: HOSTILE, p5: [HOSTILE] });
  });

  it('reads the top groups and the totals in one pass, largest first, then by value, one row past the limit for the totals', async () => {
    const { repository, sent } = recorded();
    await repository.topGroups(query({ limit: 10 }), [{ kind: 'column', name: 'country' }, { kind: 'column', name: 'device_category' }]);
    const [{ sql, params }] = sent;
    expect(sql).toBe(
      'SELECT grouping(k0) AS is_total, country AS k0, device_category AS k1, ' +
        "count() AS total_count, uniqExactIf(user_key, user_key != '') AS unique_user_count, count() OVER (PARTITION BY is_total) AS groups_total " +
        'FROM events FINAL GROUP BY GROUPING SETS ((k0, k1), ()) ORDER BY is_total DESC, total_count DESC, k0 ASC, k1 ASC LIMIT {p0:UInt32}',
    );
    expect(params).toEqual({ p0: 11 });
  });

  it("gives the top groups' totals row the span of the events' buckets when a time series follows", async () => {
    const { repository, sent } = recorded();
    await repository.topGroups(query({ tz: 'Europe/Berlin' }), [{ kind: 'column', name: 'country' }], 'day');
    expect(sent[0].sql).toContain('toUnixTimestamp(min(toStartOfDay(event_time, {p0:String}))) AS first_bucket, toUnixTimestamp(max(toStartOfDay(event_time, {p0:String}))) AS last_bucket');
  });

  it.each([
    ['minute', 'toStartOfMinute(event_time, {p0:String})'],
    ['hour', 'toStartOfHour(event_time, {p0:String})'],
    ['day', 'toStartOfDay(event_time, {p0:String})'],
    ['week', 'toDateTime(toStartOfWeek(event_time, 1, {p0:String}), {p0:String})'],
    ['month', 'toDateTime(toStartOfMonth(event_time, {p0:String}), {p0:String})'],
  ] as const)("counts the %s buckets holding events, in the zone, in time order, the totals first", async (bucket, start) => {
    const { repository, sent } = recorded();
    await repository.bucketCounts(query({ tz: 'Asia/Kathmandu' }), bucket);
    const [{ sql, params }] = sent;
    expect(sql).toContain(`toUnixTimestamp(${start}) AS k0`);
    expect(sql).toContain('GROUP BY GROUPING SETS ((k0), ()) ORDER BY is_total DESC, k0 ASC LIMIT {p1:UInt32}');
    expect(params).toEqual({ p0: 'Asia/Kathmandu', p1: 10_002 });
  });

  it("counts the top values' buckets, the values joining the filters", async () => {
    const { repository, sent } = recorded();
    await repository.valueBucketCounts(query({ eventNames: ['purchase'], filters: [{ dimension: { kind: 'column', name: 'os' }, values: ['iOS'] }] }), { kind: 'column', name: 'country' }, ['DE', 'FR'], 'day');
    const [{ sql, params }] = sent;
    expect(sql).toBe(
      'SELECT country AS value, toUnixTimestamp(toStartOfDay(event_time, {p0:String})) AS bucket_start, ' +
        "count() AS total_count, uniqExactIf(user_key, user_key != '') AS unique_user_count " +
        'FROM events FINAL WHERE name IN {p1:Array(String)} AND device_operating_system IN {p2:Array(String)} AND country IN {p3:Array(String)} GROUP BY value, bucket_start',
    );
    expect(params).toEqual({ p0: 'UTC', p1: ['purchase'], p2: ['iOS'], p3: ['DE', 'FR'] });
  });

  it.each([
    ['minute', "least(dateDiff('minute', toStartOfMinute({p1:DateTime64(3, 'UTC')}, {p0:String}), toStartOfMinute({p2:DateTime64(3, 'UTC')}, {p0:String}), {p0:String}) + 1, {p3:UInt32})", "toStartOfMinute({p1:DateTime64(3, 'UTC')}, {p0:String}) + toIntervalMinute(number)"],
    ['day', "least(dateDiff('day', toStartOfDay({p1:DateTime64(3, 'UTC')}, {p0:String}), toStartOfDay({p2:DateTime64(3, 'UTC')}, {p0:String}), {p0:String}) + 1, {p3:UInt32})", "toDateTime(toDate({p1:DateTime64(3, 'UTC')}, {p0:String}) + number, {p0:String})"],
    ['month', "least(dateDiff('month', toDateTime(toStartOfMonth({p1:DateTime64(3, 'UTC')}, {p0:String}), {p0:String}), toDateTime(toStartOfMonth({p2:DateTime64(3, 'UTC')}, {p0:String}), {p0:String}), {p0:String}) + 1, {p3:UInt32})", "toDateTime(addMonths(toStartOfMonth({p1:DateTime64(3, 'UTC')}, {p0:String}), number), {p0:String})"],
  ] as const)('steps a %s series through the calendar, never more than one bucket past the cap', async (bucket, count, nth) => {
    const { repository, sent } = recorded();
    const [from, to] = [new Date('2024-03-29T00:00:00Z'), new Date('2024-04-03T00:00:00Z')];
    await repository.bucketSeries('Europe/Berlin', bucket, from, to);
    const [{ sql, params }] = sent;
    expect(sql).toBe(`SELECT toUnixTimestamp(bucket) AS bucket_start, timeZoneOffset(bucket) AS utc_offset FROM (SELECT ${nth} AS bucket FROM numbers(${count})) ORDER BY bucket_start`);
    expect(params).toEqual({ p0: 'Europe/Berlin', p1: from, p2: to, p3: 10_001 });
  });
});
