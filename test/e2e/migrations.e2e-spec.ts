import { ClickHouseClient } from '@clickhouse/client';
import { tributaryIdOf } from '@tributary/contracts';
import { ClickHouseConfig, eraseArrivedStatement, eraseStoredStatement, forgetDistinctUserStatement, loadConfig, openClickHouse, SchemaConfig } from '@tributary/platform';
import { randomBytes } from 'node:crypto';
import { migrateCommand } from '../../apps/migrate/src/migrate-command';
import { createClickHouseClient } from '../../libs/platform/src/clickhouse/clickhouse-client';
import { migrate, migrateSchema, schemaStatements, SchemaTooOldError } from '../../libs/platform/src/clickhouse/migrate';
import { MIGRATIONS } from '../../libs/platform/src/clickhouse/migrations';
import { waitForWriterCaughtUp } from '../support/kafka-probe';
import { metricsOf, postJson, startPlatform, TestPlatform, waitForCount } from '../support/platform';
import { requiredTestEnv, TEST_ENV } from '../support/test-env';

const row = (id: string, eventId: string | null, time: string) => ({
  id,
  name: 'page_view',
  channel_type: 'web',
  event_time: time,
  received_at: time,
  event_id: eventId,
});

/** The versions after the first, and the last: what a run from nothing, or from version 2, reports. */
const LATER = MIGRATIONS.slice(1).map((m) => m.version);
const LAST = LATER[LATER.length - 1];

describe('schema migrations on the real ClickHouse engine', () => {
  const config = loadConfig(ClickHouseConfig, {
    CLICKHOUSE_URL: requiredTestEnv(TEST_ENV.clickhouseUrl),
    CLICKHOUSE_DATABASE: `test_migrations_${randomBytes(4).toString('hex')}`,
  });
  const client = createClickHouseClient(config);
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });

  it('an upgrade indexes the event_id events stored before it, then every one stored after', async () => {
    expect(await migrate(config, client, MIGRATIONS.slice(0, 1))).toEqual([1]);
    await client.insert({
      table: 'events',
      values: [row('00000000-0000-8000-8000-000000000001', 'e-1', '2024-01-15 10:30:00.000'), row('00000000-0000-8000-8000-000000000002', null, '2024-01-15 10:31:00.000')],
      format: 'JSONEachRow',
    });
    expect(await migrate(config, client, MIGRATIONS)).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
    await client.insert({ table: 'events', values: [row('00000000-0000-8000-8000-000000000003', 'e-3', '2024-01-16 08:00:00.000')], format: 'JSONEachRow' });

    const result = await client.query({ query: 'SELECT toString(id) AS id, toString(event_time) AS at FROM event_id_sort_keys ORDER BY id', format: 'JSONEachRow' });
    expect(await result.json()).toEqual([
      { id: '00000000-0000-8000-8000-000000000001', at: '2024-01-15 10:30:00.000' },
      { id: '00000000-0000-8000-8000-000000000003', at: '2024-01-16 08:00:00.000' },
    ]);
    expect(await migrate(config, client, MIGRATIONS)).toEqual([]);
  });
});

describe('an events table of the previous release, upgraded by the platform at boot', () => {
  const database = `test_upgrade_${randomBytes(4).toString('hex')}`;
  const config = loadConfig(ClickHouseConfig, { CLICKHOUSE_URL: requiredTestEnv(TEST_ENV.clickhouseUrl), CLICKHOUSE_DATABASE: database });
  const client = createClickHouseClient(config);
  let platform: TestPlatform | undefined;
  afterAll(async () => {
    await platform?.stop();
    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await client.close();
  });

  it('keeps every stored event countable, each once, a resend of an old event_id included', async () => {
    // The schema and rows the previous release (migrations 1 and 2, message v1) wrote.
    await migrate(config, client, MIGRATIONS.filter((m) => m.version <= 2));
    const resent = { name: 'page_view', channel_type: 'web' as const, event_id: 'e-old', user_id: 'u1', timestamp: 1705314600 };
    await client.insert({
      table: 'events',
      values: [
        { ...row(tributaryIdOf(resent)!, 'e-old', '2024-01-15 10:30:00.000'), user_id: 'u1', user_key: 'u1' },
        { ...row('00000000-0000-8000-8000-00000000000a', null, '2024-01-15 11:00:00.000'), channel_type: 'mobile', user_id: 'u2', user_key: 'u2' },
      ],
      format: 'JSONEachRow',
    });

    platform = await startPlatform({ CLICKHOUSE_DATABASE: database });
    const answer = await postJson(`${platform.gatewayUrl}/events/batch`, {
      events: [{ ...resent, timestamp: 1705314999 }, { name: 'page_view', channel_type: 'web', user_id: 'u3', timestamp: 1705316400 }],
    });
    expect(answer.status).toBe(202);
    await waitForCount(platform, 'page_view', 3, { group_by: 'channel' });
    await waitForWriterCaughtUp(platform.env);

    expect(await metricsOf(platform, { event_name: 'page_view', group_by: 'channel' })).toMatchObject({
      total_count: 3,
      unique_user_count: 3,
      grouped_metrics: [
        { group_key: 'mobile', total_count: 1, unique_user_count: 1 },
        { group_key: 'web', total_count: 2, unique_user_count: 2 },
      ],
    });
    const stored = await client.query({ query: 'SELECT source, project, count() AS n FROM events FINAL GROUP BY source, project', format: 'JSONEachRow' });
    expect(await stored.json()).toEqual([{ source: 'tributary', project: 'default', n: 3 }]);
  });
});

const schemaOf = (env: Record<string, string> = {}): SchemaConfig => loadConfig(SchemaConfig, env);
const freshDatabase = (prefix: string): ClickHouseConfig =>
  loadConfig(ClickHouseConfig, { CLICKHOUSE_URL: requiredTestEnv(TEST_ENV.clickhouseUrl), CLICKHOUSE_DATABASE: `${prefix}_${randomBytes(4).toString('hex')}` });
const rowsOf = async <T>(client: ClickHouseClient, query: string): Promise<T[]> => (await client.query({ query, format: 'JSONEachRow' })).json<T>();

describe('the cluster DDL, through the real engine parser', () => {
  // chdb has no Keeper and no remote_servers: Replicated tables and ON CLUSTER cannot run here.
  // Its parser is ClickHouse's own: every statement the cluster variant would send must parse.
  const config = freshDatabase('test_cluster_ddl');
  const client = createClickHouseClient(config, 'default');
  afterAll(() => client.close());
  const formatted = async (statement: string): Promise<string> => {
    const result = await client.query({ query: 'SELECT formatQuery({q:String}) AS sql', query_params: { q: statement }, format: 'JSONEachRow' });
    return (await result.json<{ sql: string }>())[0].sql;
  };

  it.each([
    ['events_cluster', 30],
    ['events-cluster', 0],
  ])('every statement for cluster %s (retention %i days) parses, ON CLUSTER and engines as written', async (cluster, days) => {
    const statements = schemaStatements(config, schemaOf({ CLICKHOUSE_CLUSTER: cluster, EVENTS_RETENTION_DAYS: String(days) }));
    expect(statements.length).toBeGreaterThan(10);
    for (const statement of statements) {
      const sql = await formatted(statement);
      if (!statement.startsWith('INSERT')) expect(sql).toContain(`ON CLUSTER ${cluster.includes('-') ? `\`${cluster}\`` : cluster}`);
      for (const engine of statement.match(/ENGINE = \w+\(.*\)$/gm) ?? []) expect(sql).toContain(engine);
    }
  });

  it("the erasure's DELETEs parse for a cluster: on the local tables, ON CLUSTER, values bound", async () => {
    const layout = { database: config.CLICKHOUSE_DATABASE, cluster: 'events_cluster' };
    for (const statement of [eraseStoredStatement(layout), eraseArrivedStatement(layout)]) {
      expect(await formatted(statement)).toMatch(/^DELETE FROM events_local ON CLUSTER events_cluster WHERE \(project = \{project:String\}\) AND /);
    }
    expect(await formatted(forgetDistinctUserStatement(layout))).toMatch(/^DELETE FROM distinct_users_local ON CLUSTER events_cluster WHERE \(project = \{project:String\}\) AND /);
  });

  it('would fail on a syntax error', async () => {
    const [, ledger] = schemaStatements(config, schemaOf({ CLICKHOUSE_CLUSTER: 'events_cluster' }));
    await expect(formatted(ledger.replace('ORDER BY version', 'ORDER version'))).rejects.toThrow(/Syntax error/);
  });
});

describe('the retention of raw events and of their users in distinct_users, on the real engine', () => {
  const config = freshDatabase('test_retention');
  const client = createClickHouseClient(config);
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await client.close();
  });
  const ttlOf = async (table = 'events'): Promise<string> => (await rowsOf<{ statement: string }>(client, `SHOW CREATE TABLE ${table}`))[0].statement;
  /** Which of the inserted events' users (named by their age) distinct_users still has. */
  const usersLeft = async (): Promise<string[]> =>
    (await rowsOf<{ user: string }>(client, "SELECT user FROM (SELECT arrayJoin(['45 days', '29 days', 'today']) AS user) WHERE xxh3_128(user) IN (SELECT user_hash FROM distinct_users) ORDER BY user")).map((r) => r.user);
  const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().replace('T', ' ').replace('Z', '');

  it('is set by every run when it differs, deletes rows older than it and keeps the newer, and is removed by 0', async () => {
    expect(await migrateSchema(config, schemaOf(), client)).toMatchObject({ applied: MIGRATIONS.map((m) => m.version), retention: 'unchanged' });
    expect(await ttlOf()).not.toContain('TTL');
    expect(await ttlOf('distinct_users')).not.toContain('TTL');
    await client.insert({
      table: 'events',
      values: [
        { ...row('00000000-0000-8000-8000-0000000000a1', null, daysAgo(45)), user_id: '45 days', user_key: '45 days' },
        { ...row('00000000-0000-8000-8000-0000000000a2', null, daysAgo(29)), user_id: '29 days', user_key: '29 days' },
        { ...row('00000000-0000-8000-8000-0000000000a3', null, daysAgo(0)), user_id: 'today', user_key: 'today' },
      ],
      format: 'JSONEachRow',
    });
    expect(await usersLeft()).toEqual(['29 days', '45 days', 'today']);

    expect(await migrateSchema(config, schemaOf({ EVENTS_RETENTION_DAYS: '30' }), client)).toMatchObject({ applied: [], retention: 'set' });
    expect(await ttlOf()).toContain('TTL toDateTime(event_time) + toIntervalDay(30)');
    expect(await ttlOf('distinct_users')).toContain('TTL toDateTime(last_event_time) + toIntervalDay(30)');
    await client.command({ query: 'OPTIMIZE TABLE events FINAL' });
    await client.command({ query: 'OPTIMIZE TABLE distinct_users FINAL' });
    expect(await rowsOf(client, 'SELECT toString(id) AS id FROM events ORDER BY id')).toEqual([
      { id: '00000000-0000-8000-8000-0000000000a2' },
      { id: '00000000-0000-8000-8000-0000000000a3' },
    ]);
    // A user's rows expire with the latest event they stand for, as the events do.
    expect(await usersLeft()).toEqual(['29 days', 'today']);

    // Each table is checked against its own TTL: one lacking it (distinct_users, new in a database retained before) gets it.
    await client.command({ query: 'ALTER TABLE distinct_users REMOVE TTL' });
    expect(await migrateSchema(config, schemaOf({ EVENTS_RETENTION_DAYS: '30' }), client)).toMatchObject({ retention: 'set' });
    expect(await ttlOf('distinct_users')).toContain('TTL toDateTime(last_event_time) + toIntervalDay(30)');

    // A setting, not a migration: the same value again changes nothing, another one replaces it.
    expect(await migrateSchema(config, schemaOf({ EVENTS_RETENTION_DAYS: '30' }), client)).toMatchObject({ retention: 'unchanged' });
    expect(await migrateSchema(config, schemaOf({ EVENTS_RETENTION_DAYS: '7' }), client)).toMatchObject({ retention: 'set' });
    expect(await ttlOf()).toContain('TTL toDateTime(event_time) + toIntervalDay(7)');
    expect(await ttlOf('distinct_users')).toContain('TTL toDateTime(last_event_time) + toIntervalDay(7)');
    expect(await migrateSchema(config, schemaOf({ EVENTS_RETENTION_DAYS: '0' }), client)).toMatchObject({ retention: 'removed' });
    expect(await ttlOf()).not.toContain('TTL');
    expect(await ttlOf('distinct_users')).not.toContain('TTL');
    expect(await migrateSchema(config, schemaOf(), client)).toMatchObject({ retention: 'unchanged' });
    // The cluster setting on a database of the single-server schema changes nothing and says why.
    await expect(migrateSchema(config, schemaOf({ CLICKHOUSE_CLUSTER: 'events_cluster' }), client)).rejects.toThrow(
      `database ${config.CLICKHOUSE_DATABASE} holds the single-server schema (events is a ReplacingMergeTree table): CLICKHOUSE_CLUSTER=events_cluster is for a new database`,
    );
  });
});

describe('CLICKHOUSE_MIGRATE=skip: the app leaves the schema to the migrate job', () => {
  const config = freshDatabase('test_skip');
  const admin = createClickHouseClient(config);
  afterAll(async () => {
    await admin.command({ query: `DROP DATABASE IF EXISTS ${config.CLICKHOUSE_DATABASE}` });
    await admin.close();
  });
  const skip = schemaOf({ CLICKHOUSE_MIGRATE: 'skip' });
  const open = (schemaTimeoutMs: number) => openClickHouse(config, skip, { schemaTimeoutMs, reachableTimeoutMs: 5000 });

  it('fails the boot naming the first missing migration, creating nothing, until the job has run', async () => {
    await expect(open(0)).rejects.toThrow(new RegExp(`schema of ClickHouse database ${config.CLICKHOUSE_DATABASE} lacks migration 1 \\(events table\\) and ${MIGRATIONS.length - 1} more \\(${LATER.join(', ')}\\)`));
    const server = createClickHouseClient(config, 'default');
    const databases = await rowsOf<{ name: string }>(server, `SELECT name FROM system.databases WHERE name = '${config.CLICKHOUSE_DATABASE}'`).finally(() => server.close());
    expect(databases).toEqual([]);

    await migrate(config, admin, MIGRATIONS.filter((m) => m.version <= 2));
    const refused = open(0);
    await expect(refused).rejects.toThrow(SchemaTooOldError);
    await expect(refused).rejects.toThrow(/lacks migration 3 \(events from every source[^)]*\)(?: and \d+ more \([\d, ]+\))?, which this release needs; with CLICKHOUSE_MIGRATE=skip the migrate job applies it/);
    expect(await rowsOf(admin, "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'events' AND name = 'source'")).toEqual([]);
  });

  it('waits for a job running at the same time, then opens without changing the schema', async () => {
    const opening = open(30_000);
    opening.catch(() => undefined); // awaited below; a failure before then must not go unhandled
    const env = { CLICKHOUSE_URL: config.CLICKHOUSE_URL, CLICKHOUSE_DATABASE: config.CLICKHOUSE_DATABASE, EVENTS_RETENTION_DAYS: '400' };
    const out: string[] = [];
    expect(await migrateCommand([], env, { out: (t) => out.push(t), err: (t) => out.push(t) })).toBe(0);
    expect(out).toEqual([`migrate: ${config.CLICKHOUSE_DATABASE}: applied migration(s) ${LATER.slice(1).join(', ')}, now at version ${LAST}; raw events kept 400 day(s) (TTL set)`]);
    const client = await opening;
    try {
      expect(await rowsOf(client, 'SELECT count() AS n FROM events')).toEqual([{ n: 0 }]);
    } finally {
      await client.close();
    }
    // The job again: nothing to do.
    out.length = 0;
    expect(await migrateCommand([], env, { out: (t) => out.push(t), err: (t) => out.push(t) })).toBe(0);
    expect(out).toEqual([`migrate: ${config.CLICKHOUSE_DATABASE}: schema up to date at version ${LAST}; raw events kept 400 day(s) (TTL unchanged)`]);
  });
});
