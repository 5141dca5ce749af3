import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { DistinctUsersRepository } from '../distinct-users/distinct-users.repository';
import { StoredPart } from '../stored-parts/parts-to-read';
import { StoredPartsRepository } from '../stored-parts/stored-parts.repository';
import { OPEN_READ_SCOPE } from '../read-scope/read-scope';
import { DIMENSION_NAMES, DIMENSIONS } from './dimensions';
import { EventStatsRepository } from './event-stats.repository';
import { EventStatsQuery } from './stats-query';
import { TIME_BUCKETS } from './time-buckets';

interface Select {
  sql: string;
  params: Record<string, unknown>;
}

/** The repository over a reader that records each SELECT and answers no rows (the active parts of events and distinct_users: `parts`). */
function recorded(parts: StoredPart[] = []): { repository: EventStatsRepository; sent: Select[] } {
  const sent: Select[] = [];
  const reader = {
    rows: async (sql: string, params: Record<string, unknown>) => {
      if (sql.includes('system.parts')) return parts;
      sent.push({ sql: sql.replace(/\s+/g, ' ').trim(), params });
      return [];
    },
    sends: async () => true,
  } as unknown as ClickHouseEventsReader;
  return { repository: repositoryOver(reader), sent };
}

const repositoryOver = (reader: ClickHouseEventsReader): EventStatsRepository =>
  new EventStatsRepository(reader, new DistinctUsersRepository(reader), new StoredPartsRepository(reader));

/** distinct_users' merged part of `rows` and a part written since of `freshRows`; events' January alone in a merged part, February in two. */
const partsWith = (rows: number, freshRows: number): StoredPart[] => [
  { table: 'distinct_users', partition_id: 'all', name: 'all_1_9_2', level: 2, rows },
  { table: 'distinct_users', partition_id: 'all', name: 'all_10_10_1', level: 1, rows: freshRows },
  { table: 'events', partition_id: '202501', name: '202501_1_7_2', level: 2, rows: 5 },
  { table: 'events', partition_id: '202502', name: '202502_8_8_1', level: 1, rows: 2 },
  { table: 'events', partition_id: '202502', name: '202502_9_9_1', level: 1, rows: 2 },
];

const HOSTILE = "x') OR 1=1; DROP TABLE events; --";
const query = (overrides: Partial<EventStatsQuery> = {}): EventStatsQuery => ({ scope: OPEN_READ_SCOPE, eventNames: [], tz: 'UTC', filters: [], groupBy: [], limit: 100, approximate: false, ...overrides });

/** A request that puts its own text everywhere it can: names, zone, filter values, property keys. */
const HOSTILE_QUERY = query({
  scope: { project: HOSTILE },
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
  ...'count uniqExactIf uniqHLL12If toUInt64 xxh3_128 grouping min max toUnixTimestamp timeZoneOffset least dateDiff numbers toDate toDateTime addMonths if JSONType JSONExtractString JSONExtractRaw position multiSearchAny'.split(' '),
  ...'toStartOfMinute toStartOfHour toStartOfDay toStartOfWeek toStartOfMonth toIntervalMinute toIntervalHour'.split(' '),
  ...'events project name event_time user_hash properties is_total k0 k1 total_count unique_user_count groups_total first_bucket last_bucket value bucket_start utc_offset bucket number'.split(' '),
  ...DIMENSION_NAMES.map((name) => DIMENSIONS[name].column),
]);

/** The SQL's words, placeholders and string literals aside. */
function wordsOf(sql: string): string[] {
  return sql.replace(/\{p\d+:[^}]+\}/g, ' ').replace(/'[^']*'/g, ' ').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
}

/** Each read the repository has, for a query. */
const READS: Array<[string, (repository: EventStatsRepository, q: EventStatsQuery) => Promise<unknown>]> = [
  ['totals', (repository, q) => repository.totals(q)],
  ['topGroups', (repository, q) => repository.topGroups(q, [{ kind: 'column', name: 'os' }, PROPERTY])],
  ['rankedValues', (repository, q) => repository.rankedValues(q, PROPERTY, 'week')],
  ...TIME_BUCKETS.map((bucket): (typeof READS)[number] => [`bucketCounts ${bucket}`, (repository, q) => repository.bucketCounts(q, bucket)]),
  ['valueBucketCounts', (repository, q) => repository.valueBucketCounts(q, PROPERTY, [HOSTILE], 'hour')],
  ['groupsInKeyOrder channel', (repository, q) => repository.groupsInKeyOrder(q, { kind: 'column', name: 'channel' })],
  ['groupsInKeyOrder day', (repository, q) => repository.groupsInKeyOrder(q, { kind: 'time', name: 'day' })],
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

  it('reads exact counts FROM events FINAL with uniqExact, approximate ones as stored with uniqHLL12', async () => {
    const { repository, sent } = recorded();
    await repository.totals(query());
    await repository.totals(query({ approximate: true }));
    expect(sent.map(({ sql }) => sql)).toEqual([
      "SELECT count() AS total_count, uniqExactIf(user_hash, user_hash != xxh3_128('')) AS unique_user_count FROM events FINAL WHERE project = {p0:String}",
      "SELECT count() AS total_count, uniqHLL12If(toUInt64(user_hash), user_hash != xxh3_128('')) AS unique_user_count FROM events WHERE project = {p0:String}",
    ]);
  });

  it("scopes to the read's project, any of the names, the range, and each filter: any of its values, all filters at once", async () => {
    const { repository, sent } = recorded();
    await repository.totals(HOSTILE_QUERY);
    const [{ sql, params }] = sent;
    expect(sql).toContain(
      "FROM events FINAL WHERE project = {p0:String} AND name IN {p1:Array(String)} AND event_time >= {p2:DateTime64(3, 'UTC')} AND event_time <= {p3:DateTime64(3, 'UTC')} " +
        "AND country IN {p4:Array(String)} AND (position(properties, {p5:String}) > 0 AND if(JSONType(properties, {p6:String}) = 'String', JSONExtractString(properties, {p6:String}), JSONExtractRaw(properties, {p6:String})) IN {p7:Array(String)})",
    );
    expect(params).toEqual({ p0: HOSTILE, p1: [HOSTILE], p2: '2024-03-29 00:00:00.000', p3: '2024-04-03 00:00:00.000', p4: [HOSTILE, 'DE'], p5: `${JSON.stringify(HOSTILE)}:${JSON.stringify(HOSTILE)}`, p6: HOSTILE, p7: [HOSTILE] });
  });

  it.each(READS.filter(([name]) => !name.startsWith('bucketSeries')))("%s reads only the scope's project, bound, first in its WHERE", async (_, read) => {
    const { repository, sent } = recorded();
    await read(repository, { ...HOSTILE_QUERY, scope: { project: 'other' } });
    const [{ sql, params }] = sent;
    const project = /FROM events(?: FINAL)? WHERE project = \{(p\d+):String\}/.exec(sql);
    expect(project).not.toBeNull();
    expect(params[project![1]]).toBe('other');
    expect(sql.match(/\bproject\b/g)).toHaveLength(1);
  });

  it('reads the top groups and the totals in one pass, largest first, then by value, one row past the limit for the totals', async () => {
    const { repository, sent } = recorded();
    await repository.topGroups(query({ limit: 10 }), [{ kind: 'column', name: 'country' }, { kind: 'column', name: 'device_category' }]);
    const [{ sql, params }] = sent;
    expect(sql).toBe(
      'SELECT grouping(k0) AS is_total, country AS k0, device_category AS k1, ' +
        "count() AS total_count, uniqExactIf(user_hash, user_hash != xxh3_128('')) AS unique_user_count, count() OVER (PARTITION BY is_total) AS groups_total " +
        'FROM events FINAL WHERE project = {p0:String} GROUP BY GROUPING SETS ((k0, k1), ()) ORDER BY is_total DESC, total_count DESC, k0 ASC, k1 ASC LIMIT {p1:UInt32}',
    );
    expect(params).toEqual({ p0: 'default', p1: 11 });
  });

  it("ranks a value series' values by their events alone, the totals row with the span of the events' buckets", async () => {
    const { repository, sent } = recorded();
    await repository.rankedValues(query({ tz: 'Europe/Berlin', limit: 5 }), { kind: 'column', name: 'country' }, 'day');
    const [{ sql, params }] = sent;
    expect(sql).toBe(
      'SELECT grouping(k0) AS is_total, country AS k0, count() AS total_count, 0 AS unique_user_count, count() OVER (PARTITION BY is_total) AS groups_total, ' +
        'toUnixTimestamp(min(toStartOfDay(event_time, {p0:String}))) AS first_bucket, toUnixTimestamp(max(toStartOfDay(event_time, {p0:String}))) AS last_bucket ' +
        'FROM events FINAL WHERE project = {p1:String} GROUP BY GROUPING SETS ((k0), ()) ORDER BY is_total DESC, total_count DESC, k0 ASC LIMIT {p2:UInt32}',
    );
    expect(params).toEqual({ p0: 'Europe/Berlin', p1: 'default', p2: 6 });
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
    expect(sql).toContain('FROM events FINAL WHERE project = {p1:String} GROUP BY GROUPING SETS ((k0), ()) ORDER BY is_total DESC, k0 ASC LIMIT {p2:UInt32}');
    expect(params).toEqual({ p0: 'Asia/Kathmandu', p1: 'default', p2: 10_002 });
  });

  it("counts the top values' buckets, the values joining the filters", async () => {
    const { repository, sent } = recorded();
    await repository.valueBucketCounts(query({ eventNames: ['purchase'], filters: [{ dimension: { kind: 'column', name: 'os' }, values: ['iOS'] }] }), { kind: 'column', name: 'country' }, ['DE', 'FR'], 'day');
    const [{ sql, params }] = sent;
    expect(sql).toBe(
      'SELECT country AS value, toUnixTimestamp(toStartOfDay(event_time, {p0:String})) AS bucket_start, ' +
        "count() AS total_count, uniqExactIf(user_hash, user_hash != xxh3_128('')) AS unique_user_count " +
        'FROM events FINAL WHERE project = {p1:String} AND name IN {p2:Array(String)} AND device_operating_system IN {p3:Array(String)} AND country IN {p4:Array(String)} GROUP BY value, bucket_start',
    );
    expect(params).toEqual({ p0: 'UTC', p1: 'default', p2: ['purchase'], p3: ['iOS'], p4: ['DE', 'FR'] });
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
  it.each([
    [{ kind: 'column', name: 'channel' }, 'channel_type AS k0', { p0: 'default' }],
    [{ kind: 'time', name: 'hour' }, 'toUnixTimestamp(toStartOfHour(event_time, {p0:String})) AS k0', { p0: 'UTC', p1: 'default' }],
  ] as const)('reads every group of %j by its key, without a limit (GET /events/metrics)', async (entry, key, expected) => {
    const { repository, sent } = recorded();
    await repository.groupsInKeyOrder(query(), entry);
    const [{ sql, params }] = sent;
    expect(sql).toContain(key);
    expect(sql).toMatch(/GROUP BY GROUPING SETS \(\(k0\), \(\)\) ORDER BY is_total DESC, k0 ASC$/);
    expect(params).toEqual(expected);
  });

  it("counts every event of one name by its compacted parts and the others FINAL, and takes its users from distinct_users' base part and the parts written since", async () => {
    const { repository, sent } = recorded(partsWith(10_000_000, 900_000));
    await repository.groupsInKeyOrder(query({ scope: { project: HOSTILE }, eventNames: [HOSTILE] }), { kind: 'column', name: 'channel' });
    const [counts, users] = sent;
    expect(counts.sql).toContain('FROM events WHERE project = {p0:String} AND name = {p1:String} AND _part IN {p2:Array(String)} GROUP BY k0');
    expect(counts.sql).toContain('FROM events FINAL WHERE project = {p0:String} AND name = {p1:String} AND _part NOT IN {p2:Array(String)} GROUP BY k0');
    expect(counts.params).toEqual({ p0: HOSTILE, p1: HOSTILE, p2: ['202501_1_7_2'], p3: ['202501'] });
    expect(counts.sql).toContain('0 AS unique_user_count');
    expect(counts.sql).not.toContain('DROP');
    const where = 'WHERE project = {p0:String} AND name = {p1:String} AND breakdown IN {p2:Array(String)}';
    expect(users.sql).toContain(`FROM distinct_users ${where} AND _part = {p3:String} GROUP BY`);
    expect(users.sql).toContain(`FROM distinct_users FINAL ${where} AND _part != {p3:String} GROUP BY`);
    expect(users.sql).toContain(`AND (breakdown, group_key, user_hash) IN (SELECT breakdown, group_key, user_hash FROM distinct_users ${where} AND _part != {p3:String})`);
    expect(users.params).toEqual({ p0: HOSTILE, p1: HOSTILE, p2: ['', 'channel'], p3: 'all_1_9_2' });
    expect(users.sql).not.toContain('DROP');
  });

  it('sends the users read while the events are still being counted, and puts each group\'s users beside its counts', async () => {
    let usersSent!: () => void;
    const usersRequested = new Promise<void>((resolve) => (usersSent = resolve));
    const reader = {
      rows: async (sql: string) => {
        if (sql.includes('system.parts')) return [];
        if (sql.includes('FROM distinct_users')) {
          usersSent();
          return [{ breakdown: '', key: '', users: '2' }, { breakdown: 'channel', key: 'web', users: '1' }];
        }
        // The counts answer only once the users' read is on its way: awaited one after the other, this would never end.
        await usersRequested;
        return [{ is_total: 1, k0: '', total_count: '3', unique_user_count: 0 }, { is_total: 0, k0: 'web', total_count: '3', unique_user_count: 0 }];
      },
      sends: async () => true,
    } as unknown as ClickHouseEventsReader;
    const rows = await repositoryOver(reader).groupsInKeyOrder(query({ eventNames: ['page_view'] }), { kind: 'column', name: 'channel' });
    expect(rows.map(({ k0, total_count, unique_user_count }) => [k0, total_count, unique_user_count])).toEqual([['', '3', 2], ['web', '3', 1]]);
  });

  it('reads every part of events and distinct_users FINAL when none can be the base', async () => {
    const { repository, sent } = recorded();
    await repository.totals(query({ eventNames: ['page_view'] }));
    const [counts, users] = sent;
    expect(counts.sql).toBe('SELECT sum(events) AS total_count, 0 AS unique_user_count FROM (SELECT toInt64(count()) AS events FROM events FINAL WHERE project = {p0:String} AND name = {p1:String})');
    expect(users.sql).toContain('FROM distinct_users FINAL WHERE project = {p0:String} AND name = {p1:String} AND breakdown IN {p2:Array(String)} GROUP BY breakdown, group_key');
    expect(users.sql).not.toContain('_part');
  });

  it("counts the events' users while the parts written since the base hold more than a tenth of its rows", async () => {
    const { repository, sent } = recorded(partsWith(10_000_000, 1_000_001));
    await repository.totals(query({ eventNames: ['page_view'] }));
    expect(sent.map(({ sql }) => sql)).toEqual([expect.stringContaining("uniqExactIf(user_hash, user_hash != xxh3_128('')) AS unique_user_count FROM events FINAL")]);
  });
});
