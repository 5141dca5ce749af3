/** The schema, in order. Never edit an applied migration: add the next one. */
export interface Migration {
  version: number;
  description: string;
  statements: string[];
}

const PARAM = 'Tuple(key String, string_value Nullable(String), number_value Nullable(Float64), boolean_value Nullable(Bool))';
const ITEM =
  'Tuple(id Nullable(String), name Nullable(String), brand Nullable(String), variant Nullable(String), ' +
  'price_in_usd Nullable(Float64), quantity Nullable(Int64), revenue_in_usd Nullable(Float64))';

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'events table',
    statements: [
      // Sort key: the metrics filter on name and a time range and group by channel, hour or day.
      // Every copy of an event (same id) has the same name, channel and event_time, so the
      // ReplacingMergeTree key collapses them and FINAL gives exact counts before any merge.
      `CREATE TABLE IF NOT EXISTS events (
        id UUID,
        name LowCardinality(String),
        channel_type LowCardinality(String),
        event_time DateTime64(3, 'UTC'),
        received_at DateTime64(3, 'UTC'),
        client_timestamp Nullable(DateTime64(3, 'UTC')),
        previous_timestamp Nullable(DateTime64(3, 'UTC')),
        client_date Nullable(DateTime64(3, 'UTC')),
        event_id Nullable(String),
        user_id String,
        user_pseudo_id String,
        user_key String,
        client_ip String,
        event_params Array(${PARAM}),
        user_params Array(${PARAM}),
        device_category LowCardinality(String),
        device_mobile_brand_name LowCardinality(String),
        device_mobile_model_name LowCardinality(String),
        device_operating_system LowCardinality(String),
        device_operating_system_version LowCardinality(String),
        device_language LowCardinality(String),
        device_browser_name LowCardinality(String),
        device_browser_version LowCardinality(String),
        device_hostname LowCardinality(String),
        app_id LowCardinality(String),
        app_version LowCardinality(String),
        items Array(${ITEM}),
        source_topic LowCardinality(String),
        source_partition UInt32,
        source_offset UInt64,
        INDEX id_bloom id TYPE bloom_filter(0.001) GRANULARITY 4
      )
      ENGINE = ReplacingMergeTree
      PARTITION BY toYYYYMM(event_time)
      ORDER BY (name, channel_type, event_time, id)
      SETTINGS non_replicated_deduplication_window = 1000`,
    ],
  },
  {
    version: 2,
    description: 'sort keys of event_id events, by id',
    statements: [
      // The writer looks up where a resent event_id was stored. Through the bloom index of
      // events that costs a pass over the whole index (58 ms per 1,000 ids at 10M events, 380 at
      // 100M); this narrow table sorted by id, with small granules, answers from ~1 granule per id.
      `CREATE TABLE IF NOT EXISTS event_id_sort_keys (
        id UUID,
        event_time DateTime64(3, 'UTC'),
        channel_type LowCardinality(String)
      )
      ENGINE = MergeTree
      ORDER BY id
      SETTINGS index_granularity = 256`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS event_id_sort_keys_feed TO event_id_sort_keys AS
        SELECT id, event_time, channel_type FROM events WHERE event_id IS NOT NULL`,
      // Rows stored before the view existed. A row stored both ways is harmless: lookups take min().
      `INSERT INTO event_id_sort_keys SELECT id, event_time, channel_type FROM events WHERE event_id IS NOT NULL`,
    ],
  },
  {
    version: 3,
    description: 'events from every source: source, project, kind, send time, user agent, country, site, page, properties',
    statements: [
      // Columns only added: existing parts are not rewritten, and their rows read the defaults,
      // which say what they were (seed 000's events, the default project). properties is the
      // producer's JSON text: the JSON type drops nulls and empty objects and refuses integers
      // beyond 64 bits, and inserts 2-3x slower (docs/properties-column.md).
      `ALTER TABLE events
        ADD COLUMN IF NOT EXISTS source LowCardinality(String) DEFAULT 'tributary' AFTER id,
        ADD COLUMN IF NOT EXISTS project LowCardinality(String) DEFAULT 'default' AFTER source,
        ADD COLUMN IF NOT EXISTS kind LowCardinality(String) DEFAULT '' AFTER channel_type,
        ADD COLUMN IF NOT EXISTS sent_at Nullable(DateTime64(3, 'UTC')) AFTER client_date,
        ADD COLUMN IF NOT EXISTS user_agent String DEFAULT '' AFTER client_ip,
        ADD COLUMN IF NOT EXISTS country LowCardinality(String) DEFAULT '' AFTER user_agent,
        ADD COLUMN IF NOT EXISTS site_id LowCardinality(String) DEFAULT '' AFTER country,
        ADD COLUMN IF NOT EXISTS page_path String DEFAULT '' AFTER site_id,
        ADD COLUMN IF NOT EXISTS page_url String DEFAULT '' AFTER page_path,
        ADD COLUMN IF NOT EXISTS page_referrer String DEFAULT '' AFTER page_url,
        ADD COLUMN IF NOT EXISTS properties String DEFAULT '{}' AFTER items`,
      // An event dated by a corrected clock (it has a send time) comes back with another time
      // when resent, as one with an event_id does: the writer aligns both with their stored copy.
      `ALTER TABLE event_id_sort_keys_feed MODIFY QUERY
        SELECT id, event_time, channel_type FROM events WHERE event_id IS NOT NULL OR sent_at IS NOT NULL`,
    ],
  },
];
