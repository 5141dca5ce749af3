import { INestApplication } from '@nestjs/common';
import { startGateway } from '../../apps/gateway/src/bootstrap';
import { READ_PATHS } from '../../apps/gateway/src/transport/read-paths';
import { startQuery } from '../../apps/query/src/bootstrap';
import { Answer, postJson, send, settledCount, startPlatform, TestPlatform, urlOf } from '../support/platform';

/** A read of each seed's, at its path, answered 200 once the events below are stored, and one with a bad parameter. */
const SEED_READS: Array<[read: string, queryAppStatus: number]> = [
  ['/events/metrics?event_name=page_view&group_by=channel', 200],
  ['/events/metrics?event_name=page_view&group_by=weekly', 400],
  ['/metrics?event_name=purchase', 200],
  ['/metrics?event_name=purchase&from=2024-02-30', 400],
  ['/api/read?event_name=new&customer_id=18&sort=-created_at&page=1&page_size=10', 200],
  ['/api/read?sort=bogus', 400],
  ['/stats?site_id=site-abc-123&date=2025-11-12', 200],
  ['/stats?site_id=site-abc-123', 400],
];

/** What a client sees of an answer: its status, type and body as bytes. */
async function seen(url: string, init: RequestInit = {}): Promise<[number, string | null, string]> {
  const response = await fetch(url, init);
  return [response.status, response.headers.get('content-type'), await response.text()];
}

async function startGatewayReadingFrom(platform: TestPlatform, queryUrl: string): Promise<INestApplication> {
  return startGateway({ ...platform.env, GATEWAY_READS_URL: queryUrl });
}

describe("reads at the write address: GATEWAY_READS_URL forwards the query app's reads to it", () => {
  let platform: TestPlatform;
  let gateway: INestApplication;
  let gatewayUrl: string;

  beforeAll(async () => {
    platform = await startPlatform();
    gateway = await startGatewayReadingFrom(platform, platform.queryUrl);
    gatewayUrl = await urlOf(gateway);
    // Each seed's client writes where it reads: seeds 000, 001, 002 and 004, through the forwarding gateway.
    const writes = [
      await postJson(`${gatewayUrl}/events`, { name: 'page_view', channel_type: 'web', user_id: 'user-123', timestamp: 1705314600 }),
      await postJson(`${gatewayUrl}/events`, { event_name: 'purchase', channel: 'web', campaign_id: 'summer_sale_2025', user_id: 'user123', timestamp: 1732233600 }),
      await send(`${gatewayUrl}/api/write`, { method: 'POST', body: '{"event_name":"new customer","description":"account was created for a given identity", "customer_id":18}' }),
      await postJson(`${gatewayUrl}/event`, { site_id: 'site-abc-123', event_type: 'page_view', path: '/home', user_id: 'user-001', timestamp: '2025-11-12T10:00:00Z' }),
    ];
    expect(writes.map((answer) => answer.status)).toEqual([202, 202, 200, 200]);
    await settledCount(platform, 'page_view', 2);
    await settledCount(platform, 'purchase', 1);
    await settledCount(platform, 'new customer', 1);
  }, 120_000);

  afterAll(async () => {
    await gateway?.close();
    await platform?.stop();
  });

  it('forwards every GET of the query app but its probes and its admin routes (a new read goes into READ_PATHS, read-paths.ts)', async () => {
    const document = await send<{ paths: Record<string, Record<string, unknown>> }>(`${platform.queryUrl}/swagger-json`);
    const queryGets = Object.entries(document.body.paths).filter(([, operations]) => 'get' in operations).map(([path]) => path);
    // Admin routes stay on the query app, off the public write address (README, "Security").
    expect(queryGets.filter((path) => !['/health', '/ready'].includes(path) && !path.startsWith('/admin/')).sort()).toEqual([...READ_PATHS].sort());
  });

  it.each(SEED_READS)('GET %s: the gateway answers what the query app answers (%i)', async (read, queryAppStatus) => {
    const direct = await seen(`${platform.queryUrl}${read}`);
    expect(direct[0]).toBe(queryAppStatus);
    expect(await seen(`${gatewayUrl}${read}`)).toEqual(direct);
  });

  it.each(READ_PATHS)('GET %s without parameters: the gateway answers what the query app answers', async (path) => {
    const direct = await seen(`${platform.queryUrl}${path}`);
    expect(direct[0]).not.toBe(404);
    expect(await seen(`${gatewayUrl}${path}`)).toEqual(direct);
  });

  it('HEAD too', async () => {
    const [read] = SEED_READS[0];
    const direct = await seen(`${platform.queryUrl}${read}`, { method: 'HEAD' });
    expect(direct[0]).toBe(200);
    expect(await seen(`${gatewayUrl}${read}`, { method: 'HEAD' })).toEqual(direct);
  });

  it('answers another method on a read path 405, naming GET and HEAD', async () => {
    const answer = await send(`${gatewayUrl}/events/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(answer).toMatchObject({ status: 405, body: { statusCode: 405, error: 'Method Not Allowed' } });
    expect(answer.headers.get('allow')).toBe('GET, HEAD');
  });

  it("leaves the reads out of the gateway's OpenAPI document, and says where they go", async () => {
    const document = await send<{ info: { description: string }; paths: Record<string, unknown> }>(`${gatewayUrl}/swagger-json`);
    expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining(['/events', '/api/write']));
    expect(Object.keys(document.body.paths).filter((path) => (READ_PATHS as readonly string[]).includes(path))).toEqual([]);
    expect(document.body.info.description).toContain('forwarded unchanged to the query app');
  });

  it("off by default: the read paths are not the gateway's", async () => {
    for (const path of READ_PATHS) {
      expect(await send(`${platform.gatewayUrl}${path}`)).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found' } });
    }
  });

  it('answers 503 at once, in the error shape, while the query app is stopped', async () => {
    const query = await startQuery(platform.env);
    const forwarding = await startGatewayReadingFrom(platform, await urlOf(query));
    try {
      const read = `${await urlOf(forwarding)}/stats?site_id=site-abc-123&date=2025-11-12`;
      expect((await send(read)).status).toBe(200);
      await query.close();
      const started = Date.now();
      const answer: Answer = await send(read);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(answer).toMatchObject({
        status: 503,
        body: { statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/^The query app, which answers GET \/stats, cannot be reached now/) },
      });
      expect(answer.headers.get('retry-after')).toBe('5');
    } finally {
      await forwarding.close();
    }
  });
});
