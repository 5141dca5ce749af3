import { nameCountsSql } from './name-counts';
import { QueryParams } from '../query-params';

const PARTS = { usersBase: 'all_1_9_2', compactedEvents: ['202501_1_9_2'], compactedPartitions: ['202501'] };
const HOSTILE = "x') OR 1=1; DROP TABLE events; --";

const statementOf = (...args: Parameters<typeof nameCountsSql> extends [QueryParams, ...infer Rest] ? Rest : never) => {
  const params = new QueryParams();
  return { sql: nameCountsSql(params, ...args).replace(/\s+/g, ' ').trim(), params: params.values };
};

describe('the counts of every event of one name', () => {
  it('adds the compacted parts by rows to the other parts FINAL, less the keys a part written since holds in their partitions; every value bound', () => {
    const { sql, params } = statementOf(HOSTILE, HOSTILE, 'hour', PARTS);
    const where = 'WHERE project = {p0:String} AND name = {p1:String}';
    expect(sql).toContain(`SELECT toUnixTimestamp(toStartOfHour(event_time)) AS k0, toInt64(count()) AS events FROM events ${where} AND _part IN {p2:Array(String)} GROUP BY k0`);
    expect(sql).toContain(`UNION ALL SELECT toUnixTimestamp(toStartOfHour(event_time)) AS k0, toInt64(count()) AS events FROM events FINAL ${where} AND _part NOT IN {p2:Array(String)} GROUP BY k0`);
    expect(sql).toContain(
      `UNION ALL SELECT toUnixTimestamp(toStartOfHour(event_time)) AS k0, -toInt64(count()) AS events FROM events ${where} AND _part IN {p2:Array(String)} AND (name, channel_type, event_time, id) IN (SELECT (name, channel_type, event_time, id) FROM events ${where} AND _part NOT IN {p2:Array(String)} AND _partition_id IN {p3:Array(String)}) GROUP BY k0`,
    );
    expect(sql).toMatch(/GROUP BY GROUPING SETS \(\(k0\), \(\)\) ORDER BY is_total DESC, k0 ASC$/);
    expect(params).toEqual({ p0: HOSTILE, p1: HOSTILE, p2: ['202501_1_9_2'], p3: ['202501'] });
    expect(sql).not.toContain('DROP');
  });

  it.each([
    ['channel', 'channel_type AS k0'],
    ['day', 'toUnixTimestamp(toStartOfDay(toStartOfHour(event_time))) AS k0'],
    ['hour', 'toUnixTimestamp(toStartOfHour(event_time)) AS k0'],
  ] as const)('keys %s by what the hourly_counts projection keeps: %s', (breakdown, key) => {
    const { sql } = statementOf('p', 'n', breakdown, PARTS);
    expect(sql.split(`SELECT ${key}, `)).toHaveLength(4);
  });

  it('answers the total alone without a breakdown, and caps the groups when asked', () => {
    expect(statementOf('p', 'n', '', PARTS).sql).toMatch(/^SELECT sum\(events\) AS total_count, 0 AS unique_user_count FROM \(SELECT toInt64\(count\(\)\) AS events FROM events WHERE/);
    const capped = statementOf('p', 'n', 'hour', PARTS, 10_002);
    expect(capped.sql).toMatch(/LIMIT \{p4:UInt32\}$/);
    expect(capped.params.p4).toBe(10_002);
  });
});
