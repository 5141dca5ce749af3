import { userHashSql } from './user-hash';
import { ERASURES } from './erasures-table';
import { DISTINCT_USERS, DISTINCT_USERS_FEED, distinctUsersSelect } from './distinct-users';
import { renderStep, SchemaLayout, SchemaStep, TableDefinition } from './schema-layout';

/** The schema, in order. Never edit an applied migration: add the next one. */
export interface Migration {
  version: number;
  description: string;
  /** Rendered for one server or a cluster by renderStep (schema-layout.ts). */
  steps: SchemaStep[];
}

const PARAM = 'Tuple(key String, string_value Nullable(String), number_value Nullable(Float64), boolean_value Nullable(Bool))';
const ITEM =
  'Tuple(id Nullable(String), name Nullable(String), brand Nullable(String), variant Nullable(String), ' +
  'price_in_usd Nullable(Float64), quantity Nullable(Int64), revenue_in_usd Nullable(Float64))';

/**
 * Every copy of an event (a retry, a resend) has the same id: sharding on it puts them all on one
 * shard, where ReplacingMergeTree and FINAL collapse them, so the counts stay exact on a cluster.
 */
const BY_EVENT_ID = { shardingKey: 'cityHash64(id)' };

/** The applied migrations, one row per version (repeated rows, from processes migrating at once, collapse). */
export const SCHEMA_MIGRATIONS: TableDefinition = {
  name: 'schema_migrations',
  columns: ['version UInt32', 'description String', "applied_at DateTime64(3, 'UTC') DEFAULT now64(3)"],
  engine: 'ReplacingMergeTree',
  orderBy: 'version',
  placement: 'everywhere',
};

/** The events as migration 1 created them; migration 3 adds columns. */
export const EVENTS: TableDefinition = {
  name: 'events',
  columns: [
    'id UUID',
    'name LowCardinality(String)',
    'channel_type LowCardinality(String)',
    "event_time DateTime64(3, 'UTC')",
    "received_at DateTime64(3, 'UTC')",
    "client_timestamp Nullable(DateTime64(3, 'UTC'))",
    "previous_timestamp Nullable(DateTime64(3, 'UTC'))",
    "client_date Nullable(DateTime64(3, 'UTC'))",
    'event_id Nullable(String)',
    'user_id String',
    'user_pseudo_id String',
    'user_key String',
    'client_ip String',
    `event_params Array(${PARAM})`,
    `user_params Array(${PARAM})`,
    'device_category LowCardinality(String)',
    'device_mobile_brand_name LowCardinality(String)',
    'device_mobile_model_name LowCardinality(String)',
    'device_operating_system LowCardinality(String)',
    'device_operating_system_version LowCardinality(String)',
    'device_language LowCardinality(String)',
    'device_browser_name LowCardinality(String)',
    'device_browser_version LowCardinality(String)',
    'device_hostname LowCardinality(String)',
    'app_id LowCardinality(String)',
    'app_version LowCardinality(String)',
    `items Array(${ITEM})`,
    'source_topic LowCardinality(String)',
    'source_partition UInt32',
    'source_offset UInt64',
  ],
  indexes: ['INDEX id_bloom id TYPE bloom_filter(0.001) GRANULARITY 4'],
  // Sort key: the metrics filter on name and a time range and group by channel, hour or day.
  // Every copy of an event (same id) has the same name, channel and event_time, so the
  // ReplacingMergeTree key collapses them and FINAL gives exact counts before any merge.
  engine: 'ReplacingMergeTree',
  partitionBy: 'toYYYYMM(event_time)',
  orderBy: '(name, channel_type, event_time, id)',
  settings: ['non_replicated_deduplication_window = 1000'],
  placement: BY_EVENT_ID,
};

// The writer looks up where a resent event_id was stored. Through the bloom index of events that
// costs a pass over the whole index (58 ms per 1,000 ids at 10M events, 380 at 100M); this narrow
// table sorted by id, with small granules, answers from ~1 granule per id. On a cluster it is
// sharded as the events are, so each shard's view feeds its own shard.
export const EVENT_ID_SORT_KEYS: TableDefinition = {
  name: 'event_id_sort_keys',
  columns: ['id UUID', "event_time DateTime64(3, 'UTC')", 'channel_type LowCardinality(String)'],
  engine: 'MergeTree',
  orderBy: 'id',
  settings: ['index_granularity = 256'],
  placement: BY_EVENT_ID,
};

const FEED = 'event_id_sort_keys_feed';

/**
 * GET /events/list by event time: the listed columns, sorted by (project, event_time, id), so that
 * a page reads from its cursor in order and stops after it, where the table's own order (name
 * first) makes it read the project's every event. Only these columns: a copy of the whole row
 * would also hold the parameters and items, which a listing never reads (docs/PERFORMANCE.md, Session 6).
 */
export const LISTING_PROJECTION = {
  name: 'listing',
  columns: [
    'id', 'event_time', 'received_at', 'user_id', 'user_pseudo_id', 'page_url', 'properties', 'name', 'channel_type', 'source', 'kind', 'project', 'country',
    'device_category', 'device_mobile_brand_name', 'device_mobile_model_name', 'device_operating_system', 'device_operating_system_version',
    'device_browser_name', 'device_browser_version', 'device_language', 'app_id', 'app_version', 'page_path', 'page_referrer', 'site_id',
  ],
} as const;

/**
 * GET /events/list by received_at: the same columns as LISTING_PROJECTION, sorted by (project,
 * received_at, id). Copies of an event can have different received_at, so they sit apart in this
 * order: the listing keeps each event at its latest copy, looking the copies up by the table's
 * primary key (docs/PERFORMANCE.md, Session 7).
 */
export const LISTING_BY_RECEIPT_PROJECTION = {
  name: 'listing_by_receipt',
  columns: LISTING_PROJECTION.columns,
} as const;

/**
 * Seed 002's reads of one customer: the events of a (source, user id) in time order, only the
 * columns that count them, so the count reads the customer's rows where the table's own order
 * (name first) makes it read every user id of the project. A customer's logs are spread through
 * the whole time order (docs/PERFORMANCE.md, Session 9).
 */
export const SOURCE_USER_PROJECTION = {
  name: 'source_user',
  columns: ['project', 'source', 'user_id', 'event_time', 'id', 'name'],
} as const;

/**
 * The events of each (project, source, name, channel) counted by UTC hour: what a read of every
 * event of one name needs, whole, by channel, UTC day or hour, and where seed 002's deep pages
 * start (a source's events by hour). Counts of a part's rows, so exact only for a part that holds
 * each event once: a merged part alone in its partition, which is what the query app reads it for
 * (apps/query/src/stored-parts/counted-once.ts).
 */
export const HOURLY_COUNTS_PROJECTION = {
  name: 'hourly_counts',
  select:
    'SELECT project, source, name, channel_type, toStartOfHour(event_time), count() GROUP BY project, source, name, channel_type, toStartOfHour(event_time)',
} as const;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'events table',
    steps: [{ kind: 'create-table', table: EVENTS }],
  },
  {
    version: 2,
    description: 'sort keys of event_id events, by id',
    steps: [
      { kind: 'create-table', table: EVENT_ID_SORT_KEYS },
      { kind: 'create-feed', view: FEED, from: EVENTS, into: EVENT_ID_SORT_KEYS, select: (events) => `SELECT id, event_time, channel_type FROM ${events} WHERE event_id IS NOT NULL` },
      // Rows stored before the view existed. A row stored both ways is harmless: lookups take min().
      // On a cluster, from every shard through the Distributed tables, each row back to its own shard.
      { kind: 'statement', sql: 'INSERT INTO event_id_sort_keys SELECT id, event_time, channel_type FROM events WHERE event_id IS NOT NULL' },
    ],
  },
  {
    version: 3,
    description: 'events from every source: source, project, kind, send time, user agent, country, site, page, properties',
    steps: [
      // Columns only added: existing parts are not rewritten, and their rows read the defaults,
      // which say what they were (seed 000's events, the default project). properties is the
      // producer's JSON text: the JSON type drops nulls and empty objects and refuses integers
      // beyond 64 bits, and inserts 2-3x slower (docs/properties-column.md).
      {
        kind: 'add-columns',
        table: EVENTS,
        columns: [
          "source LowCardinality(String) DEFAULT 'tributary' AFTER id",
          "project LowCardinality(String) DEFAULT 'default' AFTER source",
          "kind LowCardinality(String) DEFAULT '' AFTER channel_type",
          "sent_at Nullable(DateTime64(3, 'UTC')) AFTER client_date",
          "user_agent String DEFAULT '' AFTER client_ip",
          "country LowCardinality(String) DEFAULT '' AFTER user_agent",
          "site_id LowCardinality(String) DEFAULT '' AFTER country",
          "page_path String DEFAULT '' AFTER site_id",
          "page_url String DEFAULT '' AFTER page_path",
          "page_referrer String DEFAULT '' AFTER page_url",
          "properties String DEFAULT '{}' AFTER items",
        ],
      },
      // An event dated by a corrected clock (it has a send time) comes back with another time
      // when resent, as one with an event_id does: the writer aligns both with their stored copy.
      {
        kind: 'modify-feed',
        view: FEED,
        from: EVENTS,
        select: (events) => `SELECT id, event_time, channel_type FROM ${events} WHERE event_id IS NOT NULL OR sent_at IS NOT NULL`,
      },
    ],
  },
  {
    version: 4,
    description: 'erasures: the record of each request to erase a user of a project (POST /admin/erasures)',
    steps: [
      { kind: 'create-table', table: ERASURES },
      // An erasure's lightweight DELETE on a table with projections: ClickHouse refuses it by default;
      // `rebuild` leaves the deleted rows readable through the projection (chdb 26.7); `drop` drops the
      // projection of each part the DELETE touches, whose reads then take the rows, and the next merge rebuilds it.
      { kind: 'alter-stored', table: EVENTS, change: "MODIFY SETTING lightweight_mutation_projection_mode = 'drop'" },
    ],
  },
  {
    version: 5,
    description: 'user_hash: a 128-bit hash of user_key, counted by the exact unique users',
    steps: [
      // uniqExact over 16 stored bytes instead of hashing each user_key string at query time
      // (docs/metrics-api.md: why counting hashes is exact). Until the mutation has reached a part,
      // reads compute the column from user_key there, with the same value.
      { kind: 'add-columns', table: EVENTS, columns: [`user_hash UInt128 MATERIALIZED ${userHashSql('user_key')} AFTER user_key`] },
      { kind: 'materialize-column', table: EVENTS, column: 'user_hash' },
    ],
  },
  {
    version: 10,
    description: "the events in the listing's order: a projection sorted by (project, event_time, id)",
    steps: [
      // A ReplacingMergeTree refuses projections unless its merges say what to do with them: rebuild
      // recomputes a merged part's projection from the rows the merge kept.
      { kind: 'alter-stored', table: EVENTS, change: "MODIFY SETTING deduplicate_merge_projection_mode = 'rebuild'" },
      { kind: 'alter-stored', table: EVENTS, change: `ADD PROJECTION IF NOT EXISTS ${LISTING_PROJECTION.name} (SELECT ${LISTING_PROJECTION.columns.join(', ')} ORDER BY project, event_time, id)` },
      // A mutation ClickHouse runs in the background; until it reaches a part, reads take that part's rows from the table.
      { kind: 'alter-stored', table: EVENTS, change: `MATERIALIZE PROJECTION ${LISTING_PROJECTION.name}` },
    ],
  },
  {
    version: 11,
    description: "the events in the order of their receipt: a projection sorted by (project, received_at, id)",
    steps: [
      // The merge setting a ReplacingMergeTree needs for a projection is migration 10's.
      {
        kind: 'alter-stored',
        table: EVENTS,
        change: `ADD PROJECTION IF NOT EXISTS ${LISTING_BY_RECEIPT_PROJECTION.name} (SELECT ${LISTING_BY_RECEIPT_PROJECTION.columns.join(', ')} ORDER BY project, received_at, id)`,
      },
      // In the background, as migration 10's; until it reaches a part, reads take that part's rows from the table.
      { kind: 'alter-stored', table: EVENTS, change: `MATERIALIZE PROJECTION ${LISTING_BY_RECEIPT_PROJECTION.name}` },
    ],
  },
  {
    version: 12,
    description: 'distinct_users: the users of each event name, whole, by channel, UTC day and hour, counted by rows',
    steps: [
      { kind: 'create-table', table: DISTINCT_USERS },
      { kind: 'create-feed', view: DISTINCT_USERS_FEED, from: EVENTS, into: DISTINCT_USERS, select: (events) => distinctUsersSelect(events), resharded: true },
      // The users of the events stored before the view existed; one stored both ways collapses with itself.
      // On a cluster, from every shard through the Distributed tables, each user to its shard.
      { kind: 'statement', sql: `INSERT INTO ${DISTINCT_USERS.name} ${distinctUsersSelect(EVENTS.name)}` },
    ],
  },
  {
    version: 13,
    description: "the events of each source's user in time order: a projection sorted by (project, source, user_id, event_time, id)",
    steps: [
      // The merge setting a ReplacingMergeTree needs for a projection is migration 10's.
      {
        kind: 'alter-stored',
        table: EVENTS,
        change: `ADD PROJECTION IF NOT EXISTS ${SOURCE_USER_PROJECTION.name} (SELECT ${SOURCE_USER_PROJECTION.columns.join(', ')} ORDER BY project, source, user_id, event_time, id)`,
      },
      // In the background, as migration 10's; until it reaches a part, reads take that part's rows from the table.
      { kind: 'alter-stored', table: EVENTS, change: `MATERIALIZE PROJECTION ${SOURCE_USER_PROJECTION.name}` },
    ],
  },
  {
    version: 14,
    description: "the events of each name and channel counted by hour: an aggregate projection",
    steps: [
      // Replaced by migration 15's, which adds the source.
      {
        kind: 'alter-stored',
        table: EVENTS,
        change: `ADD PROJECTION IF NOT EXISTS ${HOURLY_COUNTS_PROJECTION.name} (SELECT project, name, channel_type, toStartOfHour(event_time), count() GROUP BY project, name, channel_type, toStartOfHour(event_time))`,
      },
      { kind: 'alter-stored', table: EVENTS, change: `MATERIALIZE PROJECTION ${HOURLY_COUNTS_PROJECTION.name}` },
    ],
  },
  {
    version: 15,
    description: 'the hourly counts by source too: an aggregate projection',
    steps: [
      // Until the new one reaches a part, reads count that part's rows: slower, as exact.
      { kind: 'alter-stored', table: EVENTS, change: `DROP PROJECTION IF EXISTS ${HOURLY_COUNTS_PROJECTION.name}` },
      { kind: 'alter-stored', table: EVENTS, change: `ADD PROJECTION IF NOT EXISTS ${HOURLY_COUNTS_PROJECTION.name} (${HOURLY_COUNTS_PROJECTION.select})` },
      // In the background, as migration 10's.
      { kind: 'alter-stored', table: EVENTS, change: `MATERIALIZE PROJECTION ${HOURLY_COUNTS_PROJECTION.name}` },
    ],
  },
];

/** The statements of a migration for one server or a cluster. */
export const statementsOf = (migration: Migration, layout: SchemaLayout): string[] => migration.steps.flatMap((step) => renderStep(step, layout));

/** The schema version a release needs: its last migration. */
export const requiredVersion = (migrations: Migration[] = MIGRATIONS): number => Math.max(0, ...migrations.map((m) => m.version));
