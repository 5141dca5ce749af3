import Rudder from '@rudderstack/rudder-sdk-node';
import { Analytics } from '@segment/analytics-node';
import { SEGMENT_MESSAGE_SCHEMA, segmentMessageSchema } from '@tributary/contracts';
import { gzipSync } from 'node:zlib';
import { Answer, metricsOf, postJson, send, settledCount, startPlatform, storedRows, TestPlatform, waitForCount } from '../../support/platform';

interface StoredRow {
  name: string;
  kind: string;
  channel_type: string;
  project: string;
  user_id: string;
  user_pseudo_id: string;
  event_id: string | null;
  client_timestamp: string | null;
  sent_at: string | null;
  page_path: string;
  page_url: string;
  properties: Record<string, unknown>;
}

interface ErrorBody {
  errors: Array<{ field: string; reason: string }>;
}

/** What Segment's Tracking API answers an accepted request. */
const ACCEPTED = expect.objectContaining({ status: 200, body: { success: true } });

/** The promise, or a failure saying what did not finish when the deadline passed. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const basic = (writeKey: string) => `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;

describe("Segment's protocol, from the real SDKs to ClickHouse", () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startPlatform();
  });

  afterAll(() => platform?.stop());

  /**
   * The stored rows a condition (constant SQL of the test's own) selects. Keys are off here, the
   * default: every event is project default whatever key it carries (auth.e2e-spec.ts runs keys).
   */
  async function rowsWhere(condition: string): Promise<StoredRow[]> {
    const rows = await storedRows<StoredRow & { properties: string }>(
      platform,
      `SELECT name, kind, channel_type, project, user_id, user_pseudo_id, event_id, client_timestamp, sent_at, page_path, page_url, properties
                FROM events FINAL WHERE ${condition} ORDER BY name`,
    );
    return rows.map((row) => ({ ...row, properties: JSON.parse(row.properties) }));
  }


  const post = (path: string, init: RequestInit): Promise<Answer<unknown>> => send(`${platform.gatewayUrl}${path}`, { method: 'POST', ...init });

  it('@segment/analytics-node (option `host`): track, identify and page, each counted once under its write key', async () => {
    const errors: unknown[] = [];
    const analytics = new Analytics({ writeKey: 'node-key', host: platform.gatewayUrl, flushInterval: 100, maxRetries: 0 });
    analytics.on('error', (error) => errors.push(error));
    analytics.track({ userId: 'node-user', event: 'node track', properties: { revenue: 14.99, items: [{ sku: 'A-1', quantity: 2 }] } });
    analytics.identify({ userId: 'node-user', traits: { email: 'node@example.com' } });
    analytics.page({ anonymousId: 'node-anon', name: 'node page', properties: { url: 'https://example.com/pricing?plan=pro', path: '/pricing' } });
    await analytics.closeAndFlush({ timeout: 15_000 });
    expect(errors).toEqual([]);

    expect(await settledCount(platform, 'node track', 1)).toBe(1);
    expect((await metricsOf(platform, { event_name: 'node page' })).total_count).toBe(1);
    const rows = await rowsWhere("user_id = 'node-user' OR user_pseudo_id = 'node-anon'");
    expect(rows.map(({ name, kind, channel_type, user_id, user_pseudo_id }) => [name, kind, channel_type, user_id, user_pseudo_id])).toEqual([
      ['identify', 'identify', 'server', 'node-user', ''],
      ['node page', 'page', 'server', '', 'node-anon'],
      ['node track', 'track', 'server', 'node-user', ''],
    ]);
    expect(rows[0].properties).toEqual({ email: 'node@example.com' });
    expect(rows[1]).toMatchObject({ page_url: 'https://example.com/pricing?plan=pro', page_path: '/pricing' });
    expect(rows[2].properties).toMatchObject({ revenue: 14.99 });
    expect(rows.every((row) => row.event_id?.startsWith('node-next-') && row.client_timestamp !== null && row.sent_at !== null)).toBe(true);
  });

  it('@rudderstack/rudder-sdk-node (option `dataPlaneUrl`), gzip under a form Content-Type: track, identify and page, each counted once', async () => {
    const rudder = new Rudder('rudder-key', { dataPlaneUrl: platform.gatewayUrl, flushAt: 20, flushInterval: 60_000, retryCount: 0, logLevel: 'error' });
    rudder.track({ userId: 'rudder-user', event: 'rudder track', properties: { plan: 'pro' } });
    rudder.identify({ userId: 'rudder-user', traits: { email: 'rudder@example.com' } });
    rudder.page({ anonymousId: 'rudder-anon', name: 'rudder page', properties: { url: 'https://example.com/docs' } });
    await within(15_000, "rudder-sdk-node's flush to be answered", rudder.flush());

    expect(await settledCount(platform, 'rudder track', 1)).toBe(1);
    expect((await metricsOf(platform, { event_name: 'rudder page' })).total_count).toBe(1);
    const rows = await rowsWhere("user_id = 'rudder-user' OR user_pseudo_id = 'rudder-anon'");
    expect(rows.map(({ name, kind, channel_type }) => [name, kind, channel_type])).toEqual([
      ['identify', 'identify', 'server'],
      ['rudder page', 'page', 'server'],
      ['rudder track', 'track', 'server'],
    ]);
    // RudderStack dates its messages with originalTimestamp and sends each its own sentAt.
    expect(rows.every((row) => row.client_timestamp !== null && row.sent_at !== null && row.event_id !== null)).toBe(true);
    expect(rows[1].page_url).toBe('https://example.com/docs');
  });

  it("counts an SDK's retry of the same messageIds once, and answers each copy as Segment does", async () => {
    const batch = {
      batch: [
        { type: 'track', event: 'retried track', userId: 'u1', messageId: 'retry-1', timestamp: '2024-01-15T10:30:00.000Z' },
        { type: 'track', event: 'retried track', userId: 'u2', messageId: 'retry-2', timestamp: '2024-01-15T10:30:01.000Z' },
      ],
      sentAt: '2024-01-15T10:30:02.000Z',
    };
    const init = { headers: { 'content-type': 'application/json', authorization: basic('retry-key') }, body: JSON.stringify(batch) };
    expect(await post('/v1/batch', init)).toEqual(ACCEPTED);
    expect(await post('/v1/batch', init)).toEqual(ACCEPTED);
    await waitForCount(platform, 'retried track', 2);
    // analytics-node builds the body anew for each attempt: a new sentAt, here gzip too.
    const again = await post('/v1/batch', { ...init, body: gzipSync(JSON.stringify({ ...batch, sentAt: '2024-01-15T10:30:09.000Z' })), headers: { ...init.headers, 'content-encoding': 'gzip', 'x-retry-count': '1' } });
    expect(again).toEqual(ACCEPTED);
    expect(await settledCount(platform, 'retried track', 2)).toBe(2);
  });

  it('takes the write key by Basic auth alone or in the body alone (under text/plain, as older analytics.js sends it); with keys off, into project default', async () => {
    const byHeader = await post('/v1/track', {
      headers: { 'content-type': 'application/json', authorization: basic('header-key') },
      body: JSON.stringify({ event: 'keyed track', userId: 'u1', messageId: 'keyed-1' }),
    });
    const byBody = await post('/v1/t', {
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ type: 'track', event: 'keyed track', anonymousId: 'a1', messageId: 'keyed-2', writeKey: 'body-key' }),
    });
    expect([byHeader, byBody]).toEqual([ACCEPTED, ACCEPTED]);
    expect(await settledCount(platform, 'keyed track', 2)).toBe(2);
    expect((await rowsWhere("event_id = 'keyed-1'")).map((row) => [row.name, row.project])).toEqual([['keyed track', 'default']]);
    expect((await rowsWhere("event_id = 'keyed-2'")).map((row) => [row.name, row.project])).toEqual([['keyed track', 'default']]);
  });

  it("takes the batches of Segment's other SDKs, whatever they put beside the messages (analytics-go's envelope)", async () => {
    const answer = await post('/v1/batch', {
      headers: { 'content-type': 'application/json', authorization: basic('go-key') },
      body: JSON.stringify({
        type: 'batch',
        messageId: 'batch-1',
        sentAt: '2024-01-15T10:30:02Z',
        batch: [{ type: 'track', event: 'go track', userId: 'u1', messageId: 'go-1', timestamp: '2024-01-15T10:30:00Z', context: { library: { name: 'analytics-go', version: '3.3.0' } } }],
        context: { library: { name: 'analytics-go', version: '3.3.0' } },
      }),
    });
    expect(answer).toEqual(ACCEPTED);
    expect(await settledCount(platform, 'go track', 1)).toBe(1);
    expect((await rowsWhere("event_id = 'go-1'")).map((row) => [row.event_id, row.channel_type])).toEqual([['go-1', 'server']]);
  });

  it('keeps the valid messages of a batch with an invalid one (the SDK would drop the whole batch on a 400)', async () => {
    const answer = await postJson(`${platform.gatewayUrl}/v1/b`, {
      writeKey: 'mixed-key',
      batch: [
        { type: 'track', event: 'mixed track', userId: 'u1', messageId: 'mixed-1' },
        { type: 'track', event: 'mixed track', messageId: 'mixed-2' },
        { type: 'track', event: 'mixed track', anonymousId: 'a3', messageId: 'mixed-3' },
      ],
    });
    expect(answer).toEqual(ACCEPTED);
    expect(await settledCount(platform, 'mixed track', 2)).toBe(2);
    expect((await rowsWhere("name = 'mixed track'")).map((row) => row.event_id).sort()).toEqual(['mixed-1', 'mixed-3']);
  });

  it('answers 400 naming the field to a body that is not a Segment body, or whose every message is invalid', async () => {
    const notSegment = await postJson<ErrorBody>(`${platform.gatewayUrl}/v1/batch`, { events: [{ name: 'page_view' }] });
    expect(notSegment.status).toBe(400);
    expect(notSegment.body.errors).toEqual([{ field: 'batch', reason: 'is required' }]);
    const noUser = await postJson<ErrorBody>(`${platform.gatewayUrl}/v1/identify`, { traits: { email: 'x@y.z' } });
    expect(noUser.status).toBe(400);
    expect(noUser.body.errors).toEqual([{ field: 'event', reason: 'must have a userId or an anonymousId (neither is empty)' }]);
  });

  it('documents each call with the very schema it validates against', async () => {
    type Operation = { requestBody: { content: Record<string, { schema: { properties?: Record<string, { items?: unknown }> } }> } };
    const document = await send<{ paths: Record<string, { post: Operation }> }>(`${platform.gatewayUrl}/swagger-json`);
    expect(document.body.paths['/v1/t'].post.requestBody.content['application/json'].schema).toEqual(segmentMessageSchema('track'));
    expect(document.body.paths['/v1/identify'].post.requestBody.content['text/plain'].schema).toEqual(segmentMessageSchema('identify'));
    expect(document.body.paths['/v1/batch'].post.requestBody.content['application/json'].schema.properties?.batch.items).toEqual(SEGMENT_MESSAGE_SCHEMA);
  });
});
