import { ClickHouseEventsReader } from '../clickhouse-events-reader';
import { EVERY_PART_FINAL, StoredPart } from './parts-to-read';
import { PARTS_LOOKUP_TTL_MS, StoredPartsRepository } from './stored-parts.repository';

const COMPACTED: StoredPart = { table: 'events', partition_id: '202501', name: '202501_1_7_2', level: 2, rows: 5 };

/** The repository over a reader that answers every lookup of the parts with `parts`, counting them. */
function counting(parts: StoredPart[]): { repository: StoredPartsRepository; lookups: () => number } {
  let lookups = 0;
  const reader = {
    rows: async (sql: string) => {
      expect(sql).toContain('FROM system.parts');
      lookups++;
      return parts;
    },
    sends: async () => true,
  } as unknown as ClickHouseEventsReader;
  return { repository: new StoredPartsRepository(reader), lookups: () => lookups };
}

describe('StoredPartsRepository', () => {
  afterEach(() => jest.useRealTimers());

  it('looks the parts up once for the reads at once and within PARTS_LOOKUP_TTL_MS after, then again', async () => {
    jest.useFakeTimers();
    // The fake clock starts at 0, which lru-cache takes for an entry without a start.
    jest.advanceTimersByTime(1_000);
    const { repository, lookups } = counting([COMPACTED]);
    const [first, second] = await Promise.all([repository.compactedEvents(), repository.partsToRead()]);
    expect(first).toEqual({ compactedEvents: ['202501_1_7_2'], compactedPartitions: ['202501'] });
    expect(second).toEqual({ usersBase: '', compactedEvents: ['202501_1_7_2'], compactedPartitions: ['202501'] });
    jest.advanceTimersByTime(PARTS_LOOKUP_TTL_MS - 10);
    await repository.compactedEvents();
    expect(lookups()).toBe(1);
    jest.advanceTimersByTime(20);
    await repository.compactedEvents();
    expect(lookups()).toBe(2);
  });

  it('reads every part FINAL, without a lookup, where reads do not share one snapshot of the parts', async () => {
    let lookups = 0;
    const reader = { rows: async () => [lookups++], sends: async () => false } as unknown as ClickHouseEventsReader;
    const repository = new StoredPartsRepository(reader);
    expect(await repository.partsToRead()).toEqual(EVERY_PART_FINAL);
    expect(await repository.compactedEvents()).toEqual(EVERY_PART_FINAL);
    expect(lookups).toBe(0);
  });

  it('looks up again after a lookup that failed', async () => {
    let calls = 0;
    const reader = {
      rows: async () => {
        if (++calls === 1) throw new Error('server gone');
        return [COMPACTED];
      },
      sends: async () => true,
    } as unknown as ClickHouseEventsReader;
    const repository = new StoredPartsRepository(reader);
    await expect(repository.compactedEvents()).rejects.toThrow('server gone');
    expect(await repository.compactedEvents()).toEqual({ compactedEvents: ['202501_1_7_2'], compactedPartitions: ['202501'] });
  });
});
