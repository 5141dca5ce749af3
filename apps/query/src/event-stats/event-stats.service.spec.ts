import { InvalidInputError } from '@tributary/platform';
import { BucketRow, EventStatsRepository, GroupRow } from './event-stats.repository';
import { EventStatsService } from './event-stats.service';
import { OPEN_READ_SCOPE } from '../read-scope/read-scope';
import { EventStatsQuery } from './stats-query';

type Read = keyof Pick<EventStatsRepository, 'totals' | 'topGroups' | 'rankedValues' | 'bucketCounts' | 'valueBucketCounts' | 'bucketSeries'>;

/** The service over a repository that records each read and answers the rows given for it. */
function serviceWith(answers: Partial<Record<Read, unknown[]>> = {}): { service: EventStatsService; reads: Array<[Read, unknown[]]> } {
  const reads: Array<[Read, unknown[]]> = [];
  const read = (name: Read) => async (...args: unknown[]) => (reads.push([name, args]), answers[name] ?? []);
  const repository = { totals: read('totals'), topGroups: read('topGroups'), rankedValues: read('rankedValues'), bucketCounts: read('bucketCounts'), valueBucketCounts: read('valueBucketCounts'), bucketSeries: read('bucketSeries') };
  return { service: new EventStatsService(repository as unknown as EventStatsRepository), reads };
}

const QUERY: EventStatsQuery = { scope: OPEN_READ_SCOPE, eventNames: [], tz: 'UTC', filters: [], groupBy: [], limit: 100, approximate: false };
const COUNTRY = { kind: 'column', name: 'country' } as const;
const DAY = { kind: 'time', name: 'day' } as const;
const RANGE = { from: new Date('2024-03-01T00:00:00Z'), to: new Date('2024-03-31T23:59:59Z') };
const days = (count: number): BucketRow[] => Array.from({ length: count }, (_, i) => ({ bucket_start: 1709251200 + i * 86400, utc_offset: 0 }));
const totalsRow = (total: number, span?: { first_bucket: number; last_bucket: number }): GroupRow => ({ is_total: 1, k0: '', total_count: total, unique_user_count: total, groups_total: 1, ...span });
const groupRow = (k0: string | number, groups_total = 1): GroupRow => ({ is_total: 0, k0, total_count: 1, unique_user_count: 1, groups_total });

describe('which reads GET /events/stats makes', () => {
  it('reads the totals alone without group_by, and the top groups with dimensions', async () => {
    const { service, reads } = serviceWith();
    await service.stats(QUERY);
    await service.stats({ ...QUERY, groupBy: [COUNTRY] });
    expect(reads.map(([name, args]) => [name, args.slice(1)])).toEqual([
      ['totals', []],
      ['topGroups', [[COUNTRY]]],
    ]);
  });

  it('counts the buckets of a bounded series before reading the events, and refuses too many naming group_by', async () => {
    const { service, reads } = serviceWith({ bucketSeries: days(10_001) });
    const refusal = service.stats({ ...QUERY, ...RANGE, groupBy: [{ kind: 'time', name: 'minute' }] });
    await expect(refusal).rejects.toThrow(InvalidInputError);
    await expect(refusal).rejects.toMatchObject({ fieldErrors: [{ field: 'group_by', reason: expect.stringContaining('more than 10000') }] });
    expect(reads.map(([name]) => name)).toEqual(['bucketSeries']);
    expect(reads[0][1]).toEqual(['UTC', 'minute', RANGE.from, RANGE.to]);
  });

  it("runs an unbounded series from the first event's bucket to the last's, and has none without events", async () => {
    const { service, reads } = serviceWith({ bucketCounts: [totalsRow(2), groupRow(1709251200), groupRow(1709424000)], bucketSeries: days(3) });
    expect((await service.stats({ ...QUERY, groupBy: [DAY] })).groups_total).toBe(3);
    expect(reads.map(([name, args]) => [name, name === 'bucketSeries' ? args : args.slice(1)])).toEqual([
      ['bucketCounts', ['day']],
      ['bucketSeries', ['UTC', 'day', new Date(1709251200_000), new Date(1709424000_000)]],
    ]);

    const empty = serviceWith({ bucketCounts: [totalsRow(0)] });
    expect(await empty.service.stats({ ...QUERY, from: RANGE.from, groupBy: [DAY] })).toMatchObject({ groups_total: 0, groups: [] });
    expect(empty.reads.map(([name]) => name)).toEqual(['bucketCounts']);
  });

  it('keeps a series within the times events have, 2000-01-01 to 2100-01-01', async () => {
    const { service, reads } = serviceWith();
    await service.stats({ ...QUERY, from: new Date('1990-01-01T00:00:00Z'), to: new Date('2200-01-01T00:00:00Z'), groupBy: [{ kind: 'time', name: 'month' }] });
    await service.stats({ ...QUERY, from: new Date('1990-01-01T00:00:00Z'), to: new Date('1991-01-01T00:00:00Z'), groupBy: [{ kind: 'time', name: 'month' }] });
    expect(reads.filter(([name]) => name === 'bucketSeries').map(([, args]) => args.slice(2))).toEqual([[new Date('2000-01-01T00:00:00Z'), new Date('2100-01-01T00:00:00Z')]]);
  });

  it("ranks the values with their span, then reads the totals and only the top values' buckets; unbounded, the series spans the events' buckets", async () => {
    const { service, reads } = serviceWith({ rankedValues: [totalsRow(3, { first_bucket: 1709251200, last_bucket: 1709337600 }), groupRow('DE', 3), groupRow('FR', 3)], totals: [totalsRow(3)], bucketSeries: days(2) });
    const answer = await service.stats({ ...QUERY, groupBy: [COUNTRY, DAY], limit: 2 });
    expect(reads.map(([name, args]) => [name, args.slice(1)])).toEqual([
      ['rankedValues', [COUNTRY, 'day']],
      ['bucketSeries', ['day', new Date(1709251200_000), new Date(1709337600_000)]],
      ['totals', []],
      ['valueBucketCounts', [COUNTRY, ['DE', 'FR'], 'day']],
    ]);
    expect([answer.total_count, answer.unique_user_count]).toEqual([3, 3]);
  });

  it('reads neither the totals nor any bucket when no event matches', async () => {
    const { service, reads } = serviceWith({ rankedValues: [totalsRow(0)] });
    const answer = await service.stats({ ...QUERY, groupBy: [COUNTRY, DAY] });
    expect(reads.map(([name]) => name)).toEqual(['rankedValues']);
    expect([answer.total_count, answer.unique_user_count, answer.groups]).toEqual([0, 0, []]);
  });

  it('refuses more values by buckets than an answer holds, naming limit and the largest that fits', async () => {
    const values = Array.from({ length: 11 }, (_, i) => groupRow(`v${i}`, 11));
    const { service, reads } = serviceWith({ rankedValues: [totalsRow(11), ...values], bucketSeries: days(10_000) });
    const refusal = service.stats({ ...QUERY, ...RANGE, groupBy: [COUNTRY, { kind: 'time', name: 'minute' }] });
    await expect(refusal).rejects.toMatchObject({ fieldErrors: [{ field: 'limit', reason: expect.stringContaining('lower limit to 10,') }] });
    expect(reads.map(([name]) => name)).toEqual(['bucketSeries', 'rankedValues']);
  });
});
