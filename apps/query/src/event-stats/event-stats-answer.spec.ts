import { timeSeriesAnswer, topGroupsAnswer, totalsAnswer, valueSeriesAnswer } from './event-stats-answer';
import { BucketRow, GroupRow } from './event-stats.repository';
import { OPEN_READ_SCOPE } from '../read-scope/read-scope';
import { EventStatsQuery } from './stats-query';

const QUERY: EventStatsQuery = { scope: OPEN_READ_SCOPE, eventNames: ['purchase'], tz: 'Europe/Berlin', filters: [], groupBy: [], limit: 100, approximate: false };
const COUNTRY = { kind: 'column', name: 'country' } as const;
const DAY = { kind: 'time', name: 'day' } as const;

const totals = (total_count: number, unique_user_count: number): GroupRow => ({ is_total: 1, k0: '', total_count: String(total_count), unique_user_count: String(unique_user_count), groups_total: '1' });
const group = (k0: string | number, total_count: number, unique_user_count: number, groups_total: number, k1?: string): GroupRow => ({
  is_total: 0,
  k0,
  ...(k1 !== undefined && { k1 }),
  total_count: String(total_count),
  unique_user_count: String(unique_user_count),
  groups_total: String(groups_total),
});

/** 2024-03-30 to 2024-04-01 in Europe/Berlin: the clocks go forward on the 31st. */
const SERIES: BucketRow[] = [
  { bucket_start: 1711753200, utc_offset: 3600 },
  { bucket_start: 1711839600, utc_offset: 3600 },
  { bucket_start: 1711922400, utc_offset: 7200 },
];

describe("GET /events/stats's answer", () => {
  it('echoes the query, the range in UTC, and counts with no groups without group_by', () => {
    const query = { ...QUERY, from: new Date('2024-03-28T23:00:00Z'), to: new Date('2024-04-03T21:59:59.500Z') };
    expect(JSON.stringify(totalsAnswer(query, [{ total_count: '5', unique_user_count: '4' }]))).toBe(
      '{"event_names":["purchase"],"from":"2024-03-28T23:00:00Z","to":"2024-04-03T21:59:59.500Z","tz":"Europe/Berlin","group_by":[],' +
        '"total_count":5,"unique_user_count":4,"groups_total":0,"groups":[],"approximate":false}',
    );
  });

  it('keys each group by the group_by entries, in their order, before its counts', () => {
    const query = { ...QUERY, groupBy: [COUNTRY, { kind: 'property', name: 'property.plan', key: 'plan' } as const], limit: 2 };
    const answer = topGroupsAnswer(query, [totals(5, 4), group('DE', 3, 3, 4, 'pro'), group('FR', 1, 1, 4, '')]);
    expect(answer).toMatchObject({ group_by: ['country', 'property.plan'], total_count: 5, unique_user_count: 4, groups_total: 4 });
    expect(JSON.stringify(answer.groups)).toBe('[{"country":"DE","property.plan":"pro","total_count":3,"unique_user_count":3},{"country":"FR","property.plan":"","total_count":1,"unique_user_count":1}]');
  });

  it('answers zeros and no groups when nothing matched', () => {
    expect(topGroupsAnswer({ ...QUERY, groupBy: [COUNTRY] }, [totals(0, 0)])).toMatchObject({ total_count: 0, unique_user_count: 0, groups_total: 0, groups: [] });
  });

  it("fills a time series' buckets without events with zeros, each bucket's start with the zone's offset then", () => {
    const answer = timeSeriesAnswer({ ...QUERY, groupBy: [DAY] }, [totals(2, 2), group(1711753200, 1, 1, 2), group(1711922400, 1, 1, 2)], SERIES);
    expect(answer.groups).toEqual([
      { day: '2024-03-30T00:00:00+01:00', total_count: 1, unique_user_count: 1 },
      { day: '2024-03-31T00:00:00+01:00', total_count: 0, unique_user_count: 0 },
      { day: '2024-04-01T00:00:00+02:00', total_count: 1, unique_user_count: 1 },
    ]);
    expect(answer.groups_total).toBe(3);
  });

  it('answers the first limit buckets of a series, and how many there are', () => {
    const answer = timeSeriesAnswer({ ...QUERY, groupBy: [DAY], limit: 2 }, [totals(1, 1), group(1711922400, 1, 1, 1)], SERIES);
    expect(answer.groups.map((bucket) => [bucket.day, bucket.total_count])).toEqual([
      ['2024-03-30T00:00:00+01:00', 0],
      ['2024-03-31T00:00:00+01:00', 0],
    ]);
    expect([answer.total_count, answer.groups_total]).toEqual([1, 3]);
  });

  it("gives each top value its whole series, in the values' order, keyed as group_by orders them", () => {
    // The ranking counts no users; the totals are read apart.
    const ranked = [totals(4, 0), group('DE', 3, 0, 3), group('FR', 1, 0, 3)];
    const rows = [
      { value: 'DE', bucket_start: 1711753200, total_count: '2', unique_user_count: '1' },
      { value: 'DE', bucket_start: 1711922400, total_count: '1', unique_user_count: '1' },
      { value: 'FR', bucket_start: 1711839600, total_count: '1', unique_user_count: '1' },
    ];
    const answer = valueSeriesAnswer({ ...QUERY, groupBy: [DAY, COUNTRY], limit: 2 }, ranked, totals(4, 3), rows, SERIES);
    expect(answer.groups.map((g) => [g.day, g.country, g.total_count, g.unique_user_count])).toEqual([
      ['2024-03-30T00:00:00+01:00', 'DE', 2, 1],
      ['2024-03-31T00:00:00+01:00', 'DE', 0, 0],
      ['2024-04-01T00:00:00+02:00', 'DE', 1, 1],
      ['2024-03-30T00:00:00+01:00', 'FR', 0, 0],
      ['2024-03-31T00:00:00+01:00', 'FR', 1, 1],
      ['2024-04-01T00:00:00+02:00', 'FR', 0, 0],
    ]);
    expect(Object.keys(answer.groups[0])).toEqual(['day', 'country', 'total_count', 'unique_user_count']);
    expect([answer.total_count, answer.unique_user_count, answer.groups_total]).toEqual([4, 3, 3]);
  });
});
