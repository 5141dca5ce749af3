import { createClient } from '@clickhouse/client';
import { TRIBUTARY_EVENT_SCHEMA, tributaryIdOf } from '@tributary/contracts';
import { postJson, send, startPlatform, TestPlatform, waitForCount, metricsOf } from '../support/platform';
import { waitForWriterCaughtUp } from '../support/kafka-probe';

const at = (iso: string) => Date.parse(iso) / 1000;

const single = { name: 'page_view', channel_type: 'web', user_id: 'u1', timestamp: at('2024-01-15T10:30:00Z'), device: { operating_system: 'Windows', browser_name: 'Chrome' } };
const jsonBatch = [
  { name: 'page_view', channel_type: 'web', user_id: 'u2', timestamp: at('2024-01-15T10:45:00Z') },
  { name: 'page_view', channel_type: 'mobile', user_id: 'u1', timestamp: at('2024-01-15T11:05:00Z'), event_params: [{ key: 'page_title', string_value: 'Home' }] },
  { name: 'button_click', channel_type: 'mobile', user_id: 'u4', timestamp: at('2024-01-15T11:06:00Z') },
];
const ndjsonBatch = [
  { name: 'page_view', channel_type: 'mobile', user_id: 'u3', date: '2024-01-16T09:00:00Z' },
  { name: 'page_view', channel_type: 'tv', user_pseudo_id: 'p1', timestamp: at('2024-01-16T09:30:00Z') },
  { name: 'page_view', channel_type: 'web', user_id: 'u9' },
];
const RANGE = { from: '2024-01-15T00:00:00Z', to: '2024-01-16T23:59:59Z' };

describe('the pipeline end to end: HTTP in, Kafka, ClickHouse, exact metrics out', () => {
  let platform: TestPlatform;
  let ids: string[];

  beforeAll(async () => {
    platform = await startPlatform();
    const one = await postJson<{ id: string }>(`${platform.gatewayUrl}/events`, single);
    const batch = await postJson<{ ids: string[] }>(`${platform.gatewayUrl}/events/batch`, { events: jsonBatch });
    const ndjson = await send<{ ids: string[] }>(`${platform.gatewayUrl}/events/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: ndjsonBatch.map((e) => JSON.stringify(e)).join('\n') + '\n',
    });
    expect([one.status, batch.status, ndjson.status]).toEqual([202, 202, 202]);
    ids = [one.body.id, ...batch.body.ids, ...ndjson.body.ids];
    await waitForCount(platform, 'page_view', 6);
    await waitForWriterCaughtUp(platform.env);
  });

  afterAll(() => platform?.stop());

  it('answers ids in request order, stable for events with a client time', () => {
    expect(ids).toHaveLength(7);
    expect(ids.slice(0, 6)).toEqual([single, ...jsonBatch, ...ndjsonBatch.slice(0, 2)].map((e) => tributaryIdOf(e as never)));
    expect(new Set(ids).size).toBe(7);
  });

  it('counts every event of the name, and only those', async () => {
    const all = await metricsOf(platform, { event_name: 'page_view' });
    expect(all).toEqual({ event_name: 'page_view', from: null, to: null, total_count: 6, unique_user_count: 5, grouped_metrics: [] });
    const clicks = await metricsOf(platform, { event_name: 'button_click' });
    expect([clicks.total_count, clicks.unique_user_count]).toEqual([1, 1]);
  });

  it('answers zeros for a name never sent, grouped or not', async () => {
    for (const group_by of ['channel', 'daily', 'hourly']) {
      expect(await metricsOf(platform, { event_name: 'never_sent', group_by })).toMatchObject({ total_count: 0, unique_user_count: 0, grouped_metrics: [] });
    }
  });

  it('restricts to the time range and echoes it', async () => {
    const ranged = await metricsOf(platform, { event_name: 'page_view', ...RANGE });
    expect(ranged).toMatchObject({ ...RANGE, total_count: 5, unique_user_count: 4 });
    const unix = await metricsOf(platform, { event_name: 'page_view', from: String(at(RANGE.from)), to: String(at('2024-01-15T23:59:59Z')) });
    expect(unix.total_count).toBe(3);
  });

  it('groups by channel', async () => {
    const metrics = await metricsOf(platform, { event_name: 'page_view', ...RANGE, group_by: 'channel' });
    expect(metrics.total_count).toBe(5);
    expect(metrics.unique_user_count).toBe(4);
    expect(metrics.grouped_metrics).toEqual([
      { group_key: 'mobile', total_count: 2, unique_user_count: 2 },
      { group_key: 'tv', total_count: 1, unique_user_count: 1 },
      { group_key: 'web', total_count: 2, unique_user_count: 2 },
    ]);
  });

  it('groups by day', async () => {
    const metrics = await metricsOf(platform, { event_name: 'page_view', ...RANGE, group_by: 'daily' });
    expect(metrics.grouped_metrics).toEqual([
      { group_key: '2024-01-15', total_count: 3, unique_user_count: 2 },
      { group_key: '2024-01-16', total_count: 2, unique_user_count: 2 },
    ]);
  });

  it('groups by hour', async () => {
    const metrics = await metricsOf(platform, { event_name: 'page_view', ...RANGE, group_by: 'hourly' });
    expect(metrics.grouped_metrics).toEqual([
      { group_key: '2024-01-15T10:00:00Z', total_count: 2, unique_user_count: 2 },
      { group_key: '2024-01-15T11:00:00Z', total_count: 1, unique_user_count: 1 },
      { group_key: '2024-01-16T09:00:00Z', total_count: 2, unique_user_count: 2 },
    ]);
  });

  it('stores the enrichment: the client IP and the server receive time', async () => {
    const client = createClient({ url: String(platform.env.CLICKHOUSE_URL), database: String(platform.env.CLICKHOUSE_DATABASE) });
    try {
      const result = await client.query({
        query: 'SELECT client_ip, received_at > now64(3) - INTERVAL 10 MINUTE AS recent, device_browser_name FROM events FINAL WHERE id = {id:UUID}',
        query_params: { id: ids[0] },
        format: 'JSONEachRow',
      });
      expect(await result.json()).toEqual([{ client_ip: '127.0.0.1', recent: 1, device_browser_name: 'Chrome' }]);
    } finally {
      await client.close();
    }
  });

  it('answers liveness and readiness with what each app depends on', async () => {
    for (const [url, checks] of [
      [platform.gatewayUrl, { kafka: 'ok' }],
      [platform.queryUrl, { clickhouse: 'ok' }],
    ] as const) {
      expect((await send(`${url}/health`)).body).toEqual({ status: 'ok' });
      expect(await send(`${url}/ready`)).toMatchObject({ status: 200, body: { status: 'ready', checks } });
    }
  });

  it('serves Prometheus metrics and Swagger UI', async () => {
    const metrics = await send<string>(`${platform.managementUrls.gateway}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/tributary_gateway_events_accepted_total{source="tributary"} 7/);
    const swagger = await send<string>(`${platform.queryUrl}/swagger`);
    expect(swagger.status).toBe(200);
    expect(swagger.body).toContain('swagger-ui');
    const index = await send<string>(`${platform.gatewayUrl}/swagger/index.html`);
    expect([index.status, index.body]).toEqual([200, expect.stringContaining('swagger-ui')]);
    const root = await send(`${platform.gatewayUrl}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/swagger']);
    const document = await send<{ paths: Record<string, unknown> }>(`${platform.queryUrl}/swagger-json`);
    expect(Object.keys(document.body.paths).sort()).toEqual(['/admin/erasures', '/api/read', '/events/list', '/events/metrics', '/events/stats', '/metrics', '/stats']);
  });

  it('documents the event with the very schema the gateway validates against', async () => {
    type Body = { requestBody: { content: Record<string, { schema: { properties?: Record<string, { items?: unknown }> } }> } };
    const document = await send<{ paths: Record<string, { post: Body }> }>(`${platform.gatewayUrl}/swagger-json`);
    // Seed 001 shares POST /events: the path documents each source's event, seed 000's among them.
    expect((document.body.paths['/events'].post.requestBody.content['application/json'].schema as { oneOf?: unknown[] }).oneOf).toContainEqual(TRIBUTARY_EVENT_SCHEMA);
    expect(document.body.paths['/events/batch'].post.requestBody.content['application/json'].schema.properties?.events.items).toEqual(TRIBUTARY_EVENT_SCHEMA);
  });
});
