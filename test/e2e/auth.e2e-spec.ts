import { Analytics } from '@segment/analytics-node';
import { PostHog } from 'posthog-node';
import { randomUUID } from 'node:crypto';
import { waitForWriterCaughtUp } from '../support/kafka-probe';
import { startGateway } from '../../apps/gateway/src/bootstrap';
import { Answer, send, startPlatform, storedRows, TestPlatform, urlOf } from '../support/platform';
import { expectRefused } from '../support/refusals';
import { waitFor } from '../support/wait-for';

/** Keys of two projects: shop's write key in the middle of a rotation (old and new both valid), a read key each, shop's admin key. */
export const KEYS = {
  shopWrite: 'shop-write-OLD-7f3a9c2e41b8d6',
  shopWriteNew: 'shop-write-NEW-c81d04e5a7f293',
  shopRead: 'shop-read-5b2e8f71c0a4d9',
  shopAdmin: 'shop-admin-e29c47a1b8f035',
  blogWrite: 'blog-write-94d1f0c7e3a8b2',
  blogRead: 'blog-read-3c7a2e9f41d0b8',
} as const;

export const KEY_RING = [
  { key: KEYS.shopWrite, project: 'shop', role: 'write', name: 'shop, before the rotation' },
  { key: KEYS.shopWriteNew, project: 'shop', role: 'write', name: 'shop, after the rotation' },
  { key: KEYS.shopRead, project: 'shop', role: 'read' },
  { key: KEYS.shopAdmin, project: 'shop', role: 'admin' },
  { key: KEYS.blogWrite, project: 'blog', role: 'write' },
  { key: KEYS.blogRead, project: 'blog', role: 'read' },
];

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const DAY = '2025-11-12';

describe('keys (TRIBUTARY_AUTH=keys): write keys name the project, read keys see only theirs', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform({ TRIBUTARY_AUTH: 'keys', TRIBUTARY_KEYS: JSON.stringify(KEY_RING) });
  });

  afterAll(() => platform?.stop());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
    send(`${platform.gatewayUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const read = <T = unknown>(path: string, headers: Record<string, string> = {}): Promise<Answer<T>> => send<T>(`${platform.queryUrl}${path}`, { headers });

  /** The stored (project, event_id) of the events of one name, once there are `count`. */
  async function storedOf(name: string, count: number): Promise<Array<{ project: string; event_id: string | null }>> {
    const rowsOf = () => storedRows<{ project: string; event_id: string | null }>(platform, 'SELECT project, event_id FROM events FINAL WHERE name = {name:String} ORDER BY project, event_id', { name });
    await waitFor(`${count} ${name} events to be stored`, async () => ((await rowsOf()).length >= count ? true : undefined));
    await waitForWriterCaughtUp(platform.env);
    return rowsOf();
  }

  it("takes each source's key where its protocol sends it: Segment's Basic auth (the real SDK), PostHog's api_key (the real SDK), X-Write-Key", async () => {
    const errors: unknown[] = [];
    const analytics = new Analytics({ writeKey: KEYS.shopWrite, host: platform.gatewayUrl, flushInterval: 100, maxRetries: 0 });
    analytics.on('error', (error) => errors.push(error));
    analytics.track({ userId: 'u1', event: 'keyed segment', messageId: 'keyed-segment-1' });
    await analytics.closeAndFlush({ timeout: 15_000 });
    const posthog = new PostHog(KEYS.blogWrite, { host: platform.gatewayUrl, flushAt: 1, flushInterval: 100, fetchRetryCount: 0 });
    posthog.on('error', (error) => errors.push(error));
    posthog.capture({ distinctId: 'u2', event: 'keyed posthog' });
    await posthog.shutdown(15_000);
    expect(errors).toEqual([]);
    const own = await post('/events', { name: 'keyed tributary', channel_type: 'web', timestamp: 1705314600, user_id: 'u3' }, { 'x-write-key': KEYS.blogWrite });
    expect(own.status).toBe(202);

    expect(await storedOf('keyed segment', 1)).toEqual([{ project: 'shop', event_id: 'keyed-segment-1' }]);
    expect((await storedOf('keyed posthog', 1)).map((row) => row.project)).toEqual(['blog']);
    expect((await storedOf('keyed tributary', 1)).map((row) => row.project)).toEqual(['blog']);
  });

  it('refuses 401 a missing, unknown or non-write key, naming where the key goes, counted as unauthorized, and stores nothing', async () => {
    const segment = { batch: [{ type: 'track', event: 'refused write', userId: 'u1' }] };
    const posthogBatch = (apiKey?: string) => ({ ...(apiKey && { api_key: apiKey }), batch: [{ event: 'refused write', distinct_id: 'u1' }] });
    const tributary = { name: 'refused write', channel_type: 'web', timestamp: 1705314600, user_id: 'u1' };
    const refusals: Array<[Answer, string]> = [
      [await post('/v1/batch', segment), 'authorization'],
      [await post('/v1/batch', segment, { authorization: basic('not-a-key-of-the-ring') }), 'authorization'],
      [await post('/v1/batch', segment, { authorization: basic(KEYS.shopRead) }), 'authorization'],
      [await post('/batch', posthogBatch()), 'api_key'],
      [await post('/batch', posthogBatch('phc_unknown_project_key')), 'api_key'],
      [await post('/batch', posthogBatch(KEYS.shopAdmin)), 'api_key'],
      [await post('/events', tributary), 'x-write-key'],
      [await post('/events', tributary, { 'x-write-key': `${KEYS.shopWrite}x` }), 'x-write-key'],
      [await post('/api/write', { event_name: 'refused write', description: 'd' }), 'x-write-key'],
    ];
    for (const [answer, field] of refusals) expectRefused(answer, 401, field, /is missing|is not a write key/);
    for (const [answer] of refusals) expect(JSON.stringify(answer.body)).not.toMatch(/shop-|phc_unknown|not-a-key/);

    const metrics = await (await fetch(`${platform.managementUrls.gateway}/metrics`)).text();
    const unauthorized = (source: string) => Number(new RegExp(`tributary_gateway_requests_refused_total\\{source="${source}",reason="unauthorized"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
    expect([unauthorized('segment'), unauthorized('posthog'), unauthorized('tributary'), unauthorized('log-service')]).toEqual([3, 3, 2, 1]);

    await waitForWriterCaughtUp(platform.env);
    expect(await storedRows(platform, "SELECT name FROM events WHERE name = 'refused write'")).toEqual([]);
  });

  it("takes both keys of a rotated pair, and a resend under the new key is the same event (ids derive from the project, not the key)", async () => {
    const message = { type: 'track', event: 'rotated write', userId: 'u1', messageId: 'rotated-1' };
    expect((await post('/v1/batch', { batch: [message] }, { authorization: basic(KEYS.shopWrite) })).status).toBe(200);
    expect((await post('/v1/batch', { batch: [message] }, { authorization: basic(KEYS.shopWriteNew) })).status).toBe(200);
    expect((await post('/v1/batch', { batch: [{ ...message, messageId: 'rotated-2' }] }, { authorization: basic(KEYS.shopWriteNew) })).status).toBe(200);
    expect(await storedOf('rotated write', 2)).toEqual([
      { project: 'shop', event_id: 'rotated-1' },
      { project: 'shop', event_id: 'rotated-2' },
    ]);
  });

  describe('reads: each read key sees its project only', () => {
    // Both projects send the same views (same users, paths and times): each project keeps its own,
    // as the ids are scoped to the project (contracts' idInProject), not shared across them.
    beforeAll(async () => {
      const log = (name: string, customer: number) => ({ event_name: name, description: 'scoped', customer_id: customer });
      for (const [key, logs, views] of [
        [KEYS.shopWrite, 3, 2],
        [KEYS.blogWrite, 1, 5],
      ] as const) {
        for (let i = 0; i < logs; i++) expect((await post('/api/write', log('scoped log', i), { 'x-write-key': key })).status).toBe(200);
        for (let i = 0; i < views; i++) {
          const view = { site_id: 'scoped-site', event_type: 'page_view', path: `/p${i}`, user_id: `user-${i}`, timestamp: `${DAY}T10:00:0${i}Z` };
          expect((await post('/event', view, { 'x-write-key': key })).status).toBeLessThan(300);
        }
      }
      await waitFor('the scoped logs and views to be stored', async () => {
        const [{ n }] = await storedRows<{ n: string }>(platform, "SELECT count() AS n FROM events FINAL WHERE name = 'scoped log' OR site_id = 'scoped-site'");
        return Number(n) >= 11 ? true : undefined;
      });
    });

    it('GET /api/read and GET /stats count the key\'s project only; an admin key reads its project too', async () => {
      const logsOf = async (headers: Record<string, string>) => (await read<{ metadata: { total_records: number } }>('/api/read?event_name=scoped', headers)).body.metadata.total_records;
      const viewsOf = async (headers: Record<string, string>) => (await read<{ total_views: number }>(`/stats?site_id=scoped-site&date=${DAY}`, headers)).body.total_views;
      expect(await logsOf({ authorization: `Bearer ${KEYS.shopRead}` })).toBe(3);
      expect(await logsOf({ 'x-read-key': KEYS.blogRead })).toBe(1);
      expect(await logsOf({ authorization: `Bearer ${KEYS.shopAdmin}` })).toBe(3);
      expect(await viewsOf({ authorization: `Bearer ${KEYS.shopRead}` })).toBe(2);
      expect(await viewsOf({ authorization: `Bearer ${KEYS.blogRead}` })).toBe(5);
    });

    it('refuses 401 a read without a key, with an unknown one or a write key, naming the header; the probes stay open', async () => {
      for (const headers of [{} as Record<string, string>, { authorization: 'Bearer not-a-key-of-the-ring' }, { authorization: `Bearer ${KEYS.shopWrite}` }, { authorization: basic(KEYS.shopRead) }]) {
        for (const path of ['/api/read', `/stats?site_id=scoped-site&date=${DAY}`]) {
          const answer = await read(path, headers);
          expectRefused(answer, 401, 'authorization', /is missing|is not a read key/);
          expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="tributary"');
          expect(JSON.stringify(answer.body)).not.toContain('shop-');
        }
      }
      expect((await read('/health')).status).toBe(200);
      expect((await read('/swagger-json')).status).toBe(200);
    });

    it('the gateway forwards a read with its key', async () => {
      const gateway = await startGateway({ ...platform.env, GATEWAY_READS_URL: platform.queryUrl });
      try {
        const url = `${await urlOf(gateway)}/stats?site_id=scoped-site&date=${DAY}`;
        const through = await send<{ total_views: number }>(url, { headers: { authorization: `Bearer ${KEYS.blogRead}` } });
        expect([through.status, through.body.total_views]).toEqual([200, 5]);
        expect((await send(url)).status).toBe(401);
      } finally {
        await gateway.close();
      }
    });
  });

  it("documents the keys in both apps' OpenAPI documents, required on every operation but PostHog's (its key is in the body)", async () => {
    const gatewayDoc = (await send<{ components: { securitySchemes: Record<string, { name?: string }> }; paths: Record<string, { post?: { security?: unknown[] } }> }>(`${platform.gatewayUrl}/swagger-json`)).body;
    expect(gatewayDoc.components.securitySchemes.writeKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Write-Key' });
    expect(gatewayDoc.paths['/events'].post?.security).toEqual([{ writeKey: [] }]);
    expect(gatewayDoc.paths['/v1/batch'].post?.security).toEqual([{ segmentWriteKey: [] }, { writeKey: [] }]);
    expect(gatewayDoc.paths['/batch'].post?.security).toBeUndefined();
    const queryDoc = (await read<{ paths: Record<string, { get?: { security?: unknown[] } }> }>('/swagger-json')).body;
    expect(queryDoc.paths['/stats'].get?.security).toEqual([{ readKey: [] }, { readKeyHeader: [] }]);
  });
});

describe('keys off (TRIBUTARY_AUTH=open, the local default)', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(() => platform?.stop());

  it('takes every write, whatever key it carries, into project default, and reads it without a key', async () => {
    const answer = await send(`${platform.gatewayUrl}/api/write`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-write-key': 'anything-at-all' },
      body: JSON.stringify({ event_name: 'open log', description: 'open', customer_id: 1 }),
    });
    expect(answer.status).toBe(200);
    const uuid = randomUUID();
    expect((await send(`${platform.gatewayUrl}/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: 'phc_whatever', batch: [{ event: 'open capture', distinct_id: 'u', uuid }] }) })).status).toBe(200);
    await waitFor('the open writes to be stored', async () => {
      const rows = await storedRows<{ project: string }>(platform, "SELECT project FROM events FINAL WHERE name IN ('open log', 'open capture')");
      return rows.length >= 2 ? rows : undefined;
    }).then((rows) => expect(rows.map((row) => row.project)).toEqual(['default', 'default']));
    const logs = await send<{ metadata: { total_records: number } }>(`${platform.queryUrl}/api/read?event_name=open`);
    expect([logs.status, logs.body.metadata.total_records]).toEqual([200, 1]);
  });
});
