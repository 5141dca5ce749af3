import { retentionDaysOf, retentionStatement } from './retention';

describe('the retention of raw events', () => {
  it('is a TTL on the event time of the table holding the rows, or none', () => {
    expect(retentionStatement({ database: 'tributary', cluster: '' }, 30)).toBe('ALTER TABLE events MODIFY TTL toDateTime(event_time) + INTERVAL 30 DAY');
    expect(retentionStatement({ database: 'tributary', cluster: '' }, 0)).toBe('ALTER TABLE events REMOVE TTL');
    expect(retentionStatement({ database: 'tributary', cluster: 'c1' }, 7)).toBe('ALTER TABLE events_local ON CLUSTER `c1` MODIFY TTL toDateTime(event_time) + INTERVAL 7 DAY');
    expect(retentionStatement({ database: 'tributary', cluster: 'c1' }, 0)).toBe('ALTER TABLE events_local ON CLUSTER `c1` REMOVE TTL');
  });

  it('reads back the days from the engine ClickHouse prints, so that an unchanged setting changes nothing', () => {
    const engine = 'ReplacingMergeTree PARTITION BY toYYYYMM(event_time) ORDER BY (name, channel_type, event_time, id)';
    expect(retentionDaysOf(`${engine} SETTINGS non_replicated_deduplication_window = 1000, index_granularity = 8192`)).toBe(0);
    expect(retentionDaysOf(`${engine} TTL toDateTime(event_time) + toIntervalDay(30) SETTINGS index_granularity = 8192`)).toBe(30);
    expect(retentionDaysOf(`${engine} TTL toDateTime(event_time) + toIntervalDay(30)`)).toBe(30);
    // A TTL of another form (set by hand) is not the configured one: the run replaces it.
    expect(retentionDaysOf(`${engine} TTL toDateTime(event_time) + toIntervalMonth(1) SETTINGS index_granularity = 8192`)).toBeNaN();
    expect(retentionDaysOf(`${engine} TTL toDateTime(event_time) + toIntervalDay(30), toDateTime(received_at) + toIntervalDay(1) DELETE`)).toBeNaN();
  });
});
