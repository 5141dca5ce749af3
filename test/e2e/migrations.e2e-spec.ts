import { ClickHouseConfig, loadConfig } from '@tributary/platform';
import { randomBytes } from 'node:crypto';
import { createClickHouseClient } from '../../libs/platform/src/clickhouse/clickhouse-client';
import { migrate } from '../../libs/platform/src/clickhouse/migrate';
import { MIGRATIONS } from '../../libs/platform/src/clickhouse/migrations';
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
