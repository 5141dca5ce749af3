import { retentionDaysOf, retentionStatements } from './retention';

describe('the retention of raw events and of the users counted from them', () => {
  it('is a TTL on the event time of events and on the latest event time of distinct_users, in the tables holding the rows, or none', () => {
    expect(retentionStatements({ database: 'tributary', cluster: '' }, 30)).toEqual([
      'ALTER TABLE events MODIFY TTL toDateTime(event_time) + INTERVAL 30 DAY',
      'ALTER TABLE distinct_users MODIFY TTL toDateTime(last_event_time) + INTERVAL 30 DAY',
    ]);
    expect(retentionStatements({ database: 'tributary', cluster: '' }, 0)).toEqual(['ALTER TABLE events REMOVE TTL', 'ALTER TABLE distinct_users REMOVE TTL']);
    expect(retentionStatements({ database: 'tributary', cluster: 'c1' }, 7)).toEqual([
      'ALTER TABLE events_local ON CLUSTER `c1` MODIFY TTL toDateTime(event_time) + INTERVAL 7 DAY',
      'ALTER TABLE distinct_users_local ON CLUSTER `c1` MODIFY TTL toDateTime(last_event_time) + INTERVAL 7 DAY',
    ]);
    expect(retentionStatements({ database: 'tributary', cluster: 'c1' }, 0)).toEqual([
      'ALTER TABLE events_local ON CLUSTER `c1` REMOVE TTL',
      'ALTER TABLE distinct_users_local ON CLUSTER `c1` REMOVE TTL',
    ]);
  });

  it('reads back the days from the engine ClickHouse prints, so that an unchanged setting changes nothing', () => {
    const engine = 'ReplacingMergeTree PARTITION BY toYYYYMM(event_time) ORDER BY (name, channel_type, event_time, id)';
    expect(retentionDaysOf(`${engine} SETTINGS non_replicated_deduplication_window = 1000, index_granularity = 8192`, 'event_time')).toBe(0);
    expect(retentionDaysOf(`${engine} TTL toDateTime(event_time) + toIntervalDay(30) SETTINGS index_granularity = 8192`, 'event_time')).toBe(30);
    expect(retentionDaysOf(`${engine} TTL toDateTime(event_time) + toIntervalDay(30)`, 'event_time')).toBe(30);
    // A TTL of another form (set by hand, or on another column) is not the configured one: the run replaces it.
    expect(retentionDaysOf(`${engine} TTL toDateTime(event_time) + toIntervalMonth(1) SETTINGS index_granularity = 8192`, 'event_time')).toBeNaN();
    expect(retentionDaysOf(`${engine} TTL toDateTime(event_time) + toIntervalDay(30), toDateTime(received_at) + toIntervalDay(1) DELETE`, 'event_time')).toBeNaN();
    const users = 'ReplacingMergeTree(last_event_time) ORDER BY (project, name, breakdown, group_key, user_hash)';
    expect(retentionDaysOf(`${users} TTL toDateTime(last_event_time) + toIntervalDay(30) SETTINGS index_granularity = 8192`, 'last_event_time')).toBe(30);
    expect(retentionDaysOf(`${users} TTL toDateTime(last_event_time) + toIntervalDay(30) SETTINGS index_granularity = 8192`, 'event_time')).toBeNaN();
  });
});
