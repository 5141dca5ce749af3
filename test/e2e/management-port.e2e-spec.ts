import { startQuery } from '../../apps/query/src/bootstrap';
import { isolatedEnv, managementUrlOf, send, startPlatform, TestPlatform } from '../support/platform';
import { waitFor } from '../support/wait-for';

type App = 'gateway' | 'query' | 'writer';
const APPS: App[] = ['gateway', 'query', 'writer'];

/** Each app's readiness checks, and a metric of its registry. */
const EXPECTED: Record<App, { checks: Record<string, string>; metric: string }> = {
  gateway: { checks: { kafka: 'ok' }, metric: 'tributary_gateway_events_accepted_total' },
  query: { checks: { clickhouse: 'ok' }, metric: 'process_resident_memory_bytes' },
  writer: { checks: { consumer: 'ok', clickhouse: 'ok' }, metric: 'tributary_writer_rows_inserted_total' },
};

describe('metrics and probes on a management port of their own, every path of the API port left to the API', () => {
  let platform: TestPlatform;
  const apiUrl = (app: App): string => ({ gateway: platform.gatewayUrl, query: platform.queryUrl, writer: platform.writerUrl })[app];

  beforeAll(async () => {
    platform = await startPlatform();
  }, 120_000);

  afterAll(() => platform?.stop());

  it.each(APPS)('%s: GET /metrics, /health and /ready answer on the management port', async (app) => {
    const managementUrl = platform.managementUrls[app];
    expect(new URL(managementUrl).port).not.toBe(new URL(apiUrl(app)).port);
    const metrics = await send<string>(`${managementUrl}/metrics`);
    expect([metrics.status, metrics.headers.get('content-type')]).toEqual([200, 'text/plain; version=0.0.4; charset=utf-8']);
    expect(metrics.body).toContain(`# TYPE ${EXPECTED[app].metric} `);
    expect(await send(`${managementUrl}/health`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await waitFor(`${app} to be ready`, async () => {
      const answer = await send(`${managementUrl}/ready`);
      return answer.status === 200 ? answer : undefined;
    });
    expect(ready.body).toEqual({ status: 'ready', checks: EXPECTED[app].checks });
  });

  it.each(APPS)('%s: the API port keeps /health and /ready, and leaves /metrics to the API (seed 001\'s read on the query app)', async (app) => {
    const metrics = await send<{ errors?: unknown }>(`${apiUrl(app)}/metrics`);
    if (app === 'query') expect(metrics).toMatchObject({ status: 400, body: { errors: [{ field: 'event_name', reason: 'is required' }] } });
    else expect(metrics.status).toBe(404);
    expect(await send(`${apiUrl(app)}/health`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await send<{ checks: Record<string, string> }>(`${apiUrl(app)}/ready`);
    expect(Object.keys(ready.body.checks).sort()).toEqual(Object.keys(EXPECTED[app].checks).sort());
  });

  it('the management port serves nothing else', async () => {
    const answer = await send(`${platform.managementUrls.gateway}/events`, { method: 'POST' });
    expect(answer).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found' } });
  });

  it("closes with the app: its port refuses connections once the app's close returns", async () => {
    const query = await startQuery(isolatedEnv());
    const managementUrl = await managementUrlOf(query);
    expect((await send(`${managementUrl}/health`)).status).toBe(200);
    await query.close();
    await expect(fetch(`${managementUrl}/health`)).rejects.toThrow();
  });
});
