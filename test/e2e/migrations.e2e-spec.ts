import { tributaryIdOf } from '@tributary/contracts';
import { ClickHouseConfig, loadConfig } from '@tributary/platform';
import { randomBytes } from 'node:crypto';
import { createClickHouseClient } from '../../libs/platform/src/clickhouse/clickhouse-client';
import { migrate } from '../../libs/platform/src/clickhouse/migrate';
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
