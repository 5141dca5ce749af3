import { EVENT_ID_SORT_KEYS, EVENTS, LISTING_BY_RECEIPT_PROJECTION, LISTING_PROJECTION, MIGRATIONS, SCHEMA_MIGRATIONS, statementsOf } from './migrations';
import { assertSameLayout } from './migrate';
import { createDatabaseStatement, renderStep, SchemaLayout } from './schema-layout';

const SINGLE: SchemaLayout = { database: 'tributary', cluster: '' };
const CLUSTER: SchemaLayout = { database: 'tributary', cluster: 'events_cluster' };
const all = (layout: SchemaLayout): string[] => MIGRATIONS.flatMap((m) => statementsOf(m, layout));
/** The column names of a CREATE TABLE statement, in order (its indexes aside). */
const columnsOf = (statement: string): string[] =>
  [...statement.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1]).filter((name) => name !== 'INDEX');
const engineOf = (statement: string): string => /^ENGINE = (.+)$/m.exec(statement)![1];

describe('the schema on one server', () => {
  it('creates each table once, under its own name, with no ON CLUSTER, replication or Distributed table', () => {
    const statements = all(SINGLE);
    expect(statements.join('\n')).not.toMatch(/ON CLUSTER|Replicated|Distributed|_local/);
    expect(statements.filter((s) => s.startsWith('CREATE TABLE')).map((s) => /^CREATE TABLE IF NOT EXISTS (\w+)/.exec(s)![1])).toEqual(['events', 'event_id_sort_keys', 'erasures', 'distinct_users']);
    const [events] = statementsOf(MIGRATIONS[0], SINGLE);
    expect(columnsOf(events)).toEqual(EVENTS.columns.map((c) => c.split(' ')[0]));
    expect(events).toContain('INDEX id_bloom id TYPE bloom_filter(0.001) GRANULARITY 4');
    expect(events).toMatch(/\nENGINE = ReplacingMergeTree\nPARTITION BY toYYYYMM\(event_time\)\nORDER BY \(name, channel_type, event_time, id\)\nSETTINGS non_replicated_deduplication_window = 1000$/);
    expect(createDatabaseStatement(SINGLE)).toBe('CREATE DATABASE IF NOT EXISTS `tributary`');
    expect(renderStep({ kind: 'create-table', table: SCHEMA_MIGRATIONS }, SINGLE)).toEqual([
      "CREATE TABLE IF NOT EXISTS schema_migrations (\n  version UInt32,\n  description String,\n  applied_at DateTime64(3, 'UTC') DEFAULT now64(3)\n)\nENGINE = ReplacingMergeTree\nORDER BY version",
    ]);
  });

  it('feeds the sort keys from events, and adds the columns of migration 3 to events', () => {
    expect(statementsOf(MIGRATIONS[1], SINGLE)[1]).toBe(
      'CREATE MATERIALIZED VIEW IF NOT EXISTS event_id_sort_keys_feed TO event_id_sort_keys AS\n  SELECT id, event_time, channel_type FROM events WHERE event_id IS NOT NULL',
    );
    const [alter, modify] = statementsOf(MIGRATIONS[2], SINGLE);
    expect(alter).toMatch(/^ALTER TABLE events\n {2}ADD COLUMN IF NOT EXISTS source LowCardinality\(String\) DEFAULT 'tributary' AFTER id,\n/);
    expect(modify).toBe('ALTER TABLE event_id_sort_keys_feed MODIFY QUERY\n  SELECT id, event_time, channel_type FROM events WHERE event_id IS NOT NULL OR sent_at IS NOT NULL');
  });
});

describe('the schema on a named cluster', () => {
  const statements = all(CLUSTER);

  it('runs every DDL statement ON CLUSTER, the backfill through the Distributed tables', () => {
    for (const statement of statements.filter((s) => !s.startsWith('INSERT'))) expect(statement).toMatch(/^(CREATE|ALTER) (TABLE|MATERIALIZED VIEW)( IF NOT EXISTS)? \w+ ON CLUSTER `events_cluster`/);
    expect(statements.filter((s) => s.startsWith('INSERT')).map((s) => /^INSERT INTO \w+ SELECT .*? FROM \w+/.exec(s)![0])).toEqual([
      'INSERT INTO event_id_sort_keys SELECT id, event_time, channel_type FROM events',
      'INSERT INTO distinct_users SELECT project, name, breakdown, group_key, user_hash, event_time AS last_event_time FROM events',
    ]);
    expect(createDatabaseStatement(CLUSTER)).toBe('CREATE DATABASE IF NOT EXISTS `tributary` ON CLUSTER `events_cluster`');
  });

  it('stores events in replicated local tables, with the single-server columns, order, partition and settings, behind a Distributed events', () => {
    const [local, distributed] = statementsOf(MIGRATIONS[0], CLUSTER);
    const [single] = statementsOf(MIGRATIONS[0], SINGLE);
    expect(engineOf(local)).toBe("ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/events_local', '{replica}')");
    // Everything but the name, ON CLUSTER and the engine is the single-server statement.
    const unplaced = (s: string) => s.replace(/^CREATE TABLE IF NOT EXISTS \w+( ON CLUSTER `\w+`)?/, '').replace(/^ENGINE = .+$/m, '');
    expect(unplaced(local)).toBe(unplaced(single));
    expect(local).toMatch(/^CREATE TABLE IF NOT EXISTS events_local ON CLUSTER `events_cluster` \(/);

    expect(distributed).toMatch(/^CREATE TABLE IF NOT EXISTS events ON CLUSTER `events_cluster` \(/);
    expect(columnsOf(distributed)).toEqual(columnsOf(single));
    expect(distributed).not.toContain('INDEX');
    expect(engineOf(distributed)).toBe("Distributed('events_cluster', 'tributary', 'events_local', cityHash64(id))");
  });

  it('shards the sort keys as the events, by id, and feeds each shard from its own local events', () => {
    const [local, distributed, feed] = statementsOf(MIGRATIONS[1], CLUSTER);
    expect(engineOf(local)).toBe("ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/event_id_sort_keys_local', '{replica}')");
    expect(engineOf(distributed)).toBe("Distributed('events_cluster', 'tributary', 'event_id_sort_keys_local', cityHash64(id))");
    expect(EVENT_ID_SORT_KEYS.placement).toEqual(EVENTS.placement);
    expect(feed).toBe(
      'CREATE MATERIALIZED VIEW IF NOT EXISTS event_id_sort_keys_feed ON CLUSTER `events_cluster` TO event_id_sort_keys_local AS\n  SELECT id, event_time, channel_type FROM events_local WHERE event_id IS NOT NULL',
    );
    const [alterLocal, alterDistributed, modify] = statementsOf(MIGRATIONS[2], CLUSTER);
    expect(alterLocal.replace('events_local', 'events')).toBe(alterDistributed);
    expect(alterLocal).toMatch(/^ALTER TABLE events_local ON CLUSTER `events_cluster`\n/);
    expect(modify).toContain('FROM events_local WHERE');
  });

  it("shards distinct_users by user, each shard's feed writing through the Distributed table, ReplacingMergeTree keeping the latest event time", () => {
    const [local, distributed, feed, backfill] = statementsOf(MIGRATIONS.find((m) => m.version === 12)!, CLUSTER);
    expect(engineOf(local)).toBe("ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/distinct_users_local', '{replica}', last_event_time)");
    expect(engineOf(distributed)).toBe("Distributed('events_cluster', 'tributary', 'distinct_users_local', cityHash64(user_hash))");
    expect(feed).toMatch(/^CREATE MATERIALIZED VIEW IF NOT EXISTS distinct_users_feed ON CLUSTER `events_cluster` TO distinct_users AS\n {2}SELECT .* FROM events_local\n/);
    expect(backfill).toMatch(/^INSERT INTO distinct_users SELECT .* FROM events\n/);
    expect(engineOf(statementsOf(MIGRATIONS.find((m) => m.version === 12)!, SINGLE)[0])).toBe('ReplacingMergeTree(last_event_time)');
  });

  it('adds user_hash to the local and the Distributed events, and materializes it where the rows are', () => {
    const [alterLocal, alterDistributed, materialize] = statementsOf(MIGRATIONS.find((m) => m.version === 5)!, CLUSTER);
    expect(alterLocal).toBe('ALTER TABLE events_local ON CLUSTER `events_cluster`\n  ADD COLUMN IF NOT EXISTS user_hash UInt128 MATERIALIZED xxh3_128(user_key) AFTER user_key');
    expect(alterDistributed).toBe(alterLocal.replace('events_local', 'events'));
    expect(materialize).toBe('ALTER TABLE events_local ON CLUSTER `events_cluster` MATERIALIZE COLUMN user_hash');
    expect(statementsOf(MIGRATIONS.find((m) => m.version === 5)!, SINGLE)[1]).toBe('ALTER TABLE events MATERIALIZE COLUMN user_hash');
  });

  it('gives the local events, where the rows are, the listing projection and the merge setting a ReplacingMergeTree needs for it', () => {
    const listing = MIGRATIONS.find((m) => m.version === 10)!;
    const statements = statementsOf(listing, CLUSTER);
    expect(statements.map((statement) => statement.split(' ').slice(0, 8).join(' '))).toEqual([
      'ALTER TABLE events_local ON CLUSTER `events_cluster` MODIFY SETTING',
      'ALTER TABLE events_local ON CLUSTER `events_cluster` ADD PROJECTION',
      'ALTER TABLE events_local ON CLUSTER `events_cluster` MATERIALIZE PROJECTION',
    ]);
    expect(statements[1]).toContain('ORDER BY project, event_time, id)');
    expect(statementsOf(listing, SINGLE)[2]).toBe('ALTER TABLE events MATERIALIZE PROJECTION listing');
  });

  it("gives the local events the projection of each source's users in time order, and materializes it where the rows are", () => {
    const sourceUser = MIGRATIONS.find((m) => m.version === 13)!;
    expect(statementsOf(sourceUser, CLUSTER)).toEqual([
      'ALTER TABLE events_local ON CLUSTER `events_cluster` ADD PROJECTION IF NOT EXISTS source_user (SELECT project, source, user_id, event_time, id, name ORDER BY project, source, user_id, event_time, id)',
      'ALTER TABLE events_local ON CLUSTER `events_cluster` MATERIALIZE PROJECTION source_user',
    ]);
  });

  it('gives the local events the hourly counts of each name and channel, and materializes them where the rows are', () => {
    expect(statementsOf(MIGRATIONS.find((m) => m.version === 14)!, CLUSTER)).toEqual([
      'ALTER TABLE events_local ON CLUSTER `events_cluster` ADD PROJECTION IF NOT EXISTS hourly_counts (SELECT project, name, channel_type, toStartOfHour(event_time), count() GROUP BY project, name, channel_type, toStartOfHour(event_time))',
      'ALTER TABLE events_local ON CLUSTER `events_cluster` MATERIALIZE PROJECTION hourly_counts',
    ]);
  });

  it('replaces the hourly counts by those of each source too, where the rows are', () => {
    expect(statementsOf(MIGRATIONS.find((m) => m.version === 15)!, CLUSTER)).toEqual([
      'ALTER TABLE events_local ON CLUSTER `events_cluster` DROP PROJECTION IF EXISTS hourly_counts',
      'ALTER TABLE events_local ON CLUSTER `events_cluster` ADD PROJECTION IF NOT EXISTS hourly_counts (SELECT project, source, name, channel_type, toStartOfHour(event_time), count() GROUP BY project, source, name, channel_type, toStartOfHour(event_time))',
      'ALTER TABLE events_local ON CLUSTER `events_cluster` MATERIALIZE PROJECTION hourly_counts',
    ]);
  });

  it('gives the local events the projection by received_at, with the columns of the listing projection, and materializes it where the rows are', () => {
    const byReceipt = MIGRATIONS.find((m) => m.version === 11)!;
    const columns = LISTING_PROJECTION.columns.join(', ');
    expect(LISTING_BY_RECEIPT_PROJECTION.columns).toBe(LISTING_PROJECTION.columns);
    expect(statementsOf(byReceipt, CLUSTER)).toEqual([
      `ALTER TABLE events_local ON CLUSTER \`events_cluster\` ADD PROJECTION IF NOT EXISTS listing_by_receipt (SELECT ${columns} ORDER BY project, received_at, id)`,
      'ALTER TABLE events_local ON CLUSTER `events_cluster` MATERIALIZE PROJECTION listing_by_receipt',
    ]);
    expect(statementsOf(byReceipt, SINGLE)).toEqual([
      `ALTER TABLE events ADD PROJECTION IF NOT EXISTS listing_by_receipt (SELECT ${columns} ORDER BY project, received_at, id)`,
      'ALTER TABLE events MATERIALIZE PROJECTION listing_by_receipt',
    ]);
    // Both listing projections, one statement each, the same columns, differing in their order only.
    const added = all(SINGLE).filter((statement) => /ADD PROJECTION IF NOT EXISTS listing/.test(statement));
    expect(added.map((statement) => statement.replace(/^.*\(SELECT (.*) ORDER BY (.*)\)$/, '$2'))).toEqual(['project, event_time, id', 'project, received_at, id']);
    expect(new Set(added.map((statement) => statement.replace(/^.*\(SELECT (.*) ORDER BY .*$/, '$1'))).size).toBe(1);
  });

  it('replicates the ledger to every host of every shard: one ledger for the cluster', () => {
    const [ledger] = renderStep({ kind: 'create-table', table: SCHEMA_MIGRATIONS }, CLUSTER);
    expect(ledger).toMatch(/^CREATE TABLE IF NOT EXISTS schema_migrations ON CLUSTER `events_cluster` \(/);
    expect(engineOf(ledger)).toBe("ReplicatedReplacingMergeTree('/clickhouse/tables/{database}/schema_migrations', '{shard}-{replica}')");
  });

  it('quotes a cluster name with a dash', () => {
    const [local, distributed] = statementsOf(MIGRATIONS[0], { database: 'tributary', cluster: 'events-cluster' });
    expect(local).toContain('ON CLUSTER `events-cluster`');
    expect(engineOf(distributed)).toBe("Distributed('events-cluster', 'tributary', 'events_local', cityHash64(id))");
  });
});

describe('a database keeps the layout it was created with', () => {
  it('takes a new database, or the layout it has', () => {
    expect(() => assertSameLayout(SINGLE, undefined)).not.toThrow();
    expect(() => assertSameLayout(CLUSTER, undefined)).not.toThrow();
    expect(() => assertSameLayout(SINGLE, 'ReplacingMergeTree')).not.toThrow();
    expect(() => assertSameLayout(CLUSTER, 'Distributed')).not.toThrow();
  });

  it('refuses the other one, naming what the database holds', () => {
    expect(() => assertSameLayout(CLUSTER, 'ReplacingMergeTree')).toThrow(
      'database tributary holds the single-server schema (events is a ReplacingMergeTree table): CLICKHOUSE_CLUSTER=events_cluster is for a new database',
    );
    expect(() => assertSameLayout(SINGLE, 'Distributed')).toThrow('database tributary holds the cluster schema (events is a Distributed table): set CLICKHOUSE_CLUSTER to its cluster');
  });
});
