import { createClient } from '@clickhouse/client';
import { waitForWriterCaughtUp } from '../../support/kafka-probe';
import { Answer, metricsOf, send, startPlatform, TestPlatform, waitForCount } from '../../support/platform';

/** Seed 004's curl example, `-H "Content-Type: application/json" -d "{ \"site_id\": ... }"`: the body as cmd.exe passes it. */
const SEED_BODY = '{ "site_id": "site-abc-123", "event_type": "page_view", "path": "/home", "user_id": "user-001", "timestamp": "2025-11-12T10:00:00Z" }';

const DAY = { from: '2025-11-12T00:00:00Z', to: '2025-11-12T23:59:59Z' };

interface ErrorBody {
  errors: Array<{ field: string; reason: string }>;
}

describe('seed 004 (website analytics ingest API) against the gateway', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(() => platform?.stop());

  const curl = <T = unknown>(body: string, contentType = 'application/json'): Promise<Answer<T>> =>
    send<T>(`${platform.gatewayUrl}/event`, { method: 'POST', headers: { 'content-type': contentType }, body });

  async function expectOk(answer: Promise<Answer>): Promise<void> {
    const { status, headers, body } = await answer;
    expect([status, JSON.stringify(body), headers.get('content-type')]).toEqual([200, '{"status":"ok"}', expect.stringMatching(/^application\/json/)]);
  }

  it('answers the example {"status":"ok"} and counts it once however often it is sent', async () => {
    await expectOk(curl(SEED_BODY));
    await expectOk(curl(SEED_BODY));
    // The same text as a page's navigator.sendBeacon posts it.
    await expectOk(curl(SEED_BODY, 'text/plain;charset=UTF-8'));

    await waitForCount(platform, 'page_view', 1);
    await waitForWriterCaughtUp(platform.env);
    expect(await metricsOf(platform, { event_name: 'page_view', ...DAY, group_by: 'channel' })).toMatchObject({
      total_count: 1,
      unique_user_count: 1,
      grouped_metrics: [{ group_key: 'web', total_count: 1, unique_user_count: 1 }],
    });
    expect((await metricsOf(platform, { event_name: 'page_view' })).total_count).toBe(1);

    const client = createClient({ url: String(platform.env.CLICKHOUSE_URL), database: String(platform.env.CLICKHOUSE_DATABASE) });
    try {
      const result = await client.query({ query: "SELECT source, site_id, page_path, user_id, event_time FROM events FINAL WHERE name = 'page_view'", format: 'JSONEachRow' });
      expect(await result.json()).toEqual([{ source: 'site-analytics', site_id: 'site-abc-123', page_path: '/home', user_id: 'user-001', event_time: '2025-11-12 10:00:00.000' }]);
    } finally {
      await client.close();
    }
  });

  it('counts each event without timestamp: two sent alike are two page views, dated at their receipt', async () => {
    const body = '{"site_id":"site-abc-123","event_type":"signup_click","path":"/pricing"}';
    await expectOk(curl(body));
    await expectOk(curl(body));
    await waitForCount(platform, 'signup_click', 2);
    await waitForWriterCaughtUp(platform.env);
    expect(await metricsOf(platform, { event_name: 'signup_click' })).toMatchObject({ total_count: 2, unique_user_count: 0 });
    const today = new Date().toISOString().slice(0, 10);
    expect((await metricsOf(platform, { event_name: 'signup_click', from: `${today}T00:00:00Z`, to: `${today}T23:59:59Z` })).total_count).toBe(2);
  });

  it('refuses an invalid event with a 400 naming each field, and stores nothing', async () => {
    const answer = await curl<ErrorBody>('{ "site_id": "site-abc-123", "event_type": "bounce", "timestamp": "12/11/2025 10:00" }');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { field: 'path', reason: 'is required' },
      { field: 'timestamp', reason: 'must be an ISO 8601 date-time such as 2025-11-12T10:00:00Z, from 2000-01-01 to 2100-01-01' },
    ]);
    const long = await curl<ErrorBody>(JSON.stringify({ site_id: 's', event_type: 'bounce', path: `/${'p'.repeat(1024)}` }));
    expect([long.status, long.body.errors]).toEqual([400, [{ field: 'path', reason: 'must be at most 1024 characters long' }]]);
    await waitForWriterCaughtUp(platform.env);
    expect((await metricsOf(platform, { event_name: 'bounce' })).total_count).toBe(0);
  });
});
