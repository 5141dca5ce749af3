import { partsToRead, StoredPart } from './parts-to-read';

const usersPart = (name: string, level: number, rows: number): StoredPart => ({ table: 'distinct_users', partition_id: 'all', name, level, rows });
const eventsPart = (partition: string, name: string, level: number): StoredPart => ({ table: 'events', partition_id: partition, name, level, rows: 1000 });

describe('the parts a count of every event of one name reads by rows', () => {
  it("takes distinct_users' largest merged part as the base, the larger name on a tie, never an unmerged one", () => {
    expect(partsToRead([usersPart('all_1_1_0', 0, 900), usersPart('all_2_5_1', 1, 500), usersPart('all_6_9_1', 1, 500)])?.usersBase).toBe('all_6_9_1');
    expect(partsToRead([usersPart('all_1_1_0', 0, 900)])?.usersBase).toBe('');
  });

  it("counts the events' users instead while the parts written since the base hold more than a tenth of its rows, and 200,000", () => {
    expect(partsToRead([usersPart('all_1_9_2', 2, 10_000_000), usersPart('all_10_10_1', 1, 1_000_000)])).toBeDefined();
    expect(partsToRead([usersPart('all_1_9_2', 2, 10_000_000), usersPart('all_10_10_1', 1, 1_000_001)])).toBeUndefined();
    expect(partsToRead([usersPart('all_1_9_2', 2, 1000), usersPart('all_10_10_1', 1, 200_000)])).toBeDefined();
  });

  it('takes the events of a partition by rows only where one merged part holds them all', () => {
    const parts = partsToRead([
      eventsPart('202501', '202501_1_9_2', 2),
      eventsPart('202502', '202502_10_10_1', 1),
      eventsPart('202502', '202502_11_11_1', 1),
      eventsPart('202503', '202503_12_12_0', 0),
      eventsPart('202504', '202504_13_13_1', 1),
      usersPart('all_1_1_1', 1, 10),
    ]);
    expect(parts).toEqual({ usersBase: 'all_1_1_1', compactedEvents: ['202501_1_9_2', '202504_13_13_1'], compactedPartitions: ['202501', '202504'] });
  });
});
