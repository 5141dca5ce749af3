import { PartitionFailures } from './partition-failures';

describe('the partitions failing now', () => {
  const t0 = new Date('2026-11-30T10:00:00Z');
  const t1 = new Date('2026-11-30T10:00:05Z');

  it('names each failing partition, its offset, since when and how often', () => {
    const failures = new PartitionFailures();
    failures.record({ topic: 'events', partition: 2, offset: '120' }, 'ECONNREFUSED', t0);
    failures.record({ topic: 'events', partition: 2, offset: '120' }, 'timeout', t1);
    failures.record({ topic: 'events', partition: 0, offset: '7' }, 'ECONNREFUSED', t1);
    expect(failures.describe()).toBe(
      'events[0] at offset 7 failing since 2026-11-30T10:00:05.000Z (1 attempts): ECONNREFUSED; ' +
        'events[2] at offset 120 failing since 2026-11-30T10:00:00.000Z (2 attempts): timeout',
    );
  });

  it("never lets one partition's success hide another's failure", () => {
    const failures = new PartitionFailures();
    failures.record({ topic: 'events', partition: 1, offset: '5' }, 'refused', t0);
    failures.record({ topic: 'events', partition: 3, offset: '9' }, 'refused', t0);
    failures.clear('events', 3);
    expect(failures.list().map((f) => f.partition)).toEqual([1]);
    failures.clear('events', 1);
    expect(failures.describe()).toBeUndefined();
  });
});
